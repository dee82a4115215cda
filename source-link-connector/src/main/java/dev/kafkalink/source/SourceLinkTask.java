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
import dev.kafkalink.common.clients.KafkaClients;
import dev.kafkalink.common.config.ClusterRole;
import dev.kafkalink.common.errors.Failures;
import dev.kafkalink.common.metrics.PluginMetricsAccess;
import dev.kafkalink.common.offsets.OffsetPoint;
import dev.kafkalink.common.schedule.Backoff;
import dev.kafkalink.common.state.LinkStateStore;

import org.apache.kafka.clients.admin.Admin;
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
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final Map<TopicPartition, PartitionProgress> progressByMirror = new HashMap<>();
    private volatile boolean stopping;
    private final Backoff openBackoff = new Backoff(OPEN_BACKOFF_MAX_MS);
    private long nextOpenAttemptMs;
    private SourceLinkConfig config;
    private List<TopicPartition> partitions;
    private String clientId;
    private SourceReader reader;
    private LinkStateStore store;
    private Admin sourceAdmin;
    private Admin destinationAdmin;
    private DestinationAligner aligner;
    private MirrorMetrics metrics;
    private MirrorReleases releases;
    private ForeignWriteGuard foreignWrites;

    private record Deviation(PartitionProgress partition, long sourceOffset, long expected, long actual) {
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new SourceLinkConfig(props);
        partitions = PartitionAssigner.decode(props.get(SourceLinkConfig.TASK_PARTITIONS));
        clientId = "kafka-link-" + config.linkName() + "-" + Thread.currentThread().getName().replaceAll("[^a-zA-Z0-9._-]", "_");
        metrics = new MirrorMetrics(PluginMetricsAccess.orNull(context::pluginMetrics), config.linkName());
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
        Map<String, Object> destinationSettings = config.clientSettings(ClusterRole.DESTINATION);
        Map<TopicPartition, TopicPartition> mirrors = new HashMap<>();
        partitions.forEach(p -> mirrors.put(p, new TopicPartition(config.mirrorTopicName(p.topic()), p.partition())));
        try {
            sourceAdmin = KafkaClients.admin(config.clientSettings(ClusterRole.SOURCE), clientId + "-source-admin");
            destinationAdmin = KafkaClients.admin(destinationSettings, clientId + "-destination-admin");
            store = LinkStateStore.open(destinationSettings, config.stateTopic(), config.stateTopicReplicationFactor(), clientId);
            aligner = new DestinationAligner(destinationSettings, destinationAdmin, store, clientId);
            Map<TopicPartition, StartPositionResolver.Start> starts = new StartPositionResolver(sourceAdmin,
                    destinationAdmin, store, aligner, config.startOffsetSpec()).resolve(mirrors);
            Map<TopicPartition, Long> positions = new HashMap<>();
            starts.forEach((partition, start) -> positions.put(partition, start.sourcePosition()));
            reader = new SourceReader(config.clientSettings(ClusterRole.SOURCE), sourceAdmin,
                    new SourceTopicGuard(sourceAdmin, expectedTopicIds(partitions)), positions, clientId);
            starts.forEach((partition, start) -> {
                PartitionProgress partitionProgress = new PartitionProgress(partition, mirrors.get(partition),
                        start.sourcePosition(), start.destinationEnd(), start.destinationEmpty());
                progress.put(partition, partitionProgress);
                progressByMirror.put(partitionProgress.mirror, partitionProgress);
            });
            releases = new MirrorReleases(store, reader, progress.values());
            foreignWrites = new ForeignWriteGuard(destinationAdmin, store, reader, progress.values());
            // Before the first read: a mirror failing over or stopped is not read at all.
            releases.check(System.currentTimeMillis());
        } catch (InterruptedException e) {
            closeClients();
            throw e;
        } catch (ExecutionException | RuntimeException e) {
            closeClients();
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
        progress.values().forEach(metrics::register);
        openBackoff.reset();
        log.info("Link {} task copies {} partitions", config.linkName(), partitions.size());
        return true;
    }

    /** The source topic ids the mirrors were made from, as the connector stored them. */
    private Map<String, String> expectedTopicIds(List<TopicPartition> partitions) {
        Map<String, String> ids = new HashMap<>();
        for (TopicPartition partition : partitions) {
            String mirror = config.mirrorTopicName(partition.topic());
            ids.put(partition.topic(), store.mirrorState(mirror).orElseThrow(() -> new ConnectException(
                    "The link has no state for mirror topic " + mirror + "; the connector creates it first")).sourceTopicId());
        }
        return ids;
    }

    @Override
    public List<SourceRecord> poll() {
        if (stopping) {
            return null;
        }
        readerAccess.lock();
        try {
            metrics.retryPending();
            if (stopping || reader == null && !open()) {
                return null;
            }
            handleDeviations();
            long now = System.currentTimeMillis();
            on(ClusterRole.DESTINATION, () -> {
                releases.check(now);
                foreignWrites.check(now);
                return null;
            });
            ConsumerRecords<byte[], byte[]> polled = on(ClusterRole.SOURCE, reader::poll);
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
        polled.partitions().forEach(partition -> snapshots.put(progress.get(partition), progress.get(partition).snapshot()));
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
            reader.rewind(firstOffsets);
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
            PartitionProgress partitionProgress = progress.get(partition);
            long next = polled.records(partition).get(0).offset();
            if (partitionProgress.destinationEmpty() && next > partitionProgress.nextDestination()) {
                targets.put(partitionProgress.mirror, next);
            }
        }
        if (!targets.isEmpty()) {
            for (TopicPartition mirror : aligner.align(targets)) {
                progressByMirror.get(mirror).advancedTo(targets.get(mirror));
            }
        }
    }

    private List<SourceRecord> handOver(ConsumerRecords<byte[], byte[]> polled) {
        List<SourceRecord> records = new ArrayList<>(polled.count());
        Map<PartitionProgress, List<OffsetPoint>> points = new HashMap<>();
        for (TopicPartition partition : polled.partitions()) {
            PartitionProgress partitionProgress = progress.get(partition);
            for (ConsumerRecord<byte[], byte[]> record : polled.records(partition)) {
                long expected = partitionProgress.nextDestination();
                OffsetPoint point = partitionProgress.take(record.offset());
                if (point != null) {
                    points.computeIfAbsent(partitionProgress, p -> new ArrayList<>()).add(point);
                }
                records.add(MirrorRecords.toMirror(record, partitionProgress, expected));
            }
        }
        points.forEach((partition, partitionPoints) -> store.putOffsetPoints(partition.mirror, partitionPoints));
        if (!points.isEmpty()) {
            log.debug("Stored offset map points {}", points);
        }
        polled.partitions().forEach(partition -> progress.get(partition).handedOver(polled.records(partition).size()));
        return records;
    }

    private void updateLag() {
        for (PartitionProgress partition : progress.values()) {
            reader.lag(partition.source).ifPresent(partition::lag);
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
        points.forEach((partition, partitionPoints) -> store.putOffsetPoints(partition.mirror, partitionPoints));
        found.forEach(deviation -> foreignWrites.recordMisplaced(deviation.partition(), deviation.sourceOffset(),
                deviation.expected(), deviation.actual()));
    }

    @Override
    public void stop() {
        long started = System.currentTimeMillis();
        stopping = true;
        if (reader != null) {
            reader.wakeup();
        }
        readerAccess.lock();
        try {
            Utils.closeQuietly(metrics, "mirror metrics");
            closeClients();
        } finally {
            readerAccess.unlock();
        }
        log.info("Link {} task stopped in {} ms", config == null ? "?" : config.linkName(), System.currentTimeMillis() - started);
    }

    /** Closes the clients {@link #open} opened (all or some), each within about a second. */
    private void closeClients() {
        Utils.closeQuietly(reader, "source reader");
        Utils.closeQuietly(store, "link state store");
        KafkaClients.closeQuietly(destinationAdmin, "destination admin");
        KafkaClients.closeQuietly(sourceAdmin, "source admin");
        reader = null;
        store = null;
        destinationAdmin = null;
        sourceAdmin = null;
        progress.clear();
        progressByMirror.clear();
    }
}
