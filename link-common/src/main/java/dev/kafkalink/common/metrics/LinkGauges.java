package dev.kafkalink.common.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of one task, tagged with the link's name after the connector and task tags, in a
 * {@link GaugeRegistry}: Connect's plugin metrics (KIP-877) or, on workers before Kafka 4.1, the
 * plugin's own JMX metrics of the same names. Closing removes the gauges and closes the registry.
 *
 * <p>Connect may start a task again while the previous instance of it has not stopped yet (it gives a
 * task 5 s to stop, then starts the new one anyway, for example after its own Kafka cluster was away).
 * The old instance then still holds gauges of the same names, and registering them again fails. That
 * must never fail the new instance: such a gauge waits, and {@link #retryPending} registers it once
 * the old instance has let go of it.
 */
public final class LinkGauges implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LinkGauges.class);

    private record Pending(MetricName name, Gauge<Long> gauge) {
    }

    private final GaugeRegistry metrics;
    private final String link;
    private final List<MetricName> registered = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();

    public LinkGauges(GaugeRegistry metrics, String link) {
        this.metrics = metrics;
        this.link = link;
    }

    public void add(String name, String description, LongSupplier value) {
        add(name, description, Map.of(), value);
    }

    /** A gauge with tags besides the link's, in the order given. */
    public synchronized void add(String name, String description, Map<String, String> extraTags, LongSupplier value) {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("link", link);
        tags.putAll(extraTags);
        Pending gauge = new Pending(metrics.metricName(name, description, tags), (config, now) -> value.getAsLong());
        if (!register(gauge)) {
            if (pending.isEmpty()) {
                log.warn("Link {}: metric {} {} is still held by a previous instance of this task that has not stopped "
                        + "yet; it is registered once that instance stops", link, name, tags);
            }
            pending.add(gauge);
        }
    }

    /** Registers the gauges a previous instance still held when they were added; cheap when there are none. */
    public synchronized void retryPending() {
        if (!pending.isEmpty() && pending.removeIf(this::register) && pending.isEmpty()) {
            log.info("Link {}: all metrics are registered", link);
        }
    }

    /** Gauges waiting for a previous instance to let go of their names. */
    public synchronized int pendingCount() {
        return pending.size();
    }

    private boolean register(Pending gauge) {
        try {
            metrics.addGauge(gauge.name(), gauge.gauge());
        } catch (IllegalArgumentException alreadyExists) {
            return false;
        }
        registered.add(gauge.name());
        return true;
    }

    @Override
    public synchronized void close() {
        registered.forEach(metrics::removeMetric);
        registered.clear();
        pending.clear();
        metrics.close();
    }
}
