package dev.kafkalink.common.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PeriodicJobTest {

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aLinkageErrorEndingTheLoopIsReportedWithItsReasonAndTheJobStops() throws Exception {
        NoSuchMethodError missing = new NoSuchMethodError("'org.apache.kafka.common.metrics.PluginMetrics "
                + "org.apache.kafka.connect.source.SourceTaskContext.pluginMetrics()'");
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Exception> reported = new CompletableFuture<>();
        new PeriodicJob("Offset sync of link dc1", () -> {
            runs.incrementAndGet();
            throw missing;
        }, 10, scheduler, reported::complete).start(0);

        Exception failure = reported.get(30, TimeUnit.SECONDS);
        assertSame(missing, failure.getCause());
        assertTrue(failure.getMessage().startsWith("NoSuchMethodError: 'org.apache.kafka.common.metrics.PluginMetrics"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("3.7 to 4.4"), failure.getMessage());
        // The job ended: once its run has returned (the scheduler's one thread is free again), nothing is scheduled.
        scheduler.submit(() -> { }).get(30, TimeUnit.SECONDS);
        assertTrue(scheduler.getQueue().isEmpty(), "a run is still scheduled: " + scheduler.getQueue());
        assertEquals(1, runs.get());
    }

    @Test
    void anyOtherErrorIsReportedToo() throws Exception {
        CompletableFuture<Exception> reported = new CompletableFuture<>();
        new PeriodicJob("ACL sync of link dc1", () -> {
            throw new StackOverflowError("deep");
        }, 10, scheduler, reported::complete).start(0);

        Exception failure = reported.get(30, TimeUnit.SECONDS);
        assertEquals("StackOverflowError: deep", failure.getMessage());
    }
}
