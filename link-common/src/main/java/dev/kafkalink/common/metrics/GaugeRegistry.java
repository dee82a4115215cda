package dev.kafkalink.common.metrics;

import java.util.LinkedHashMap;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;

/**
 * Where a task's gauges go: Connect's plugin metrics on workers that have them (Kafka 4.1+), the
 * plugin's own JMX metrics on older ones, under the same names and tags. Names only types that every
 * supported worker (3.7+) has, so any class may hold one. {@link GaugeRegistries#forTask} picks one.
 */
public interface GaugeRegistry extends AutoCloseable {

    /** A name in the plugin metrics group, with the worker's connector and task tags followed by {@code tags}. */
    MetricName metricName(String name, String description, LinkedHashMap<String, String> tags);

    /** @throws IllegalArgumentException when a metric of this name is registered already (by a previous task instance) */
    void addGauge(MetricName name, Gauge<Long> gauge);

    void removeMetric(MetricName name);

    /** Lets go of what this registry holds; the gauges are removed before. */
    @Override
    void close();
}
