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
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/** Waits for a mirror to catch up and compares it with its source, record by record. */
final class MirrorAssertions {

    private MirrorAssertions() {
    }

    /** Waits until the mirror holds as many records as the source. */
    static void awaitMirrored(LinkClusters clusters, String topic, String mirror) throws InterruptedException {
        awaitMirrored(clusters.source(), topic, clusters.destination(), mirror);
    }

    static void awaitMirrored(EmbeddedKafkaCluster from, String topic, EmbeddedKafkaCluster to, String mirror)
            throws InterruptedException {
        Waits.waitFor(() -> TopicReader.count(TopicReader.readAll(to.bootstrapServers(), mirror))
                        == TopicReader.count(TopicReader.readAll(from.bootstrapServers(), topic)),
                Duration.ofSeconds(180), () -> "Mirror " + mirror + " did not catch up with " + topic);
    }

    /**
     * After a fault: the source holds each of the {@code sent} numbered records of a
     * {@link ContinuousProducer} once (nothing lost or doubled before the link), and the mirror holds
     * the source record by record at the same offsets. Returns the number of records compared.
     */
    static long assertEverySentRecordMirroredOnceAligned(LinkClusters clusters, String topic, String mirror, long sent) {
        return assertEverySentRecordMirroredOnceAligned(clusters.source(), topic, clusters.destination(), mirror, sent);
    }

    /** As above, for a link between any two clusters (a link from the Connect cluster's own Kafka, for example). */
    static long assertEverySentRecordMirroredOnceAligned(EmbeddedKafkaCluster from, String topic, EmbeddedKafkaCluster to,
                                                         String mirror, long sent) {
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> source = TopicReader.readAll(from.bootstrapServers(), topic);
        java.util.BitSet seen = new java.util.BitSet();
        List<String> problems = new java.util.ArrayList<>();
        source.values().forEach(records -> records.forEach(record -> {
            int number = Integer.parseInt(new String(record.value(), StandardCharsets.UTF_8).substring(1));
            if (seen.get(number)) {
                problems.add("v" + number + " twice on the source");
            }
            seen.set(number);
        }));
        if (seen.cardinality() != sent || seen.length() != sent) {
            problems.add("the source holds " + seen.cardinality() + " distinct records up to v" + (seen.length() - 1)
                    + ", the producer sent " + sent);
        }
        assertEquals(List.of(), problems, "the source topic " + topic + " is not what the producer sent");
        List<String> differences = RecordComparison.aligned(source, TopicReader.readAll(to.bootstrapServers(), mirror));
        assertEquals(List.of(), differences, "differences between " + topic + " and its mirror " + mirror);
        return TopicReader.count(source);
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
        return OffsetMapRecords.points(clusters, link, mirror);
    }

    static LongUnaryOperator translation(TreeMap<Long, Long> points) {
        return sourceOffset -> {
            Map.Entry<Long, Long> floor = points.floorEntry(sourceOffset);
            return floor == null ? sourceOffset : floor.getValue() + (sourceOffset - floor.getKey());
        };
    }
}
