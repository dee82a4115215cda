package dev.kafkalink.schemas;

import java.util.concurrent.atomic.AtomicLong;

import dev.kafkalink.common.metrics.GaugeRegistry;
import dev.kafkalink.common.metrics.LinkGauges;
import dev.kafkalink.common.metrics.SweepTiming;

/** The schema export's health as plugin metrics (see {@link LinkGauges}), tagged by link. */
final class SchemaExportMetrics implements AutoCloseable {

    private final LinkGauges gauges;
    private volatile SchemaExportSweep.Result last = new SchemaExportSweep.Result(0, 0, 0, 0, 0);
    private final AtomicLong exportedTotal = new AtomicLong();
    private final AtomicLong deletedTotal = new AtomicLong();
    private final AtomicLong failedSweeps = new AtomicLong();
    private final SweepTiming timing;
    private volatile boolean paused;
    private volatile long feedPosition = -1;

    SchemaExportMetrics(GaugeRegistry metrics, String link) {
        gauges = new LinkGauges(metrics, link);
        gauges.add("subjects-in-sync", "Selected subjects whose every version is on the destination", () -> last.subjectsInSync());
        gauges.add("subjects-stopped", "Subjects no longer exported because the destination did not keep what was written "
                + "or refused it (see the task status and log)", () -> last.subjectsStopped());
        gauges.add("lag-versions", "Source versions not yet on the destination after the last sweep", () -> last.lagVersions());
        gauges.add("versions-exported-total", "Versions written to the destination since the task started", exportedTotal::get);
        gauges.add("versions-deleted-total", "Versions soft or hard deleted on the destination since the task started",
                deletedTotal::get);
        gauges.add("sweep-errors-total", "Sweeps that failed (an unreachable registry, for example) and were retried",
                failedSweeps::get);
        gauges.add("feed-position", "How far the source registry's change feed was read when the last sweep succeeded "
                + "(the sum of its partitions' next offsets); -1 without a feed", () -> feedPosition);
        gauges.add("export-paused", "1 while the export is paused (schema.export.paused), else 0", () -> paused ? 1 : 0);
        timing = new SweepTiming(gauges);
    }

    void recordSweep(SchemaExportSweep.Result result, long finishedMs, long tookMs) {
        last = result;
        exportedTotal.addAndGet(result.versionsExported());
        deletedTotal.addAndGet(result.versionsDeleted());
        timing.record(finishedMs, tookMs);
    }

    void recordFeedPosition(long position) {
        feedPosition = position;
    }

    void setPaused(boolean paused) {
        this.paused = paused;
    }

    void recordFailedSweep() {
        failedSweeps.incrementAndGet();
    }

    @Override
    public void close() {
        gauges.close();
    }
}
