package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import dev.kafkalink.testkit.ConnectorMetrics;
import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.TopicReader;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The destination cluster goes away for a minute while an application keeps writing to the source.
 *
 * <p>Where the Connect worker runs next to the destination (its config, offset and status topics are on
 * it, as in {@link LinkClusters}), the worker loses its group within seconds and stops its connectors
 * and tasks, then starts them again once its cluster is back; the tasks resume from the destination's
 * ends. Where the worker runs next to the source (the hybrid example), the task keeps running and its
 * producer holds the records until the destination answers; a task restarted during the outage waits
 * for the destination instead of failing. Either way every record arrives once, at its source offset,
 * with no restart by hand.
 */
class DestinationOutageIT {

    private static final Logger LOG = LoggerFactory.getLogger(DestinationOutageIT.class);

    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static final int PARTITIONS = 3;

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().build();

    @Test
    void aMinuteWithoutTheDestinationAndTheWorkersOwnClusterLosesAndDuplicatesNothing() throws Exception {
        Topics.create(clusters.source(), "orders", PARTITIONS, Map.of());
        Map<String, String> config = clusters.sourceLinkConfig("next-to-destination");
        config.put("mirror.topics", "orders");
        long sent;
        long started = System.currentTimeMillis();
        try (ContinuousProducer producer = new ContinuousProducer(clusters.source(), "orders", PARTITIONS)) {
            clusters.connect().configureConnector("next-to-destination", config);
            awaitGrowsBeyond(clusters.destination(), "orders", 2_000);

            long stoppedAt = System.nanoTime();
            clusters.destination().stopOnlyBrokers();
            KafkaLinkProcess.Run status = KafkaLinkProcess.run(clusters.connect().endpointForResource(""), "status");
            assertEquals(1, status.exitCode(), status.out() + status.err());
            assertTrue(status.err().contains("Cannot read the state of link next-to-destination")
                    && status.err().contains("destination cluster at " + clusters.destination().bootstrapServers()),
                    "kafka-link status must say that the destination does not answer: " + status.err());
            Waits.holdFor(OUTAGE.minusNanos(System.nanoTime() - stoppedAt), () -> producer.sent() > 0,
                    () -> "the source producer stopped");
            long sentDuringOutage = producer.sent();

            clusters.destination().restartOnlyBrokers();
            awaitGrowsBeyond(clusters.destination(), "orders", sentDuringOutage);
            assertRunning("next-to-destination");
            sent = producer.sent();
        }
        MirrorAssertions.awaitMirrored(clusters, "orders", "orders");
        long compared = MirrorAssertions.assertEverySentRecordMirroredOnceAligned(clusters, "orders", "orders", sent);
        LOG.info(String.format("FAULT destination broker (and the worker's own cluster) stopped %d s: %d records compared, %d s",
                OUTAGE.toSeconds(), compared, (System.currentTimeMillis() - started) / 1000));
        clusters.connect().deleteConnector("next-to-destination");
    }

    /**
     * The hybrid deployment: the worker's own Kafka is the source side, the link writes to another
     * cluster with its own producer, as {@code hybrid-source-link.json} configures it (destination.* only).
     */
    @Test
    void aMinuteWithoutTheDestinationWhileTheWorkerRunsNextToTheSourceKeepsTheTaskRunningAndLosesNothing() throws Exception {
        EmbeddedKafkaCluster onPrem = clusters.destination();
        EmbeddedKafkaCluster cloud = clusters.source();
        Topics.create(onPrem, "events", PARTITIONS, Map.of());
        Map<String, String> config = clusters.sourceLinkConfig("next-to-source");
        config.put("source.bootstrap.servers", onPrem.bootstrapServers());
        config.put("destination.bootstrap.servers", cloud.bootstrapServers());
        config.put("mirror.topics", "events");
        // Shorter than the outage, so that the restarted task's first attempts to open fail (and are retried).
        config.put("destination.default.api.timeout.ms", "15000");
        config.put("destination.request.timeout.ms", "10000");
        long sent;
        long started = System.currentTimeMillis();
        try (ContinuousProducer producer = new ContinuousProducer(onPrem, "events", PARTITIONS)) {
            clusters.connect().configureConnector("next-to-source", config);
            awaitGrowsBeyond(cloud, "events", 2_000);

            long stoppedAt = System.nanoTime();
            cloud.stopOnlyBrokers();
            // A task that starts while the destination is away (a rebalance, a restart) waits for it instead of failing.
            clusters.connect().restartTask("next-to-source", 0);
            Waits.holdFor(OUTAGE.minusNanos(System.nanoTime() - stoppedAt), () -> isRunning("next-to-source"),
                    () -> "the task must ride out the outage: " + clusters.connect().connectorStatus("next-to-source").tasks());
            long sentDuringOutage = producer.sent();
            assertTrue(ConnectorMetrics.value("next-to-source", "poll-errors-total") > 0,
                    "the restarted task did not wait for the destination (poll-errors-total)");

            cloud.restartOnlyBrokers();
            awaitGrowsBeyond(cloud, "events", sentDuringOutage);
            assertRunning("next-to-source");
            sent = producer.sent();
        }
        MirrorAssertions.awaitMirrored(onPrem, "events", cloud, "events");
        long compared = MirrorAssertions.assertEverySentRecordMirroredOnceAligned(onPrem, "events", cloud, "events", sent);
        LOG.info(String.format("FAULT destination broker stopped %d s, worker next to the source: %d records compared, %d s",
                OUTAGE.toSeconds(), compared, (System.currentTimeMillis() - started) / 1000));
        clusters.connect().deleteConnector("next-to-source");
    }

    private static boolean isRunning(String connector) {
        ConnectorStateInfo status = clusters.connect().connectorStatus(connector);
        return "RUNNING".equals(status.connector().state()) && status.tasks().size() == 1
                && "RUNNING".equals(status.tasks().get(0).state());
    }

    private static void assertRunning(String connector) throws InterruptedException {
        Waits.waitFor(() -> isRunning(connector), DEADLINE,
                () -> "the connector and its task did not run again by themselves: " + clusters.connect().connectorStatus(connector));
    }

    private static void awaitGrowsBeyond(EmbeddedKafkaCluster cluster, String topic, long records) throws InterruptedException {
        Waits.waitFor(() -> TopicReader.count(TopicReader.readAll(cluster.bootstrapServers(), topic)) > records, DEADLINE,
                () -> "the mirror " + topic + " did not grow beyond " + records + " records");
    }
}
