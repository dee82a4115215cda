package dev.kafkalink.source.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds the first committed source record at or after a position, up to an end, in each of several
 * partitions: the oldest record a mirror does not hold yet, whose timestamp says how far behind the
 * mirror is in time. One fetch per lagging partition and check; partitions that are caught up are not read.
 */
final class OldestRecords {

    /** A partition where no committed record lies between the position and the end (transaction markers only). */
    static final long NONE = -1;
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private final KafkaConsumer<byte[], byte[]> consumer;

    /** {@code consumer} reads the source with isolation read_committed and no group. */
    OldestRecords(KafkaConsumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /**
     * The timestamp of the first record in [position, end) of each partition, {@link #NONE} where there is
     * none; a partition not answered within the deadline is left out.
     */
    Map<TopicPartition, Long> timestamps(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> found = new HashMap<>();
        if (positions.isEmpty()) {
            return found;
        }
        consumer.assign(positions.keySet());
        positions.forEach(consumer::seek);
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (found.size() < positions.size() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (!found.containsKey(partition) && record.offset() < ends.get(partition)) {
                    found.put(partition, record.timestamp());
                }
            }
            for (TopicPartition partition : positions.keySet()) {
                if (!found.containsKey(partition) && consumer.position(partition) >= ends.get(partition)) {
                    found.put(partition, NONE);
                }
            }
        }
        consumer.assign(java.util.List.of());
        return found;
    }
}
