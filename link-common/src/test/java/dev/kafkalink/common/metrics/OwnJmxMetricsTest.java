package dev.kafkalink.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;

/** The plugin's own metrics (workers before Kafka 4.1) carry the names Connect's plugin metrics carry on 4.1+. */
class OwnJmxMetricsTest {

    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    @Test
    void gaugesHaveTheNamesAndTagsOfConnectsPluginMetrics() throws Exception {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>(Map.of("topic", "orders"));
        MetricName connects;
        // What a 4.1+ worker does: its Metrics in domain kafka.connect, PluginMetricsImpl tagged connector and task.
        try (Metrics worker = new Metrics(new MetricConfig(), List.of(), Time.SYSTEM, new KafkaMetricsContext("kafka.connect"))) {
            LinkedHashMap<String, String> taskTags = new LinkedHashMap<>();
            taskTags.put("connector", "dc1-link");
            taskTags.put("task", "2");
            connects = new PluginMetricsImpl(worker, taskTags).metricName("mirror-lag", "lag", linkTags(tags));
        }
        try (GaugeRegistry own = OwnJmxMetrics.forTask("dc1-link", "2")) {
            MetricName ours = own.metricName("mirror-lag", "lag", linkTags(tags));
            assertEquals(connects, ours);
            assertEquals(connects.tags().keySet().stream().toList(), ours.tags().keySet().stream().toList(), "tag order");
            own.addGauge(ours, (config, now) -> 42L);
            // How JmxReporter names it: domain, type=group, then the tags in order.
            ObjectName mbean = new ObjectName("kafka.connect:type=plugins,connector=dc1-link,task=2,link=dc1,topic=orders");
            assertEquals(42L, JMX.getAttribute(mbean, "mirror-lag"));
            own.removeMetric(ours);
            assertFalse(JMX.isRegistered(mbean));
        }
    }

    @Test
    void theSameGaugeOfAPreviousTaskInstanceIsRefusedUntilItLetsGo() throws Exception {
        LinkGauges previous = new LinkGauges(OwnJmxMetrics.forTask("c", "0"), "dc1");
        previous.add("poll-errors-total", "polls", () -> 1);
        LinkGauges current = new LinkGauges(OwnJmxMetrics.forTask("c", "0"), "dc1");
        current.add("poll-errors-total", "polls", () -> 2);
        assertEquals(1, current.pendingCount());
        ObjectName mbean = new ObjectName("kafka.connect:type=plugins,connector=c,task=0,link=dc1");
        assertEquals(1L, JMX.getAttribute(mbean, "poll-errors-total"));

        previous.close();
        current.retryPending();
        assertEquals(0, current.pendingCount());
        assertEquals(2L, JMX.getAttribute(mbean, "poll-errors-total"));
        current.close();
        assertFalse(JMX.isRegistered(mbean), "closed with the task");
    }

    @Test
    void onlyThePluginGroupIsPublishedSoTheWorkersOwnMbeansStayUntouched() throws Exception {
        try (GaugeRegistry own = OwnJmxMetrics.forTask("c", "1")) {
            assertTrue(JMX.queryNames(new ObjectName("kafka.connect:type=kafka-metrics-count,*"), null).isEmpty());
            assertThrows(IllegalArgumentException.class, () -> own.metricName("x", "x", linkTags(Map.of("task", "9"))));
        }
    }

    private static LinkedHashMap<String, String> linkTags(Map<String, String> more) {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("link", "dc1");
        tags.putAll(more);
        return tags;
    }
}
