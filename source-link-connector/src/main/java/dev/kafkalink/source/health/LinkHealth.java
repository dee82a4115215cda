package dev.kafkalink.source.health;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.kafkalink.common.clients.KafkaClients;
import dev.kafkalink.common.config.ClusterRole;
import dev.kafkalink.common.config.LinkConnectorConfig;
import dev.kafkalink.common.errors.Failures;
import dev.kafkalink.common.metrics.GaugeRegistry;
import dev.kafkalink.common.metrics.LinkGauges;
import dev.kafkalink.common.state.LinkStateStore;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link-level view of the source link connector, every {@link #INTERVAL_MS}: mirror topics by state,
 * lag and seconds behind per link and per topic, as connector gauges ({@link LinkHealthGauges}).
 *
 * <p>It watches and never acts: a check that fails is logged and tried again at the next interval, and
 * never fails the connector. It reads the state topic with a reader of its own that keeps the tail of every
 * offset map (the connector's own reader keeps none), so that mapped partitions (compaction holes, transaction
 * markers) are not counted as lag: the chunk holding each mirror's end and those above, so that its memory
 * does not grow with the maps (see docs/benchmarks/state-week.md).
 */
public final class LinkHealth implements AutoCloseable {

    static final long INTERVAL_MS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(LinkHealth.class);

    private final LinkConnectorConfig config;
    private final Admin source;
    private final Admin destination;
    private final LinkGauges gauges;
    private final LinkHealthGauges health;
    private final ScheduledExecutorService scheduler;
    private LinkStateStore store;
    private KafkaConsumer<byte[], byte[]> consumer;
    private LinkHealthReader reader;
    private LinkHealthSnapshot last = LinkHealthSnapshot.NONE;
    private boolean failing;

    public LinkHealth(LinkConnectorConfig config, Admin source, Admin destination, GaugeRegistry metrics) {
        this.config = config;
        this.source = source;
        this.destination = destination;
        this.gauges = new LinkGauges(metrics, config.linkName());
        this.health = new LinkHealthGauges(gauges);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "kafka-link-" + config.linkName() + "-health"));
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::check, 0, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            if (reader == null && !open()) {
                return; // the connector creates the state topic as it starts: nothing to read yet
            }
            last = reader.read(last, System.currentTimeMillis());
            health.update(last);
            if (failing) {
                log.info("Link {}: the link-level state and lag are read again", config.linkName());
                failing = false;
            }
        } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
            Thread.currentThread().interrupt();
        } catch (LinkHealthReader.MapTailForgotten e) {
            log.info("Link {}: reading the state again ({})", config.linkName(), e.getMessage());
            closeReader();
        } catch (Exception e) {
            if (!failing) {
                log.warn("Link {}: cannot read the link-level state and lag (the gauges keep the last values; tried again "
                        + "every {} ms): {}", config.linkName(), INTERVAL_MS, Failures.describe(e));
            }
            failing = true;
        }
    }

    /** Opens the readers; false while the state topic does not exist yet. */
    private boolean open() throws InterruptedException {
        String clientId = "kafka-link-" + config.linkName() + "-health";
        Optional<LinkStateStore> opened = LinkStateStore.openToRead(config.clientSettings(ClusterRole.DESTINATION),
                config.stateTopic(), clientId, mirrorPartition -> true);
        if (opened.isEmpty()) {
            return false;
        }
        store = opened.get();
        consumer = KafkaClients.consumer(Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                config.clientSettings(ClusterRole.SOURCE), Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                clientId + "-source-reader");
        reader = new LinkHealthReader(store, source, destination, new OldestRecords(consumer));
        return true;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeReader();
        gauges.close();
    }

    private void closeReader() {
        Utils.closeQuietly(store, "link health state reader");
        Utils.closeQuietly(consumer, "link health source reader");
        store = null;
        consumer = null;
        reader = null;
    }
}
