package dev.kafkalink.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.kafkalink.common.clients.KafkaClients;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Reads the committed records of a partition's offset range, for the restore's comparisons and copies,
 * and says whether two records are the same record (key, value, headers in order, timestamp).
 */
final class PartitionRecords implements AutoCloseable {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaConsumer<byte[], byte[]> consumer;

    PartitionRecords(Map<String, Object> clusterSettings, String clientId) {
        this.consumer = KafkaClients.consumer(Map.of(), clusterSettings,
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), clientId);
    }

    /** Committed records with offsets in [from, to), in order; an empty list when from >= to. */
    List<ConsumerRecord<byte[], byte[]>> read(TopicPartition partition, long from, long to) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        if (from >= to) {
            return records;
        }
        consumer.assign(List.of(partition));
        consumer.seek(partition, from);
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (consumer.position(partition, READ_TIMEOUT) < to) {
            if (System.nanoTime() > deadline) {
                throw new RetriableException("Could not read " + partition + " from " + from + " to " + to + " in time");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < to) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    /** The same record: key, value (null stays null), headers (order, repeats, null values) and timestamp. */
    static boolean same(ConsumerRecord<byte[], byte[]> first, ConsumerRecord<byte[], byte[]> second) {
        if (first.timestamp() != second.timestamp() || !Arrays.equals(first.key(), second.key())
                || !Arrays.equals(first.value(), second.value())) {
            return false;
        }
        Header[] firstHeaders = first.headers().toArray();
        Header[] secondHeaders = second.headers().toArray();
        if (firstHeaders.length != secondHeaders.length) {
            return false;
        }
        for (int h = 0; h < firstHeaders.length; h++) {
            if (!firstHeaders[h].key().equals(secondHeaders[h].key())
                    || !Arrays.equals(firstHeaders[h].value(), secondHeaders[h].value())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close(KafkaClients.CLOSE_TIMEOUT);
    }
}
