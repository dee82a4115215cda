package dev.kafkalink.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.Test;

class LinkGaugesTest {

    private static final Map<String, String> TASK_TAGS = Map.of("connector", "link", "task", "0");

    @Test
    void aTaskStartedWhileItsPreviousInstanceStillHoldsTheGaugesRegistersThemOnceThatInstanceLetsGo() {
        try (Metrics worker = new Metrics()) {
            LinkGauges previous = new LinkGauges(new ConnectPluginMetrics(new PluginMetricsImpl(worker, TASK_TAGS)), "dc1");
            previous.add("mirror-lag", "lag", Map.of("partition", "0"), () -> 1);
            LinkGauges current = new LinkGauges(new ConnectPluginMetrics(new PluginMetricsImpl(worker, TASK_TAGS)), "dc1");

            current.add("mirror-lag", "lag", Map.of("partition", "0"), () -> 2); // must not throw
            current.retryPending();
            assertEquals(1, current.pendingCount(), "still held by the previous instance");
            assertEquals(1L, value(worker));

            previous.close();
            current.retryPending();
            assertEquals(0, current.pendingCount());
            assertEquals(2L, value(worker), "the gauge now reports the current instance");
            current.close();
            assertEquals(0, worker.metrics().keySet().stream().filter(name -> name.name().equals("mirror-lag")).count());
        }
    }

    private static Object value(Metrics worker) {
        MetricName name = worker.metrics().keySet().stream().filter(metric -> metric.name().equals("mirror-lag"))
                .findFirst().orElseThrow();
        return worker.metrics().get(name).metricValue();
    }
}
