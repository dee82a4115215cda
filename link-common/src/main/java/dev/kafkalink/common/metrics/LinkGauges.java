package dev.kafkalink.common.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * Gauges of one connector or task as Connect plugin metrics (KIP-877), tagged with the link's name
 * (Connect adds the connector and task tags). Without plugin metrics (null) nothing is registered.
 */
public final class LinkGauges implements AutoCloseable {

    private final PluginMetrics metrics;
    private final String link;
    private final List<MetricName> registered = new ArrayList<>();

    public LinkGauges(PluginMetrics metrics, String link) {
        this.metrics = metrics;
        this.link = link;
    }

    public void add(String name, String description, LongSupplier value) {
        add(name, description, Map.of(), value);
    }

    /** A gauge with tags besides the link's, in the order given. */
    public void add(String name, String description, Map<String, String> extraTags, LongSupplier value) {
        if (metrics == null) {
            return;
        }
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("link", link);
        tags.putAll(extraTags);
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
