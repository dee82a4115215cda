package dev.kafkalink.offsets;

import java.util.concurrent.atomic.AtomicLong;

import dev.kafkalink.common.metrics.GaugeRegistry;
import dev.kafkalink.common.metrics.LinkGauges;
import dev.kafkalink.common.metrics.SweepTiming;

/** The offset sync's health as plugin metrics (see {@link LinkGauges}), tagged by link; values of the last sweep. */
final class OffsetSyncMetrics implements AutoCloseable {

    private final LinkGauges gauges;
    private volatile GroupOffsetSweep.Result last = new GroupOffsetSweep.Result(0, 0, 0, 0, 0, 0);
    private final SweepTiming timing;
    private final AtomicLong failedSweeps = new AtomicLong();
    private final AtomicLong offsetsWrittenTotal = new AtomicLong();

    OffsetSyncMetrics(GaugeRegistry metrics, String link) {
        gauges = new LinkGauges(metrics, link);
        gauges.add("groups-synced", "Groups whose destination offsets matched the source after the last sweep",
                () -> last.groupsInSync());
        gauges.add("groups-skipped-active", "Groups left alone in the last sweep because they have members on the "
                + "destination", () -> last.groupsSkippedActive());
        gauges.add("groups-failed", "Groups whose offsets could not be written in the last sweep (retried next sweep)",
                () -> last.groupsFailed());
        gauges.add("offsets-clamped", "Partitions whose offset was held back to the mirror's end in the last sweep",
                () -> last.offsetsClamped());
        gauges.add("offsets-written-total", "Partition offsets written on the destination since the task started",
                offsetsWrittenTotal::get);
        gauges.add("sweep-errors-total", "Sweeps that failed (a cluster that did not answer, for example) and were retried",
                failedSweeps::get);
        timing = new SweepTiming(gauges);
    }

    void recordSweep(GroupOffsetSweep.Result result, long finishedMs, long tookMs) {
        last = result;
        offsetsWrittenTotal.addAndGet(result.offsetsWritten());
        timing.record(finishedMs, tookMs);
    }

    void recordFailedSweep() {
        failedSweeps.incrementAndGet();
    }

    @Override
    public void close() {
        gauges.close();
    }
}
