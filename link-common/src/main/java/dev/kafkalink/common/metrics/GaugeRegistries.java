package dev.kafkalink.common.metrics;

import java.util.Map;

import dev.kafkalink.common.task.TaskIdentity;

import org.apache.kafka.connect.connector.ConnectorContext;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, once per task or connector, where its gauges go: Connect's plugin metrics when the worker
 * offers them (Kafka 4.1+), the plugin's own JMX metrics of the same names otherwise.
 */
public final class GaugeRegistries {

    private static final Logger log = LoggerFactory.getLogger(GaugeRegistries.class);

    private GaugeRegistries() {
    }

    /** {@code taskProps} are the task's configuration: they name its connector and its task number. */
    public static GaugeRegistry forTask(SourceTaskContext context, Map<String, String> taskProps) {
        if (workerHasPluginMetrics()) {
            try {
                return ConnectPluginMetrics.of(context);
            } catch (UnsupportedOperationException e) {
                log.info("This worker's task context offers no plugin metrics; Kafka Link publishes its own over JMX");
            }
        } else {
            log.debug("This worker has no plugin metrics (Kafka 4.1 added them); Kafka Link publishes its own over JMX");
        }
        return OwnJmxMetrics.forTask(TaskIdentity.connector(taskProps), TaskIdentity.taskId(taskProps));
    }

    /**
     * The connector's own gauges (tagged {@code connector} only, no {@code task}), for what the
     * connector knows of the whole link; {@code connectorProps} name the connector.
     */
    public static GaugeRegistry forConnector(ConnectorContext context, Map<String, String> connectorProps) {
        if (workerHasConnectorPluginMetrics()) {
            try {
                return ConnectPluginMetrics.of(context);
            } catch (UnsupportedOperationException e) {
                log.info("This worker's connector context offers no plugin metrics; Kafka Link publishes its own over JMX");
            }
        }
        return OwnJmxMetrics.forConnector(TaskIdentity.connector(connectorProps));
    }

    static boolean workerHasPluginMetrics() {
        return hasPluginMetrics(SourceTaskContext.class);
    }

    static boolean workerHasConnectorPluginMetrics() {
        return hasPluginMetrics(ConnectorContext.class);
    }

    /** A method lookup, not a call: on a worker before 4.1 neither the method nor the type it returns exists. */
    private static boolean hasPluginMetrics(Class<?> context) {
        try {
            context.getMethod("pluginMetrics");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
