package dev.kafkalink.common.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;

/**
 * The plugin's own metrics, for workers without plugin metrics (before Kafka 4.1), published over JMX
 * under exactly the names Connect gives plugin metrics on 4.1+ (checked in connect-runtime 4.3:
 * {@code ConnectMetrics.taskPluginMetrics} and {@code PluginMetricsImpl}): domain {@code kafka.connect},
 * {@code type=plugins}, tags {@code connector} and {@code task} first, then the link's own. Dashboards
 * then see one set of names on every worker version.
 *
 * <p>All tasks of the plugin in one worker share one {@link Metrics}, as they share the worker's on 4.1+:
 * a task instance started while its previous instance still holds a gauge gets the same
 * {@link IllegalArgumentException} there as here. The shared instance is closed with its last user.
 */
final class OwnJmxMetrics implements GaugeRegistry {

    static final String JMX_DOMAIN = "kafka.connect";
    static final String GROUP = "plugins";

    private static Metrics shared;
    private static int users;

    private final Metrics metrics;
    private final Map<String, String> taskTags;
    private boolean closed;

    private OwnJmxMetrics(Metrics metrics, Map<String, String> taskTags) {
        this.metrics = metrics;
        this.taskTags = taskTags;
    }

    static GaugeRegistry forTask(String connector, String task) {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("connector", connector);
        tags.put("task", task);
        return forTags(tags);
    }

    /** As Connect 4.1+ tags a connector's plugin metrics: {@code connector} only. */
    static GaugeRegistry forConnector(String connector) {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("connector", connector);
        return forTags(tags);
    }

    private static synchronized GaugeRegistry forTags(LinkedHashMap<String, String> tags) {
        if (shared == null) {
            JmxReporter jmx = new JmxReporter();
            // Only our group: the Metrics instance's own "kafka-metrics-count" would take over the worker's MBean.
            jmx.configure(Map.of(JmxReporter.INCLUDE_CONFIG, JMX_DOMAIN.replace(".", "\\.") + ":type=" + GROUP + ",.*"));
            shared = new Metrics(new MetricConfig(), List.of(jmx), Time.SYSTEM, new KafkaMetricsContext(JMX_DOMAIN));
        }
        users++;
        return new OwnJmxMetrics(shared, tags);
    }

    @Override
    public MetricName metricName(String name, String description, LinkedHashMap<String, String> tags) {
        LinkedHashMap<String, String> all = new LinkedHashMap<>(taskTags);
        tags.forEach((key, value) -> {
            if (all.containsKey(key)) {
                throw new IllegalArgumentException("Tag " + key + " is the worker's");
            }
            all.put(key, value);
        });
        return new MetricName(name, GROUP, description, all);
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
        synchronized (OwnJmxMetrics.class) {
            if (closed) {
                return;
            }
            closed = true;
            if (--users == 0 && shared == metrics) {
                shared.close();
                shared = null;
            }
        }
    }
}
