package dev.kafkalink.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.kafkalink.common.clients.KafkaClients;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether records that landed in a mirror partition before the link's record are the link's own,
 * written twice: a producer that retried a request that had in fact been written (a broker restart with a
 * producer that is not idempotent), or a stalled instance of the task still writing. The records the
 * link predicted at {@code [expected, actual)} then hold, byte for byte (key, value, headers, timestamp),
 * the source records from the misplaced one on, in order.
 *
 * <p>Reads at most {@link #MAX_COMPARED} records of each side with short-lived consumers, and gives up
 * (answers "unknown") after {@link #TIMEOUT}: it runs in a task's poll.
 */
final class OwnDuplicates {

    static final int MAX_COMPARED = 5;
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** What the comparison found. */
    enum Verdict {
        /** The records before the misplaced one are copies of the source records the link copied there. */
        OWN_DUPLICATES,
        /** At least one of them differs from the source: someone else wrote it. */
        FOREIGN,
        /** The records could not be read in time. */
        UNKNOWN
    }

    private static final Logger log = LoggerFactory.getLogger(OwnDuplicates.class);

    private final Map<String, Object> sourceSettings;
    private final Map<String, Object> destinationSettings;
    private final String clientId;

    OwnDuplicates(Map<String, Object> sourceSettings, Map<String, Object> destinationSettings, String clientId) {
        this.sourceSettings = sourceSettings;
        this.destinationSettings = destinationSettings;
        this.clientId = clientId;
    }

    /**
     * Compares the mirror's records from {@code expected} (up to {@code actual}, at most
     * {@link #MAX_COMPARED}) with the source's records from {@code sourceOffset} on.
     */
    Verdict check(TopicPartition source, long sourceOffset, TopicPartition mirror, long expected, long actual) {
        int count = (int) Math.min(MAX_COMPARED, actual - expected);
        if (count <= 0) {
            return Verdict.UNKNOWN;
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            List<ConsumerRecord<byte[], byte[]>> mirrored = read(destinationSettings, "read_uncommitted", mirror, expected,
                    count, deadline, clientId + "-duplicate-check-mirror");
            List<ConsumerRecord<byte[], byte[]>> original = read(sourceSettings, "read_committed", source, sourceOffset,
                    count, deadline, clientId + "-duplicate-check-source");
            if (mirrored.size() < count || original.size() < count) {
                return Verdict.UNKNOWN;
            }
            for (int i = 0; i < count; i++) {
                if (!sameBytes(mirrored.get(i), original.get(i))) {
                    return Verdict.FOREIGN;
                }
            }
            return Verdict.OWN_DUPLICATES;
        } catch (RuntimeException e) {
            log.warn("Could not compare the records before a misplaced record in {} with the source: {}", mirror, e.toString());
            return Verdict.UNKNOWN;
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(Map<String, Object> settings, String isolation,
                                                             TopicPartition partition, long from, int count, long deadlineNanos,
                                                             String clientId) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(count);
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(Map.of(), settings,
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, count,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), clientId)) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, from);
            while (records.size() < count && System.nanoTime() < deadlineNanos) {
                long leftMs = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(Math.min(leftMs, 500)))) {
                    if (records.size() < count) {
                        records.add(record);
                    }
                }
            }
        }
        return records;
    }

    /** Key, value, headers (order, duplicates, null values) and timestamp: what the link copies. */
    static boolean sameBytes(ConsumerRecord<byte[], byte[]> a, ConsumerRecord<byte[], byte[]> b) {
        if (a.timestamp() != b.timestamp() || !Arrays.equals(a.key(), b.key()) || !Arrays.equals(a.value(), b.value())) {
            return false;
        }
        Header[] left = a.headers().toArray();
        Header[] right = b.headers().toArray();
        if (left.length != right.length) {
            return false;
        }
        for (int i = 0; i < left.length; i++) {
            if (!Objects.equals(left[i].key(), right[i].key()) || !Arrays.equals(left[i].value(), right[i].value())) {
                return false;
            }
        }
        return true;
    }
}
