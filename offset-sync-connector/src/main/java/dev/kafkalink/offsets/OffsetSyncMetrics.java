package dev.kafkalink.offsets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

/** The offset sync's health as Connect plugin metrics (KIP-877), tagged by link; values of the last sweep. */
final class OffsetSyncMetrics implements AutoCloseable {

    private final PluginMetrics metrics;
    private final String link;
    private final List<MetricName> registered = new ArrayList<>();
    private volatile GroupOffsetSweep.Result last = new GroupOffsetSweep.Result(0, 0, 0, 0, 0, 0);
    private volatile long lastSyncMs = -1;
    private volatile long durationMs = -1;
    private final AtomicLong offsetsWrittenTotal = new AtomicLong();

    OffsetSyncMetrics(PluginMetrics metrics, String link) {
        this.metrics = metrics;
        this.link = link;
        add("groups-synced", "Groups whose destination offsets matched the source after the last sweep",
                () -> last.groupsInSync());
        add("groups-skipped-active", "Groups left alone in the last sweep because they have members on the destination",
                () -> last.groupsSkippedActive());
        add("groups-failed", "Groups whose offsets could not be written in the last sweep (retried next sweep)",
                () -> last.groupsFailed());
        add("offsets-clamped", "Partitions whose offset was held back to the mirror's end in the last sweep",
                () -> last.offsetsClamped());
        add("offsets-written-total", "Partition offsets written on the destination since the task started",
                offsetsWrittenTotal::get);
        add("last-sync-time-ms", "When the last sweep finished (epoch ms); -1 before the first", () -> lastSyncMs);
        add("sync-duration-ms", "How long the last sweep took; -1 before the first", () -> durationMs);
    }

    void recordSweep(GroupOffsetSweep.Result result, long finishedMs, long tookMs) {
        last = result;
        offsetsWrittenTotal.addAndGet(result.offsetsWritten());
        lastSyncMs = finishedMs;
        durationMs = tookMs;
    }

    private void add(String name, String description, LongSupplier value) {
        if (metrics == null) {
            return;
        }
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("link", link);
        MetricName metricName = metrics.metricName(name, description, tags);
        metrics.addMetric(metricName, (Gauge<Long>) (config, now) -> value.getAsLong());
        registered.add(metricName);
    }

    @Override
    public void close() {
        if (metrics != null) {
            registered.forEach(metrics::removeMetric);
        }
        registered.clear();
    }
}
