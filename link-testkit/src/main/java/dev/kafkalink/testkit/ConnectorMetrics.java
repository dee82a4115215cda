package dev.kafkalink.testkit;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import javax.management.ObjectName;

/** Kafka Link's plugin metrics of one connector's task, as the worker publishes them in JMX. */
public final class ConnectorMetrics {

    private ConnectorMetrics() {
    }

    /** The task's metrics, once registered; the caller reads attributes by name. */
    public static ObjectName await(String connector) throws InterruptedException {
        return Waits.await(() -> find(connector), Duration.ofSeconds(90), "Kafka Link metrics of " + connector);
    }

    public static Optional<ObjectName> find(String connector) throws Exception {
        return ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("kafka.connect:*"), null).stream()
                .filter(name -> connector.equals(name.getKeyProperty("connector")) && name.getKeyProperty("link") != null
                        && name.getKeyProperty("task") != null && name.getKeyProperty("topic") == null)
                .findFirst();
    }

    /** A link-level metric of one mirror topic (the connector's own, no task), or empty before the connector registered it. */
    public static Optional<Long> topicValue(String connector, String topic, String attribute) throws Exception {
        Optional<ObjectName> name = ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("kafka.connect:*"), null)
                .stream().filter(found -> connector.equals(found.getKeyProperty("connector"))
                        && topic.equals(found.getKeyProperty("topic")) && found.getKeyProperty("task") == null
                        && found.getKeyProperty("partition") == null)
                .filter(found -> hasAttribute(found, attribute)).findFirst();
        return name.isEmpty() ? Optional.empty() : Optional.of(value(name.get(), attribute));
    }

    private static boolean hasAttribute(ObjectName name, String attribute) {
        try {
            return Arrays.stream(ManagementFactory.getPlatformMBeanServer().getMBeanInfo(name).getAttributes())
                    .anyMatch(info -> info.getName().equals(attribute));
        } catch (Exception e) {
            return false;
        }
    }

    public static long value(ObjectName name, String attribute) throws Exception {
        return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute)).longValue();
    }

    /**
     * Waits until the connector's task has finished a sweep after {@code lastSyncMs} (its
     * {@code last-sync-time-ms}) and returns that sweep's finish time.
     */
    public static long awaitSweepAfter(String connector, long lastSyncMs, Duration deadline) throws InterruptedException {
        return Waits.await(() -> {
            long finished = value(connector, "last-sync-time-ms");
            return finished > lastSyncMs ? Optional.of(finished) : Optional.empty();
        }, deadline, "a sweep of " + connector + " after " + lastSyncMs);
    }

    /** The metric of the connector's current task, waiting for it to be registered. */
    public static long value(String connector, String attribute) throws Exception {
        return value(await(connector), attribute);
    }
}
