package dev.kafkalink.cli;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

import dev.kafkalink.common.clients.KafkaClients;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts the records a read_committed consumer gets between two offsets of a source partition. Offsets
 * also number transaction markers and aborted records, which a mirror never holds, so a small offset
 * difference is counted record by record before it is called lag.
 */
final class RecordCounter implements AutoCloseable {

    /** Larger differences are reported as they are: counting them would read too much. */
    static final long MAX_COUNTED = 10_000;

    private final KafkaConsumer<byte[], byte[]> consumer;

    RecordCounter(Map<String, Object> sourceSettings) {
        consumer = KafkaClients.consumer(Map.of(), sourceSettings,
                Map.of("isolation.level", "read_committed", "allow.auto.create.topics", false), "kafka-link-status-counter");
    }

    /** Records in [from, to), or {@code to - from} when that is more than {@link #MAX_COUNTED}. */
    long count(TopicPartition partition, long from, long to) {
        if (to - from > MAX_COUNTED || to <= from) {
            return Math.max(0, to - from);
        }
        Iterator<ConsumerRecord<byte[], byte[]>> range = PartitionRange.records(consumer, partition, from, to);
        long records = 0;
        while (range.hasNext()) {
            range.next();
            records++;
        }
        return records;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
