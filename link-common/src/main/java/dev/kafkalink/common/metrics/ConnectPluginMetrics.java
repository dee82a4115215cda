package dev.kafkalink.common.metrics;

import java.util.LinkedHashMap;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.connector.ConnectorContext;
import org.apache.kafka.connect.source.SourceTaskContext;

/**
 * Connect's plugin metrics (KIP-877). The only class of the plugin that names {@link PluginMetrics}, a
 * type that workers before Kafka 4.1 do not have: it is loaded only once {@link GaugeRegistries} has
 * seen that the worker offers them, so older workers never try to link it.
 */
final class ConnectPluginMetrics implements GaugeRegistry {

    private final PluginMetrics metrics;

    ConnectPluginMetrics(PluginMetrics metrics) {
        this.metrics = metrics;
    }

    /** @throws UnsupportedOperationException when this worker's context has no plugin metrics after all */
    static GaugeRegistry of(SourceTaskContext context) {
        return new ConnectPluginMetrics(context.pluginMetrics());
    }

    /** The connector's plugin metrics: tagged {@code connector} only. */
    static GaugeRegistry of(ConnectorContext context) {
        return new ConnectPluginMetrics(context.pluginMetrics());
    }

    @Override
    public MetricName metricName(String name, String description, LinkedHashMap<String, String> tags) {
        return metrics.metricName(name, description, tags);
    }

    @Override
    public void addGauge(MetricName name, Gauge<Long> gauge) {
        metrics.addMetric(name, gauge);
    }

    @Override
    public void removeMetric(MetricName name) {
        metrics.removeMetric(name);
    }

    @Override
    public void close() {
        // Connect closes a task's or connector's plugin metrics itself when it stops.
    }
}
