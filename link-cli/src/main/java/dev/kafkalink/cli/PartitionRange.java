package dev.kafkalink.cli;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one partition between two offsets, read as they are needed. Offsets without a record
 * (transaction markers, aborted or compacted records) are passed over; when nothing more arrives for
 * ten seconds the range ends early, and the caller reports what is missing.
 */
final class PartitionRange {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final int MAX_EMPTY_POLLS = 20;

    private PartitionRange() {
    }

    /** Records of {@code partition} from {@code from} (inclusive) to {@code to} (exclusive); the consumer is reassigned. */
    static Iterator<ConsumerRecord<byte[], byte[]>> records(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition,
                                                           long from, long to) {
        consumer.assign(List.of(partition));
        consumer.seek(partition, from);
        return new Iterator<>() {
            private Iterator<ConsumerRecord<byte[], byte[]>> batch = List.<ConsumerRecord<byte[], byte[]>>of().iterator();
            private ConsumerRecord<byte[], byte[]> next;
            private int emptyPolls;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    if (emptyPolls > MAX_EMPTY_POLLS) {
                        return false;
                    }
                    if (batch.hasNext()) {
                        ConsumerRecord<byte[], byte[]> record = batch.next();
                        if (record.offset() >= to) {
                            return false;
                        }
                        next = record;
                    } else if (consumer.position(partition) >= to) {
                        return false;
                    } else {
                        batch = consumer.poll(POLL).records(partition).iterator();
                        emptyPolls = batch.hasNext() ? 0 : emptyPolls + 1;
                    }
                }
                return true;
            }

            @Override
            public ConsumerRecord<byte[], byte[]> next() {
                hasNext();
                ConsumerRecord<byte[], byte[]> record = next;
                next = null;
                return record;
            }
        };
    }
}
