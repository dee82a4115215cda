package dev.kafkalink.source;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import dev.kafkalink.common.clients.KafkaClients;
import dev.kafkalink.common.clients.ListedOffsets;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a task's source partitions: committed records only, from positions the task sets. It never
 * resets a position silently: below the log start (retention) it goes on from the start, and the task
 * records the gap; a partition whose topic was replaced ({@link SourceTopicGuard}) or whose log was
 * truncated below what the mirror holds stops for good, because going back would write records twice.
 */
final class SourceReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SourceReader.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    /** Defaults a user may change with {@code source.*}. */
    private static final Map<String, Object> DEFAULTS = Map.of(
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20,
            ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20,
            ConsumerConfig.RECEIVE_BUFFER_CONFIG, 1 << 20);
    /** What exactness needs, whatever the user sets. */
    private static final Map<String, Object> FORCED = Map.of(
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Admin source;
    private final SourceTopicGuard topicGuard;
    private final Set<TopicPartition> stopped = new HashSet<>();

    SourceReader(Map<String, Object> sourceSettings, Admin source, SourceTopicGuard topicGuard,
                 Map<TopicPartition, Long> positions, String clientId) {
        this.source = source;
        this.topicGuard = topicGuard;
        this.consumer = KafkaClients.consumer(DEFAULTS, sourceSettings, FORCED, clientId + "-consumer");
        consumer.assign(positions.keySet());
        positions.forEach(consumer::seek);
    }

    /** The next records; none of a stopped partition, ever. */
    ConsumerRecords<byte[], byte[]> poll() throws ExecutionException, InterruptedException {
        ConsumerRecords<byte[], byte[]> polled;
        try {
            polled = consumer.poll(POLL_TIMEOUT);
        } catch (OffsetOutOfRangeException e) {
            handleOutOfRange(e.offsetOutOfRangePartitions());
            return ConsumerRecords.empty();
        }
        try {
            stopTopics(topicGuard.replacedTopics(System.currentTimeMillis()));
        } catch (ExecutionException | InterruptedException | RuntimeException e) {
            // The consumer has moved past these records: read them again next time, or they would be skipped.
            rewind(firstOffsets(polled));
            throw e;
        }
        return withoutStopped(polled);
    }

    /** The records of partitions that are not stopped. */
    ConsumerRecords<byte[], byte[]> withoutStopped(ConsumerRecords<byte[], byte[]> polled) {
        if (polled.isEmpty() || polled.partitions().stream().noneMatch(stopped::contains)) {
            return polled;
        }
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> kept = new HashMap<>();
        for (TopicPartition partition : polled.partitions()) {
            if (!stopped.contains(partition)) {
                kept.put(partition, polled.records(partition));
            }
        }
        return keptRecords(kept);
    }

    // The one-argument constructor is deprecated from 4.0 on, but its replacement is missing before 4.0,
    // and the plugin runs on the worker's Kafka clients (3.7 to 4.4).
    @SuppressWarnings({"deprecation", "removal"})
    private static ConsumerRecords<byte[], byte[]> keptRecords(Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> kept) {
        return new ConsumerRecords<>(kept);
    }

    private void handleOutOfRange(Map<TopicPartition, Long> positions) throws ExecutionException, InterruptedException {
        stopTopics(topicGuard.checkNow(System.currentTimeMillis()));
        Map<TopicPartition, Long> logStarts = ListedOffsets.of(source, positions.keySet(), p -> OffsetSpec.earliest());
        Set<TopicPartition> belowLogStart = new HashSet<>();
        positions.forEach((partition, position) -> {
            if (stopped.contains(partition)) {
                return;
            }
            if (position < logStarts.get(partition)) {
                belowLogStart.add(partition);
            } else {
                log.error("Source partition {} ends below offset {}, which the mirror already holds (truncated by an "
                        + "unclean leader election?): the partition stops here", partition, position);
                stop(partition);
            }
        });
        if (!belowLogStart.isEmpty()) {
            log.warn("Source partitions {} no longer hold the next record (retention): going on from their log start; "
                    + "the gap is recorded in the offset map", belowLogStart);
            consumer.seekToBeginning(belowLogStart);
        }
    }

    private void stopTopics(Set<String> replacedTopics) {
        for (TopicPartition partition : consumer.assignment()) {
            if (replacedTopics.contains(partition.topic())) {
                stop(partition);
            }
        }
    }

    /** Stops reading a partition for good: nothing of it is returned again by this reader. */
    void stop(TopicPartition partition) {
        if (stopped.add(partition)) {
            consumer.pause(List.of(partition));
        }
    }

    /** Reads a partition stopped with {@link #stop} again, from where it stopped. */
    void restart(TopicPartition partition) {
        if (stopped.remove(partition)) {
            consumer.resume(List.of(partition));
        }
    }

    /** The offset of the next record to read from a partition. */
    long position(TopicPartition partition) {
        return consumer.position(partition);
    }

    boolean isStopped(TopicPartition partition) {
        return stopped.contains(partition);
    }

    /** Holds a partition back (its records keep their place) until {@link #resumeAt}. */
    void hold(TopicPartition partition) {
        consumer.pause(List.of(partition));
    }

    void resumeAt(TopicPartition partition, long position) {
        consumer.seek(partition, position);
        if (!stopped.contains(partition)) {
            consumer.resume(List.of(partition));
        }
    }

    static Map<TopicPartition, Long> firstOffsets(ConsumerRecords<byte[], byte[]> polled) {
        Map<TopicPartition, Long> first = new HashMap<>();
        polled.partitions().forEach(partition -> first.put(partition, polled.records(partition).get(0).offset()));
        return first;
    }

    /** Reads this batch's partitions again from these offsets (they were not handed over). */
    void rewind(Map<TopicPartition, Long> positions) {
        positions.forEach(consumer::seek);
    }

    OptionalLong lag(TopicPartition partition) {
        return consumer.currentLag(partition);
    }

    /** Safe from another thread: makes a running poll return. */
    void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(KafkaClients.CLOSE_TIMEOUT);
    }
}
