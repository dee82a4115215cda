package dev.kafkalink.offsets;

import java.util.concurrent.atomic.AtomicLong;

import dev.kafkalink.common.metrics.LinkGauges;

import org.apache.kafka.common.metrics.PluginMetrics;

/** The offset sync's health as Connect plugin metrics (KIP-877), tagged by link; values of the last sweep. */
final class OffsetSyncMetrics implements AutoCloseable {

    private final LinkGauges gauges;
    private volatile GroupOffsetSweep.Result last = new GroupOffsetSweep.Result(0, 0, 0, 0, 0, 0);
    private volatile long lastSyncMs = -1;
    private volatile long durationMs = -1;
    private final AtomicLong offsetsWrittenTotal = new AtomicLong();

    OffsetSyncMetrics(PluginMetrics metrics, String link) {
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
        gauges.add("last-sync-time-ms", "When the last sweep finished (epoch ms); -1 before the first", () -> lastSyncMs);
        gauges.add("sync-duration-ms", "How long the last sweep took; -1 before the first", () -> durationMs);
    }

    void recordSweep(GroupOffsetSweep.Result result, long finishedMs, long tookMs) {
        last = result;
        offsetsWrittenTotal.addAndGet(result.offsetsWritten());
        lastSyncMs = finishedMs;
        durationMs = tookMs;
    }

    @Override
    public void close() {
        gauges.close();
    }
}
