package dev.kafkalink.common.metrics;

import java.util.function.Supplier;

import org.apache.kafka.common.metrics.PluginMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connect's plugin metrics (KIP-877, Kafka 4.1+), or null on older workers: the link then runs without metrics. */
public final class PluginMetricsAccess {

    private static final Logger log = LoggerFactory.getLogger(PluginMetricsAccess.class);

    private PluginMetricsAccess() {
    }

    public static PluginMetrics orNull(Supplier<PluginMetrics> fromContext) {
        try {
            return fromContext.get();
        } catch (UnsupportedOperationException | NoSuchMethodError e) {
            log.info("This worker has no plugin metrics (Kafka 4.1 or newer has): Kafka Link's metrics are off");
            return null;
        }
    }
}
