package dev.kafkalink.common.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PeriodicJobTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

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
        // Nothing runs after the report: the job ended (its next run would have come 10 ms later).
        scheduler.schedule(() -> { }, 200, TimeUnit.MILLISECONDS).get(30, TimeUnit.SECONDS);
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
