package dev.kafkalink.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.ToLongFunction;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * Per-partition health of the mirrors as Connect plugin metrics (KIP-877), tagged by link, mirror
 * topic and partition: lag in records behind the source, replication latency (source timestamp to
 * destination acknowledgement of the last record) and offset deviations seen.
 */
final class MirrorMetrics implements AutoCloseable {

    private final PluginMetrics metrics;
    private final String link;
    private final List<MetricName> registered = new ArrayList<>();

    MirrorMetrics(PluginMetrics metrics, String link) {
        this.metrics = metrics;
        this.link = link;
    }

    void register(PartitionProgress partition) {
        if (metrics == null) {
            return;
        }
        add(partition, "mirror-lag", "Records the mirror partition is behind the source partition", PartitionProgress::lag);
        add(partition, "replication-latency-ms", "Milliseconds from the source timestamp of the last mirrored record "
                + "to its acknowledgement by the destination", PartitionProgress::latencyMs);
        add(partition, "offset-deviations", "Records that landed at another destination offset than predicted",
                PartitionProgress::deviations);
    }

    private void add(PartitionProgress partition, String name, String description, ToLongFunction<PartitionProgress> value) {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("link", link);
        tags.put("topic", partition.mirror.topic());
        tags.put("partition", Integer.toString(partition.mirror.partition()));
        MetricName metricName = metrics.metricName(name, description, tags);
        metrics.addMetric(metricName, (Gauge<Long>) (config, now) -> value.applyAsLong(partition));
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
