package dev.kafkalink.it;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.TopicReader;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The offset map of a mirror topic as its state records say, read independently of the plugin's code
 * (which the tests do not see): {@code map/<mirror>/<partition>/<first destination offset>} chunks in
 * the format {@code OffsetChunk} documents, the latest value of each key.
 */
final class OffsetMapRecords {

    private OffsetMapRecords() {
    }

    /** Partition -> (source offset -> destination offset), every point of every live chunk. */
    static Map<Integer, TreeMap<Long, Long>> points(LinkClusters clusters, String link, String mirror) {
        String prefix = "map/" + mirror + "/";
        Map<Integer, TreeMap<Long, Long>> points = new TreeMap<>();
        liveChunks(clusters, link, mirror).forEach((key, value) -> {
            int partition = Integer.parseInt(key.substring(prefix.length()).split("/")[0]);
            decode(value, points.computeIfAbsent(partition, p -> new TreeMap<>()));
        });
        return points;
    }

    /** How many live points of a mirror topic are stored one per record ({@code offset/<mirror>/<p>/<d>}), as before 0.2. */
    static long legacyPointCount(LinkClusters clusters, String link, String mirror) {
        return live(clusters, link, "offset/" + mirror + "/").size();
    }

    /** Replaces a mirror topic's chunks by one record per point, as versions before 0.2 stored the map. */
    static void rewriteAsOnePointPerRecord(LinkClusters clusters, String link, String mirror) throws Exception {
        Map<Integer, TreeMap<Long, Long>> points = points(clusters, link, mirror);
        try (KafkaProducer<byte[], byte[]> producer = clusters.destination().createProducer(Map.of())) {
            for (Map.Entry<Integer, TreeMap<Long, Long>> partition : points.entrySet()) {
                for (Map.Entry<Long, Long> point : partition.getValue().entrySet()) {
                    producer.send(new ProducerRecord<>(stateTopic(link), 0, bytes("offset/" + mirror + "/" + partition.getKey()
                            + "/" + point.getValue()), bytes(Long.toString(point.getKey()))));
                }
            }
            for (String key : liveChunks(clusters, link, mirror).keySet()) {
                producer.send(new ProducerRecord<>(stateTopic(link), 0, bytes(key), null));
            }
            producer.flush();
        }
    }

    private static String stateTopic(String link) {
        return "_kafka-link-" + link + "-state";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The latest value of every chunk key of a mirror topic that is not deleted. */
    private static Map<String, byte[]> liveChunks(LinkClusters clusters, String link, String mirror) {
        return live(clusters, link, "map/" + mirror + "/");
    }

    /** The latest value of every state key with a prefix that is not deleted. */
    private static Map<String, byte[]> live(LinkClusters clusters, String link, String prefix) {
        Map<String, byte[]> latest = new TreeMap<>();
        for (List<ConsumerRecord<byte[], byte[]>> records : TopicReader.readAll(clusters.destination().bootstrapServers(),
                stateTopic(link)).values()) {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                String key = new String(record.key(), StandardCharsets.UTF_8);
                if (key.startsWith(prefix)) {
                    latest.put(key, record.value());
                }
            }
        }
        latest.values().removeIf(value -> value == null);
        return latest;
    }

    /** How many live chunk records the state topic holds for a mirror topic. */
    static long chunkCount(LinkClusters clusters, String link, String mirror) {
        return liveChunks(clusters, link, mirror).size();
    }

    /** Bytes of the live chunk records' values for a mirror topic. */
    static long chunkBytes(LinkClusters clusters, String link, String mirror) {
        return liveChunks(clusters, link, mirror).values().stream().mapToLong(value -> value.length).sum();
    }

    private static void decode(byte[] chunk, TreeMap<Long, Long> into) {
        if (chunk[0] != 1) {
            throw new AssertionError("unknown offset map chunk format " + chunk[0]);
        }
        int[] at = {1};
        long source = varlong(chunk, at);
        long destination = varlong(chunk, at);
        into.put(source, destination);
        while (at[0] < chunk.length) {
            long head = varlong(chunk, at);
            long destinationStep = varlong(chunk, at) + 1;
            long repeat = (head & 1) == 1 ? varlong(chunk, at) + 2 : 1;
            long zigzag = head >>> 1;
            long sourceStep = destinationStep + ((zigzag >>> 1) ^ -(zigzag & 1));
            for (long k = 0; k < repeat; k++) {
                source += sourceStep;
                destination += destinationStep;
                into.put(source, destination);
            }
        }
    }

    private static long varlong(byte[] bytes, int[] at) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = bytes[at[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }
}
