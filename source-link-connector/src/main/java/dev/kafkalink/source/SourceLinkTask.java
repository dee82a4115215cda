package dev.kafkalink.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
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
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
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
 * before the record is handed to Connect. {@link #commitRecord} compares where each record landed
 * with the prediction; a deviation is stored as a point, counted and logged, and the partition's
 * predictions restart from what really landed once nothing of it is in flight.
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

    private final ReentrantLock readerAccess = new ReentrantLock();
    private final Queue<Deviation> deviations = new ConcurrentLinkedQueue<>();
    private volatile boolean stopping;
    private final Backoff openBackoff = new Backoff(OPEN_BACKOFF_MAX_MS);
    private long nextOpenAttemptMs;
    private SourceLinkConfig config;
    private List<TopicPartition> partitions;
    private String clientId;
    private volatile CopiedPartitions copied;
    private MirrorMetrics metrics;

    private record Deviation(PartitionProgress partition, long sourceOffset, long expected, long actual) {
    }

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
            handleDeviations();
            long now = System.currentTimeMillis();
            on(ClusterRole.DESTINATION, () -> {
                copied.releases.check(now);
                copied.foreignWrites.check(now);
                copied.pruner.check(now);
                return null;
            });
            ConsumerRecords<byte[], byte[]> polled = on(ClusterRole.SOURCE, copied.reader::poll);
            updateLag();
            return polled.isEmpty() ? null : toMirrorRecords(polled);
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

    private List<SourceRecord> toMirrorRecords(ConsumerRecords<byte[], byte[]> polled) {
        Map<PartitionProgress, PartitionProgress.Snapshot> snapshots = new HashMap<>();
        polled.partitions().forEach(partition -> snapshots.put(copied.progress.get(partition), copied.progress.get(partition).snapshot()));
        try {
            advanceEmptyMirrors(polled);
            return handOver(polled);
        } catch (RuntimeException | ExecutionException e) {
            // Nothing was handed over: read these records again next time, with the same predictions.
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

    private List<SourceRecord> handOver(ConsumerRecords<byte[], byte[]> polled) {
        List<SourceRecord> records = new ArrayList<>(polled.count());
        Map<PartitionProgress, List<OffsetPoint>> points = new HashMap<>();
        for (TopicPartition partition : polled.partitions()) {
            PartitionProgress partitionProgress = copied.progress.get(partition);
            for (ConsumerRecord<byte[], byte[]> record : polled.records(partition)) {
                long expected = partitionProgress.nextDestination();
                OffsetPoint point = partitionProgress.take(record.offset());
                if (point != null) {
                    points.computeIfAbsent(partitionProgress, p -> new ArrayList<>()).add(point);
                }
                records.add(MirrorRecords.toMirror(record, partitionProgress, expected));
            }
        }
        points.forEach((partition, partitionPoints) -> copied.store.putOffsetPoints(partition.mirror, partitionPoints));
        if (!points.isEmpty()) {
            log.debug("Stored offset map points {}", points);
        }
        polled.partitions().forEach(partition -> copied.progress.get(partition).handedOver(polled.records(partition).size()));
        return records;
    }

    private void updateLag() {
        for (PartitionProgress partition : copied.progress.values()) {
            copied.reader.lag(partition.source).ifPresent(partition::lag);
        }
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        if (!(record instanceof MirrorRecords.MirrorRecord mirrored)) {
            return;
        }
        PartitionProgress partition = mirrored.partition;
        if (metadata == null) {
            partition.dropped();
            return;
        }
        partition.committed(System.currentTimeMillis(), record.timestamp() == null ? -1 : record.timestamp());
        if (metadata.offset() != mirrored.expectedDestinationOffset) {
            deviations.add(new Deviation(partition, mirrored.sourceOffset, mirrored.expectedDestinationOffset,
                    metadata.offset()));
        }
    }

    /**
     * Stores where misplaced records really landed (the offset map stays exact for what the mirror
     * holds) and stops their partitions: something else writes to the mirror.
     */
    private void handleDeviations() {
        Map<PartitionProgress, List<OffsetPoint>> points = new HashMap<>();
        List<Deviation> found = new ArrayList<>();
        for (Deviation deviation; (deviation = deviations.poll()) != null; ) {
            deviation.partition().deviation();
            points.computeIfAbsent(deviation.partition(), p -> new ArrayList<>())
                    .add(new OffsetPoint(deviation.sourceOffset(), deviation.actual()));
            found.add(deviation);
        }
        points.forEach((partition, partitionPoints) -> copied.store.putOffsetPoints(partition.mirror, partitionPoints));
        found.forEach(deviation -> copied.foreignWrites.recordMisplaced(deviation.partition(), deviation.sourceOffset(),
                deviation.expected(), deviation.actual()));
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
