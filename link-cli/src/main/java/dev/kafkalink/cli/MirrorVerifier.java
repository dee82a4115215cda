package dev.kafkalink.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kafkalink.common.clients.KafkaClients;
import dev.kafkalink.common.offsets.PartitionOffsetMap;
import dev.kafkalink.common.state.LinkStateStore;
import dev.kafkalink.common.state.MirrorTopicState;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * {@code kafka-link verify TOPIC}: reads a source partition and its mirror side by side and compares
 * each record (offset through the offset map, key, value, headers, timestamp) until the first
 * difference. Compares the source range {@code [from, to)}, by default everything the mirror holds.
 */
final class MirrorVerifier {


    /** What a comparison found: how many records matched, and the first difference if any. */
    record Result(long compared, Optional<String> difference) {
    }

    private final Map<String, Object> sourceSettings;
    private final Map<String, Object> destinationSettings;
    private final LinkStateStore store;

    MirrorVerifier(Map<String, Object> sourceSettings, Map<String, Object> destinationSettings, LinkStateStore store) {
        this.sourceSettings = sourceSettings;
        this.destinationSettings = destinationSettings;
        this.store = store;
    }

    Result verify(String mirror, Long from, Long to) {
        MirrorTopicState state = store.mirrorState(mirror).orElseThrow(() ->
                new CliException("The link has no mirror topic " + mirror));
        long compared = 0;
        try (KafkaConsumer<byte[], byte[]> source = consumer(sourceSettings, "source");
             KafkaConsumer<byte[], byte[]> destination = consumer(destinationSettings, "destination")) {
            for (int p = 0; p < state.partitions(); p++) {
                TopicPartition sourcePartition = new TopicPartition(state.sourceTopic(), p);
                TopicPartition mirrorPartition = new TopicPartition(mirror, p);
                PartitionOffsetMap map = store.offsetMap(mirrorPartition);
                long destinationEnd = destination.endOffsets(List.of(mirrorPartition)).get(mirrorPartition);
                long start = Math.max(from == null ? 0 : from, source.beginningOffsets(List.of(sourcePartition)).get(sourcePartition));
                long end = Math.min(to == null ? Long.MAX_VALUE : to, destinationEnd == 0 ? 0 : map.sourcePositionAfter(destinationEnd));
                long stableEnd = source.endOffsets(List.of(sourcePartition)).get(sourcePartition);
                end = Math.min(end, stableEnd);
                if (start >= end) {
                    continue;
                }
                Iterator<ConsumerRecord<byte[], byte[]>> mirrored = PartitionRange.records(destination, mirrorPartition,
                        map.destinationOffset(start), destinationEnd);
                Iterator<ConsumerRecord<byte[], byte[]>> original = PartitionRange.records(source, sourcePartition, start, end);
                while (original.hasNext()) {
                    ConsumerRecord<byte[], byte[]> expected = original.next();
                    long expectedOffset = map.destinationOffset(expected.offset());
                    ConsumerRecord<byte[], byte[]> actual = mirrored.hasNext() ? mirrored.next() : null;
                    String difference = difference(expected, expectedOffset, actual);
                    if (difference != null) {
                        return new Result(compared, Optional.of(mirrorPartition + ": " + difference));
                    }
                    compared++;
                }
            }
        }
        return new Result(compared, Optional.empty());
    }

    private static String difference(ConsumerRecord<byte[], byte[]> expected, long expectedOffset, ConsumerRecord<byte[], byte[]> actual) {
        String where = "source offset " + expected.offset() + " -> destination offset " + expectedOffset + ": ";
        if (actual == null) {
            return where + "missing on the destination";
        }
        if (actual.offset() != expectedOffset) {
            return where + "the destination's next record is at offset " + actual.offset();
        }
        if (!Arrays.equals(expected.key(), actual.key())) {
            return where + "keys differ";
        }
        if (!Arrays.equals(expected.value(), actual.value())) {
            return where + "values differ";
        }
        if (expected.timestamp() != actual.timestamp()) {
            return where + "timestamps differ (" + expected.timestamp() + ", " + actual.timestamp() + ")";
        }
        Header[] expectedHeaders = expected.headers().toArray();
        Header[] actualHeaders = actual.headers().toArray();
        if (expectedHeaders.length != actualHeaders.length) {
            return where + "header counts differ (" + expectedHeaders.length + ", " + actualHeaders.length + ")";
        }
        for (int i = 0; i < expectedHeaders.length; i++) {
            if (!expectedHeaders[i].key().equals(actualHeaders[i].key())
                    || !Arrays.equals(expectedHeaders[i].value(), actualHeaders[i].value())) {
                return where + "header " + i + " (" + expectedHeaders[i].key() + ") differs";
            }
        }
        return null;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> settings, String cluster) {
        return KafkaClients.consumer(Map.of(), settings, Map.of("isolation.level", "read_committed",
                "allow.auto.create.topics", false), "kafka-link-verify-" + cluster);
    }
}
