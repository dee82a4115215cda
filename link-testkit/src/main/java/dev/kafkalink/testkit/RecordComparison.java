package dev.kafkalink.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Compares a source topic with its mirror record by record: partition, offset, key, value (null
 * stays null), headers (order, repeats, null values) and timestamp.
 */
public final class RecordComparison {

    private RecordComparison() {
    }

    /** Differences when the mirror must hold every source record at the same offset. */
    public static List<String> aligned(Map<Integer, List<ConsumerRecord<byte[], byte[]>>> source,
                                       Map<Integer, List<ConsumerRecord<byte[], byte[]>>> mirror) {
        return compare(source, mirror, partition -> offset -> offset);
    }

    /**
     * Differences when the mirror may hold records at other offsets: {@code destinationOffset} says
     * where each source offset of a partition must be.
     */
    public static List<String> compare(Map<Integer, List<ConsumerRecord<byte[], byte[]>>> source,
                                       Map<Integer, List<ConsumerRecord<byte[], byte[]>>> mirror,
                                       java.util.function.IntFunction<LongUnaryOperator> destinationOffset) {
        List<String> differences = new ArrayList<>();
        if (!source.keySet().equals(mirror.keySet())) {
            differences.add("partitions differ: source " + source.keySet() + ", mirror " + mirror.keySet());
            return differences;
        }
        for (Map.Entry<Integer, List<ConsumerRecord<byte[], byte[]>>> entry : source.entrySet()) {
            List<ConsumerRecord<byte[], byte[]>> expected = entry.getValue();
            List<ConsumerRecord<byte[], byte[]>> actual = mirror.get(entry.getKey());
            if (expected.size() != actual.size()) {
                differences.add("partition " + entry.getKey() + ": source has " + expected.size() + " records, mirror "
                        + actual.size());
            }
            LongUnaryOperator offsets = destinationOffset.apply(entry.getKey());
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                String difference = difference(expected.get(i), actual.get(i), offsets.applyAsLong(expected.get(i).offset()));
                if (difference != null) {
                    differences.add("partition " + entry.getKey() + " record #" + i + ": " + difference);
                }
            }
        }
        return differences;
    }

    private static String difference(ConsumerRecord<byte[], byte[]> source, ConsumerRecord<byte[], byte[]> mirror,
                                     long expectedOffset) {
        if (mirror.offset() != expectedOffset) {
            return "source offset " + source.offset() + " should be at " + expectedOffset + ", found at " + mirror.offset();
        }
        if (!Arrays.equals(source.key(), mirror.key())) {
            return "key differs at offset " + source.offset();
        }
        if (!Arrays.equals(source.value(), mirror.value())) {
            return "value differs at offset " + source.offset();
        }
        if (source.timestamp() != mirror.timestamp()) {
            return "timestamp " + source.timestamp() + " became " + mirror.timestamp() + " at offset " + source.offset();
        }
        Header[] sourceHeaders = source.headers().toArray();
        Header[] mirrorHeaders = mirror.headers().toArray();
        if (sourceHeaders.length != mirrorHeaders.length) {
            return sourceHeaders.length + " headers became " + mirrorHeaders.length + " at offset " + source.offset();
        }
        for (int h = 0; h < sourceHeaders.length; h++) {
            if (!sourceHeaders[h].key().equals(mirrorHeaders[h].key())
                    || !Arrays.equals(sourceHeaders[h].value(), mirrorHeaders[h].value())) {
                return "header #" + h + " differs at offset " + source.offset();
            }
        }
        return null;
    }
}
