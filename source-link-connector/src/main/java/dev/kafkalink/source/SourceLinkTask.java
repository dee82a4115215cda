package dev.kafkalink.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

import dev.kafkalink.common.Version;
import dev.kafkalink.common.config.ClusterRole;
import dev.kafkalink.common.errors.Failures;
import dev.kafkalink.common.metrics.GaugeRegistries;
import dev.kafkalink.common.offsets.OffsetPoint;
import dev.kafkalink.common.schedule.Backoff;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies records of its partitions from the source to their mirrors, each to the same partition and,
 * where the source has no gaps, the same offset.
 *
 * <p>An empty mirror partition is first advanced to the offset of its next record
 * ({@link DestinationAligner}), so that it starts aligned even after a gap. Every record's
 * destination offset is predicted when it is polled; a record that does not follow
 * the run of the one before (a gap the producer cannot reproduce) gets an offset map point, stored
 * before the record is sent. The task writes with its own producer ({@link MirrorWriter}) and hands
 * Connect nothing: {@link #poll} always returns null, and Connect's producer and source offsets are
 * unused (the destination says where to resume). A record that landed elsewhere than predicted is
 * stored as a point where it really landed and stops its partition ({@link ForeignWriteGuard}).
 */
public class SourceLinkTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(SourceLinkTask.class);
    private static final long OPEN_BACKOFF_MAX_MS = 30_000;
    /**
     * The longest a check in {@link #poll} waits for a cluster. Connect stops a task only between two
     * polls, and starts the next instance of it after 5 s whether the old one stopped or not; a check
     * blocked for the clients' default minute keeps a stale instance alive beside the new one.
     */
    static final int CHECK_TIMEOUT_MS = 15_000;
    /** A poll waiting for the next attempt to open returns after this, so that a stop is never held up long. */
    private static final long OPEN_RETRY_POLL_MS = 500;
    /** How long a poll waits for records in flight to land before it returns without reading. */
    private static final long ROOM_WAIT_MS = 200;
    /**
     * A task that did not get through a poll for this long may have stood still while Connect moved its
     * partitions (Connect waits at least its 10 s session timeout): it checks its claims before writing.
     */
    private static final long STALL_MS = 5_000;

    private final ReentrantLock readerAccess = new ReentrantLock();
    private volatile boolean stopping;
    private final Backoff openBackoff = new Backoff(OPEN_BACKOFF_MAX_MS);
    private long nextOpenAttemptMs;
    private SourceLinkConfig config;
    private List<TopicPartition> partitions;
    private String clientId;
    private volatile CopiedPartitions copied;
    private MirrorMetrics metrics;
    private long lastPollEndMs;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        FaultReport.failIfReportTask(props);
        config = new SourceLinkConfig(props);
        partitions = PartitionAssigner.decode(props.get(SourceLinkConfig.TASK_PARTITIONS));
        clientId = "kafka-link-" + config.linkName() + "-" + Thread.currentThread().getName().replaceAll("[^a-zA-Z0-9._-]", "_");
        metrics = new MirrorMetrics(GaugeRegistries.forTask(context, props), config.linkName());
        log.info("Link {} task started with {} partitions; it finds where they resume when it first polls",
                config.linkName(), partitions.size());
    }

    /**
     * Opens the clients and finds where each partition resumes, from the destination. Runs in
     * {@link #poll} rather than {@link #start}, because Connect never retries a failed start: a task
     * started while a cluster does not answer (a rebalance during an outage) retries with backoff and
     * says why in its log, instead of failing for good. True once the task can copy.
     */
    private boolean open() throws InterruptedException {
        long now = System.currentTimeMillis();
        if (now < nextOpenAttemptMs) {
            Thread.sleep(Math.min(nextOpenAttemptMs - now, OPEN_RETRY_POLL_MS));
            return false;
        }
        try {
            copied = CopiedPartitions.open(config, partitions, clientId);
        } catch (ExecutionException | RuntimeException e) {
            if (Failures.isPermanent(e)) {
                throw new ConnectException("Link " + config.linkName() + " cannot copy partitions " + partitions + ": "
                        + Failures.describe(e), e);
            }
            metrics.recordFailedPoll();
            long waitMs = openBackoff.next();
            nextOpenAttemptMs = System.currentTimeMillis() + waitMs;
            log.warn("Link {}: cannot find yet where partitions {} resume ({}); trying again in {} ms",
                    config.linkName(), partitions, Failures.describe(e), waitMs);
            return false;
        }
        copied.progress.values().forEach(metrics::register);
        metrics.register(copied.writer);
        openBackoff.reset();
        log.info("Link {} task copies {} partitions", config.linkName(), partitions.size());
        return true;
    }

    @Override
    public List<SourceRecord> poll() {
        if (stopping) {
            return null;
        }
        readerAccess.lock();
        try {
            metrics.retryPending();
            if (stopping || copied == null && !open()) {
                return null;
            }
            handleMisplaced();
            failOnRefusedWrite();
            long now = System.currentTimeMillis();
            on(ClusterRole.DESTINATION, () -> {
                copied.releases.check(now);
                copied.foreignWrites.check(now);
                copied.pruner.check(now);
                return null;
            });
            if (!copied.writer.awaitRoom(ROOM_WAIT_MS)) {
                return null; // the destination is slow: read on once records in flight have landed
            }
            ConsumerRecords<byte[], byte[]> polled = on(ClusterRole.SOURCE, copied.reader::poll);
            metrics.recordRead(polled.count());
            updateLag();
            if (!polled.isEmpty() && System.currentTimeMillis() - lastPollEndMs > STALL_MS) {
                polled = withoutLostPartitions(polled);
            }
            if (!polled.isEmpty()) {
                write(polled);
            }
            lastPollEndMs = System.currentTimeMillis();
            return null;
        } catch (WakeupException e) {
            return null;
        } catch (org.apache.kafka.common.errors.RetriableException | RetriableException e) {
            metrics.recordFailedPoll();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            readerAccess.unlock();
        }
    }

    /** A call to one cluster in {@link #poll}. */
    @FunctionalInterface
    private interface ClusterCall<T> {
        T call() throws ExecutionException, InterruptedException;
    }

    /**
     * Runs a call to one cluster: a failure says which cluster. One that retrying cannot fix fails the
     * task; any other is retried by Connect with the next poll (and counted in {@code poll-errors-total}).
     */
    private <T> T on(ClusterRole role, ClusterCall<T> call) throws InterruptedException {
        try {
            return call.call();
        } catch (ExecutionException e) {
            throw failedOn(role, e.getCause());
        } catch (org.apache.kafka.common.errors.RetriableException | RetriableException e) {
            throw failedOn(role, e);
        }
    }

    private ConnectException failedOn(ClusterRole role, Throwable cause) {
        String cluster = "the " + role.name().toLowerCase(java.util.Locale.ROOT) + " cluster at "
                + config.clientSettings(role).get("bootstrap.servers");
        if (Failures.isPermanent(cause)) {
            return new ConnectException("Link " + config.linkName() + ": " + cluster + " refused a check of the mirrored "
                    + "partitions: " + Failures.describe(cause), cause);
        }
        return new RetriableException("Link " + config.linkName() + ": no answer in time from " + cluster
                + " to a check of the mirrored partitions; retrying (" + Failures.describe(cause) + ")", cause);
    }

    /**
     * Predicts where each record lands, stores the offset map points first, then sends the records. A
     * failure before the sends leaves nothing half done: the records are read again with the same
     * predictions. A send the producer refuses at once is taken back with the rest of its partition.
     */
    private void write(ConsumerRecords<byte[], byte[]> polled) {
        Map<PartitionProgress, PartitionProgress.Snapshot> snapshots = new HashMap<>();
        polled.partitions().forEach(partition -> snapshots.put(copied.progress.get(partition), copied.progress.get(partition).snapshot()));
        Map<TopicPartition, long[]> predictions;
        try {
            advanceEmptyMirrors(polled);
            predictions = predict(polled);
        } catch (RuntimeException | ExecutionException e) {
            // Nothing was sent: read these records again next time, with the same predictions.
            Map<TopicPartition, Long> firstOffsets = new HashMap<>();
            snapshots.forEach((partition, snapshot) -> {
                partition.restore(snapshot);
                firstOffsets.put(partition.source, polled.records(partition.source).get(0).offset());
            });
            copied.reader.rewind(firstOffsets);
            throw new RetriableException("Could not prepare the destination for " + polled.count()
                    + " records; they will be read again: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted", e);
        }
        send(polled, predictions);
    }

    /** After a stall, the partitions another instance claimed meanwhile are given up before anything is written. */
    private ConsumerRecords<byte[], byte[]> withoutLostPartitions(ConsumerRecords<byte[], byte[]> polled) {
        try {
            copied.claims.yieldLost(copied.progress.values(), copied.reader);
        } catch (RuntimeException e) {
            copied.reader.rewind(SourceReader.firstOffsets(polled));
            throw new RetriableException("Link " + config.linkName() + ": could not read the link's state after the task "
                    + "stood still for a while; the records are read again (" + Failures.describe(e) + ")", e);
        }
        return copied.reader.withoutStopped(polled);
    }

    /** A gap before the next record of an empty mirror partition is closed with fillers: it stays aligned. */
    private void advanceEmptyMirrors(ConsumerRecords<byte[], byte[]> polled) throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> targets = new HashMap<>();
        for (TopicPartition partition : polled.partitions()) {
            PartitionProgress partitionProgress = copied.progress.get(partition);
            long next = polled.records(partition).get(0).offset();
            if (partitionProgress.destinationEmpty() && next > partitionProgress.nextDestination()) {
                targets.put(partitionProgress.mirror, next);
            }
        }
        if (!targets.isEmpty()) {
            for (TopicPartition mirror : copied.aligner.align(targets)) {
                copied.byMirror.get(mirror).advancedTo(targets.get(mirror));
            }
        }
    }

    /** The destination offset of every polled record; the points of those off their run are stored before returning. */
    private Map<TopicPartition, long[]> predict(ConsumerRecords<byte[], byte[]> polled) {
        Map<TopicPartition, long[]> predictions = new HashMap<>();
        Map<PartitionProgress, List<OffsetPoint>> points = new HashMap<>();
        for (TopicPartition partition : polled.partitions()) {
            PartitionProgress partitionProgress = copied.progress.get(partition);
            List<ConsumerRecord<byte[], byte[]>> records = polled.records(partition);
            long[] expected = new long[records.size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = partitionProgress.nextDestination();
                OffsetPoint point = partitionProgress.take(records.get(i).offset());
                if (point != null) {
                    points.computeIfAbsent(partitionProgress, p -> new ArrayList<>()).add(point);
                }
            }
            predictions.put(partition, expected);
        }
        points.forEach((partition, partitionPoints) -> copied.store.putOffsetPoints(partition.mirror, partitionPoints));
        if (!points.isEmpty()) {
            log.debug("Stored offset map points {}", points);
        }
        return predictions;
    }

    private void send(ConsumerRecords<byte[], byte[]> polled, Map<TopicPartition, long[]> predictions) {
        RuntimeException refused = null;
        for (TopicPartition partition : polled.partitions()) {
            PartitionProgress partitionProgress = copied.progress.get(partition);
            List<ConsumerRecord<byte[], byte[]>> records = polled.records(partition);
            long[] expected = predictions.get(partition);
            partitionProgress.handedOver(records.size());
            for (int i = 0; i < records.size(); i++) {
                try {
                    copied.writer.send(partitionProgress, records.get(i), expected[i]);
                } catch (RuntimeException e) {
                    // This record and the rest of its partition are read again; their points are stored already.
                    partitionProgress.notSent(records.size() - i);
                    partitionProgress.rewindTo(expected[i], records.get(i).offset());
                    copied.reader.rewind(Map.of(partition, records.get(i).offset()));
                    refused = e;
                    break;
                }
            }
        }
        if (refused != null) {
            if (refused instanceof RecordTooLargeException) {
                throw new ConnectException("Link " + config.linkName() + ": a source record is larger than the link's "
                        + "producer may send; raise producer.override.max.request.size (and the mirror topic's "
                        + "max.message.bytes): " + Failures.describe(refused), refused);
            }
            throw new RetriableException("Link " + config.linkName() + ": the destination producer took no more records "
                    + "this time; the rest are read again (" + Failures.describe(refused) + ")", refused);
        }
    }

    private void updateLag() {
        for (PartitionProgress partition : copied.progress.values()) {
            copied.reader.lag(partition.source).ifPresent(partition::lag);
        }
    }

    /**
     * Stores where misplaced records really landed (the offset map stays exact for what the mirror
     * holds) and stops their partitions: something else writes to the mirror.
     */
    private void handleMisplaced() {
        List<MirrorWriter.Misplaced> found = copied.writer.takeMisplaced();
        Map<PartitionProgress, List<OffsetPoint>> points = new HashMap<>();
        for (MirrorWriter.Misplaced record : found) {
            record.partition().deviation();
            points.computeIfAbsent(record.partition(), p -> new ArrayList<>())
                    .add(new OffsetPoint(record.sourceOffset(), record.actual()));
        }
        points.forEach((partition, partitionPoints) -> copied.store.putOffsetPoints(partition.mirror, partitionPoints));
        found.forEach(record -> copied.foreignWrites.recordMisplaced(record.partition(), record.sourceOffset(),
                record.expected(), record.actual()));
    }

    /**
     * The link's producer retries what can pass (an outage, a leader moving) for as long as it takes; a
     * record the destination refuses fails the task with the reason, as a refused record of Connect's
     * producer would. Restarted, the task resumes from what the destination holds.
     */
    private void failOnRefusedWrite() {
        MirrorWriter.Refused refused = copied.writer.refused();
        if (refused != null) {
            throw new ConnectException("Link " + config.linkName() + ": the destination cluster at "
                    + config.clientSettings(ClusterRole.DESTINATION).get("bootstrap.servers") + " refused the record from "
                    + "source offset " + refused.sourceOffset() + " of " + refused.partition().source + " (mirror partition "
                    + refused.partition().mirror + "): " + Failures.describe(refused.error()) + ". Restart the task once "
                    + "the cause is fixed; it resumes from what the mirror holds", refused.error());
        }
    }

    @Override
    public void stop() {
        long started = System.currentTimeMillis();
        stopping = true;
        CopiedPartitions current = copied;
        if (current != null) {
            current.reader.wakeup();
        }
        readerAccess.lock();
        try {
            Utils.closeQuietly(metrics, "mirror metrics");
            Utils.closeQuietly(copied, "the task's clients");
            copied = null;
        } finally {
            readerAccess.unlock();
        }
        log.info("Link {} task stopped in {} ms", config == null ? "?" : config.linkName(), System.currentTimeMillis() - started);
    }
}
