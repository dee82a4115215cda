package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;

import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.RecordComparison;
import dev.kafkalink.testkit.TopicReader;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Waits for a mirror to catch up and compares it with its source, record by record. */
final class MirrorAssertions {

    private MirrorAssertions() {
    }

    /** Waits until the mirror holds as many records as the source. */
    static void awaitMirrored(LinkClusters clusters, String topic, String mirror) throws InterruptedException {
        Waits.waitFor(() -> TopicReader.count(TopicReader.readAll(clusters.destination().bootstrapServers(), mirror))
                        == TopicReader.count(TopicReader.readAll(clusters.source().bootstrapServers(), topic)),
                Duration.ofSeconds(120), () -> "Mirror " + mirror + " did not catch up with " + topic);
    }

    static void assertAligned(LinkClusters clusters, String topic, String mirror) {
        List<String> differences = RecordComparison.aligned(
                TopicReader.readAll(clusters.source().bootstrapServers(), topic),
                TopicReader.readAll(clusters.destination().bootstrapServers(), mirror));
        assertEquals(List.of(), differences, "differences between " + topic + " and its mirror " + mirror);
    }

    /**
     * Compares through the offset map that the link stored in its state topic: each source record
     * must be where the map says.
     */
    static void assertMappedExactly(LinkClusters clusters, String link, String topic, String mirror) {
        Map<Integer, TreeMap<Long, Long>> points = offsetMapPoints(clusters, link, mirror);
        List<String> differences = RecordComparison.compare(
                TopicReader.readAll(clusters.source().bootstrapServers(), topic),
                TopicReader.readAll(clusters.destination().bootstrapServers(), mirror),
                partition -> translation(points.getOrDefault(partition, new TreeMap<>())));
        assertEquals(List.of(), differences, "differences between " + topic + " and its mirror " + mirror);
    }

    /** Offset map points of a mirror: partition -> (source offset -> destination offset). */
    static Map<Integer, TreeMap<Long, Long>> offsetMapPoints(LinkClusters clusters, String link, String mirror) {
        Map<Integer, TreeMap<Long, Long>> points = new TreeMap<>();
        String prefix = "offset/" + mirror + "/";
        for (List<ConsumerRecord<byte[], byte[]>> records : TopicReader.readAll(clusters.destination().bootstrapServers(),
                "_kafka-link-" + link + "-state").values()) {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                String key = new String(record.key(), StandardCharsets.UTF_8);
                if (key.startsWith(prefix) && record.value() != null) {
                    String[] parts = key.substring(prefix.length()).split("/");
                    points.computeIfAbsent(Integer.parseInt(parts[0]), p -> new TreeMap<>())
                            .put(Long.parseLong(new String(record.value(), StandardCharsets.UTF_8)), Long.parseLong(parts[1]));
                }
            }
        }
        return points;
    }

    static LongUnaryOperator translation(TreeMap<Long, Long> points) {
        return sourceOffset -> {
            Map.Entry<Long, Long> floor = points.floorEntry(sourceOffset);
            return floor == null ? sourceOffset : floor.getValue() + (sourceOffset - floor.getKey());
        };
    }
}
