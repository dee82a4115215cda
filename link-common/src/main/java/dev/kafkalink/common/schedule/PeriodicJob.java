package dev.kafkalink.common.schedule;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.kafkalink.common.WorkerCompatibility;
import dev.kafkalink.common.errors.Failures;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work of a connector (discovery, config sync) on the connector's scheduler. After a
 * success it runs again after its interval; after a transient failure sooner, backing off from 1 s
 * and doubling up to the interval, with jitter; a permanent failure goes to {@code onPermanentFailure}
 * (the connector's {@code context.raiseError}) and the job stops. So does an {@link Error}: a
 * {@link LinkageError} from a worker whose Kafka lacks something the plugin calls would otherwise end
 * the scheduler's run in silence while the connector or task still shows RUNNING.
 */
public final class PeriodicJob {

    /** The work; may throw anything. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(PeriodicJob.class);
    private static final long MAX_BACKOFF_MS = 64_000;

    private final String name;
    private final Work work;
    private final long intervalMs;
    private final ScheduledExecutorService scheduler;
    private final Consumer<Exception> onPermanentFailure;
    private final Backoff backoff;

    public PeriodicJob(String name, Work work, long intervalMs, ScheduledExecutorService scheduler,
                       Consumer<Exception> onPermanentFailure) {
        this.name = name;
        this.work = work;
        this.intervalMs = intervalMs;
        this.scheduler = scheduler;
        this.onPermanentFailure = onPermanentFailure;
        this.backoff = new Backoff(Math.min(intervalMs, MAX_BACKOFF_MS));
    }

    public void start(long initialDelayMs) {
        scheduler.schedule(this::runOnce, initialDelayMs, TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        long nextMs;
        try {
            work.run();
            backoff.reset();
            nextMs = intervalMs;
        } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
            // Only stop() interrupts: the scheduler is shutting down.
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            if (stopping()) {
                // A request cut short by stop() (an HTTP call answers its interrupt with its own exception): not a failure.
                log.debug("{} ended by stop: {}", name, Failures.describe(e));
                return;
            }
            if (Failures.isPermanent(e)) {
                log.error("{} failed and cannot recover by retrying: {}", name, Failures.describe(e), e);
                onPermanentFailure.accept(e);
                return;
            }
            nextMs = backoff.next();
            log.warn("{} failed, retrying in {} ms: {}", name, nextMs, Failures.describe(e));
            log.debug("{} failure", name, e);
        } catch (Error e) {
            log.error("{} was ended by {}", name, Failures.describe(e), e);
            onPermanentFailure.accept(endedBy(e));
            return;
        }
        if (!scheduler.isShutdown()) {
            scheduler.schedule(this::runOnce, nextMs, TimeUnit.MILLISECONDS);
        }
    }

    /** stop() shuts the scheduler down and then interrupts the run in progress. */
    private boolean stopping() {
        return scheduler.isShutdown() || Thread.currentThread().isInterrupted();
    }

    /** The failure to report for an Error: it names the Error, and says what a LinkageError most likely means. */
    static ConnectException endedBy(Error error) {
        String hint = error instanceof LinkageError
                ? " (this Kafka Connect worker's Kafka version lacks something Kafka Link uses: it supports workers "
                        + "of Apache Kafka " + WorkerCompatibility.SUPPORTED + ")"
                : "";
        return new ConnectException(Failures.describe(error) + hint, error);
    }
}
