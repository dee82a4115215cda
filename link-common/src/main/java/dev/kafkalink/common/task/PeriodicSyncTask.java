package dev.kafkalink.common.task;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.kafkalink.common.Version;
import dev.kafkalink.common.errors.Failures;
import dev.kafkalink.common.schedule.PeriodicJob;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task that produces no records and instead runs one sweep every interval (group offsets, ACLs,
 * schemas). Sweeps run on the task's own thread, transient failures are retried with backoff, and
 * a failure that retrying cannot fix is thrown from {@link #poll}, which fails the task with that
 * reason in its status.
 */
public abstract class PeriodicSyncTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(PeriodicSyncTask.class);
    private static final long POLL_WAIT_MS = 1_000;

    private ScheduledExecutorService scheduler;
    private volatile Exception permanentFailure;
    private String description;

    /** What the task syncs, for logs and the failure message, for example "ACL sync of link dc1". */
    protected abstract String start(Map<String, String> props, String threadName);

    /** The interval between sweeps; called once after {@link #start(Map, String)}. */
    protected abstract long intervalMs();

    /** One sweep; may throw anything (see {@link Failures} for what counts as permanent). */
    protected abstract void sweep() throws Exception;

    /** Closes what {@link #start(Map, String)} opened; runs after the last sweep ended. */
    protected abstract void close();

    @Override
    public final void start(Map<String, String> props) {
        String threadName = "kafka-link-" + getClass().getSimpleName() + "-" + Integer.toHexString(System.identityHashCode(this));
        description = start(props, threadName);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, threadName));
        new PeriodicJob(description, this::sweep, intervalMs(), scheduler, failure -> permanentFailure = failure).start(0);
    }

    @Override
    public final List<SourceRecord> poll() throws InterruptedException {
        Exception failure = permanentFailure;
        if (failure != null) {
            throw new ConnectException(description + " cannot go on: " + Failures.describe(failure), failure);
        }
        Thread.sleep(POLL_WAIT_MS);
        return null;
    }

    @Override
    public final void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
        log.info("{} stopped", description);
    }

    @Override
    public String version() {
        return Version.get();
    }
}
