package dev.kafkalink.schemas;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.kafkalink.common.config.ClusterRole;
import dev.kafkalink.common.metrics.GaugeRegistries;
import dev.kafkalink.common.task.PeriodicSyncTask;
import dev.kafkalink.schemas.registry.RegistryClient;
import dev.kafkalink.schemas.registry.RegistryUnavailableException;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports schemas every {@code schema.export.sync.ms}. An unreachable registry is retried with
 * backoff for {@code schema.registry.retry.timeout.ms}, then fails the task with the reason in its
 * status; stopped subjects fail the task once the sweep has done everything else.
 */
public class SchemaExportTask extends PeriodicSyncTask {

    private static final Logger log = LoggerFactory.getLogger(SchemaExportTask.class);
    /** Every so often all subjects are compared with the destination again, changed or not. */
    private static final long FULL_CHECK_INTERVAL_MS = 10 * 60_000;
    private static final int PARALLEL_REQUESTS = 8;

    private SchemaExportConfig config;
    private RegistryClient source;
    private RegistryClient destination;
    private ExecutorService pool;
    private SchemaExportMetrics metrics;
    private final ExportProgress progress = new ExportProgress();
    private final Set<String> pendingChanges = new HashSet<>();
    private SchemaChangeFeed feed;
    private boolean fullSweepDone;
    private long unavailableSinceMs = -1;
    private long lastFullCheckMs;

    @Override
    protected String start(Map<String, String> props, String threadName) {
        config = new SchemaExportConfig(props);
        source = new RegistryClient(config.registry(ClusterRole.SOURCE));
        destination = new RegistryClient(config.registry(ClusterRole.DESTINATION));
        AtomicInteger threads = new AtomicInteger();
        pool = Executors.newFixedThreadPool(PARALLEL_REQUESTS, r -> {
            Thread thread = new Thread(r, threadName + "-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        metrics = new SchemaExportMetrics(GaugeRegistries.forTask(context, props), config.linkName());
        lastFullCheckMs = System.currentTimeMillis();
        metrics.setPaused(config.paused());
        if (config.paused()) {
            log.info("Link {}: schema export paused ({}=true)", config.linkName(), SchemaExportConfig.PAUSED);
        } else {
            log.info("Link {}: exporting schemas every {} ms", config.linkName(), config.syncIntervalMs());
        }
        return "Schema export of link " + config.linkName();
    }

    @Override
    protected long intervalMs() {
        return config.syncIntervalMs();
    }

    @Override
    protected void sweep() {
        if (config.paused()) {
            return; // schema.export.paused: no request to either registry until it is set back
        }
        long started = System.currentTimeMillis();
        if (started - lastFullCheckMs >= FULL_CHECK_INTERVAL_MS) {
            progress.forgetInSync();
            fullSweepDone = false;
            lastFullCheckMs = started;
        }
        SchemaExportSweep.Result result;
        try {
            Set<String> changedOnly = readFeed();
            result = new SchemaExportSweep(source, destination, config, progress, pool).run(changedOnly);
            // Only now: a sweep that failed half-way sees the same changes again.
            pendingChanges.clear();
            fullSweepDone = true;
            if (feed != null) {
                metrics.recordFeedPosition(feed.position());
            }
            unavailableSinceMs = -1;
        } catch (RegistryUnavailableException e) {
            metrics.recordFailedSweep();
            throw giveUpAfterRetryTimeout(e, started);
        } catch (RuntimeException e) {
            metrics.recordFailedSweep();
            throw e;
        }
        long finished = System.currentTimeMillis();
        metrics.recordSweep(result, finished, finished - started);
        log.debug("Link {}: schema sweep in {} ms: {} subjects in sync, {} versions exported, {} deleted, lag {}",
                config.linkName(), finished - started, result.subjectsInSync(), result.versionsExported(),
                result.versionsDeleted(), result.lagVersions());
        Map<String, String> stopped = progress.stopped();
        if (!stopped.isEmpty()) {
            throw new ConnectException(stopped.size() + " subject(s) stopped, the others are exported: "
                    + stopped.entrySet().stream().map(entry -> entry.getKey() + ": " + entry.getValue())
                    .collect(Collectors.joining("; "))
                    + ". Fix the destination registry, then restart the task to export them again.");
        }
    }

    /**
     * The subjects the change feed reports since the last successful sweep, or null for a full sweep:
     * without a feed, for the first sweep (the feed is opened just before, at its end) and for the
     * periodic full check.
     */
    private Set<String> readFeed() {
        if (config.feedTopic().isEmpty()) {
            return null;
        }
        if (feed == null) {
            feed = SchemaChangeFeed.open(config.feedClientSettings(), config.feedTopic().get(),
                    "kafka-link-" + config.linkName() + "-schema-feed");
            fullSweepDone = false;
        }
        feed.readChanges(pendingChanges);
        return fullSweepDone ? Set.copyOf(pendingChanges) : null;
    }

    /** Retriable until the registry has been unreachable for the retry timeout, then a permanent failure. */
    private RuntimeException giveUpAfterRetryTimeout(RegistryUnavailableException e, long nowMs) {
        if (unavailableSinceMs < 0) {
            unavailableSinceMs = nowMs;
        }
        long timeout = config.retryTimeoutMs();
        if (timeout >= 0 && nowMs - unavailableSinceMs >= timeout) {
            return new ConnectException(e.getMessage() + " (unreachable for " + (nowMs - unavailableSinceMs) / 1000
                    + " s, longer than " + SchemaExportConfig.RETRY_TIMEOUT_MS + ")", e);
        }
        return e;
    }

    @Override
    protected void close() {
        if (pool != null) {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Utils.closeQuietly(feed, "source registry change feed");
        Utils.closeQuietly(metrics, "schema export metrics");
    }
}
