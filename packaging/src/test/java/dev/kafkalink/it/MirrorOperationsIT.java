package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.RecordComparison;
import dev.kafkalink.testkit.TopicReader;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pause, resume, promote and failover driven by connector configuration, as a deploy pipeline would,
 * on real clusters with producers writing throughout; mirrors are compared record by record.
 */
class MirrorOperationsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().build();

    @Test
    void pauseStopsCopyingAndResumeCarriesOnAligned() throws Exception {
        Topics.create(clusters.source(), "ledger", 2, Map.of());
        produce(clusters.source(), "ledger", 2, 0, 1000);
        Map<String, String> config = linkConfig("pausing", "ledger");
        clusters.connect().configureConnector("pausing", config);
        MirrorAssertions.awaitMirrored(clusters, "ledger", "ledger");

        config.put("mirror.topics.pause", "ledger");
        clusters.connect().configureConnector("pausing", config);
        awaitState("pausing", "ledger", "PAUSED");
        Waits.waitFor(() -> clusters.connect().connectorStatus("pausing").tasks().isEmpty(), DEADLINE,
                () -> "the paused partitions still have a task: " + clusters.connect().connectorStatus("pausing"));
        produce(clusters.source(), "ledger", 2, 1000, 500);
        assertEquals(1000, TopicReader.count(TopicReader.readAll(clusters.destination().bootstrapServers(), "ledger")),
                "records copied while paused");

        config.remove("mirror.topics.pause");
        clusters.connect().configureConnector("pausing", config);
        awaitState("pausing", "ledger", "ACTIVE");
        MirrorAssertions.awaitMirrored(clusters, "ledger", "ledger");
        MirrorAssertions.assertAligned(clusters, "ledger", "ledger");
        clusters.connect().deleteConnector("pausing");
    }

    @Test
    void failoverStopsAtOnceWhileProducersWriteAndAWorkerRestartsThenTheTopicIsTheApplicationsAndTheLinkNeverWritesAgain() throws Exception {
        Topics.create(clusters.source(), "orders", 2, Map.of("message.timestamp.type", "LogAppendTime"));
        Map<String, String> config = linkConfig("dr", "orders");
        try (ContinuousProducer producer = new ContinuousProducer(clusters.source(), "orders", 2)) {
            clusters.connect().configureConnector("dr", config);
            Waits.waitFor(() -> TopicReader.count(TopicReader.readAll(clusters.destination().bootstrapServers(), "orders"))
                    > 3000, DEADLINE, () -> "the mirror did not start");
            config.put("mirror.topics.failover", "orders");
            clusters.connect().configureConnector("dr", config);
            restartTheWorker();
            awaitState("dr", "orders", "STOPPED");
        }
        assertEquals("failed over", LinkState.mirror(clusters, "dr", "orders").path("reason").asText());
        assertEquals("LogAppendTime", destinationTopicConfig("orders", "message.timestamp.type"),
                "the source's timestamp setting is back on the promoted topic");

        // Whatever the mirror got is exactly the source's beginning, at the same offsets.
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> mirror = TopicReader.readAll(clusters.destination().bootstrapServers(), "orders");
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> source = TopicReader.readAll(clusters.source().bootstrapServers(), "orders");
        source.replaceAll((partition, records) -> records.subList(0, mirror.getOrDefault(partition, List.of()).size()));
        assertEquals(List.of(), RecordComparison.aligned(source, mirror), "the mirror up to the failover");

        // Applications write to the destination topic now; the link, restarted, writes nothing more.
        long end0 = mirror.get(0).size();
        RecordMetadata own = produceToDestination("orders", 0);
        assertEquals(end0, own.offset(), "the application's record follows the mirrored ones");
        clusters.connect().restartConnectorAndTasks("dr", false, true, false);
        produce(clusters.source(), "orders", 2, 1_000_000, 200);
        awaitConnectorRunning("dr");
        config.remove("mirror.topics.failover");
        clusters.connect().configureConnector("dr", config);
        awaitConnectorRunning("dr");
        assertEquals("STOPPED", LinkState.state(clusters, "dr", "orders"), "a config without the failover changes nothing");
        assertEquals(end0 + 1, TopicReader.readAll(clusters.destination().bootstrapServers(), "orders").get(0).size(),
                "the link wrote into a stopped topic");
        clusters.connect().deleteConnector("dr");
    }

    @Test
    void promoteWaitsWhileProducersWriteSurvivesAWorkerRestartThenCompletesWithEveryRecordAndTheFinalGroupOffsets()
            throws Exception {
        Topics.create(clusters.source(), "payments", 2, Map.of());
        Map<String, String> config = linkConfig("migration", "payments");
        Map<String, String> offsets = clusters.offsetSyncConfig("migration");
        offsets.put("consumer.offset.group.filters",
                "{\"groupFilters\":[{\"name\":\"billing\",\"patternType\":\"LITERAL\",\"filterType\":\"INCLUDE\"}]}");
        offsets.put("consumer.offset.sync.ms", "1000");
        try (ContinuousProducer producer = new ContinuousProducer(clusters.source(), "payments", 2)) {
            clusters.connect().configureConnector("migration", config);
            clusters.connect().configureConnector("migration-offsets", offsets);
            Waits.waitFor(() -> producer.sent() > 2000, DEADLINE, () -> "the producer did not start");

            config.put("mirror.topics.promote", "payments");
            clusters.connect().configureConnector("migration", config);
            awaitState("migration", "payments", "PENDING_STOPPED");
            for (int check = 0; check < 3; check++) {
                long sent = producer.sent();
                Waits.waitFor(() -> producer.sent() > sent + 3000, DEADLINE, () -> "the producer stalled");
                assertEquals("PENDING_STOPPED", LinkState.state(clusters, "migration", "payments"),
                        "promoted while producers still write");
            }
            restartTheWorker();
            long sent = producer.sent();
            Waits.waitFor(() -> producer.sent() > sent + 3000, DEADLINE, () -> "the producer stalled");
            assertEquals("PENDING_STOPPED", LinkState.state(clusters, "migration", "payments"));
            // The application on the source has read part of the topic when its producers stop.
            ConsumerGroups.consumeAndCommit(clusters.source().bootstrapServers(), "billing", "classic", "payments", 1500, "");
        }
        awaitState("migration", "payments", "STOPPED");
        assertEquals("promoted", LinkState.mirror(clusters, "migration", "payments").path("reason").asText());
        MirrorAssertions.assertAligned(clusters, "payments", "payments");
        assertEquals(ConsumerGroups.committedOffsets(clusters.source().bootstrapServers(), "billing"),
                ConsumerGroups.committedOffsets(clusters.destination().bootstrapServers(), "billing"),
                "the group's offsets as of the promote");

        RecordMetadata own = produceToDestination("payments", 1);
        assertEquals(TopicReader.readAll(clusters.source().bootstrapServers(), "payments").get(1).size(), own.offset());
        clusters.connect().deleteConnector("migration-offsets");
        clusters.connect().deleteConnector("migration");
    }

    @Test
    void aMirrorWrittenByAnyoneButTheLinkFailsWithThatReasonAndIsNeverInterleaved() throws Exception {
        Topics.create(clusters.source(), "inventory", 1, Map.of());
        produce(clusters.source(), "inventory", 1, 0, 100);
        Map<String, String> config = linkConfig("guarded", "inventory");
        clusters.connect().configureConnector("guarded", config);
        MirrorAssertions.awaitMirrored(clusters, "inventory", "inventory");

        RecordMetadata foreign = produceToDestination("inventory", 0);
        assertEquals(100, foreign.offset());
        awaitState("guarded", "inventory", "FAILED");
        String reason = LinkState.mirror(clusters, "guarded", "inventory").path("reason").asText();
        assertTrue(reason.contains("inventory-0") && reason.contains("written by something other than the link"), reason);
        awaitReportTask("guarded", "mirror topic inventory FAILED");
        produce(clusters.source(), "inventory", 1, 100, 50);
        awaitConnectorRunning("guarded");
        assertEquals(101, TopicReader.readAll(clusters.destination().bootstrapServers(), "inventory").get(0).size(),
                "the link wrote after the foreign record");

        // The operator decides the destination topic is theirs now: a failover of the FAILED mirror.
        config.put("mirror.topics.failover", "inventory");
        clusters.connect().configureConnector("guarded", config);
        awaitState("guarded", "inventory", "STOPPED");
        clusters.connect().deleteConnector("guarded");
    }

    @Test
    void aMirrorTopicDeletedOnTheDestinationFailsWithThatReasonAndIsNotCreatedAgain() throws Exception {
        Topics.create(clusters.source(), "audit", 1, Map.of());
        produce(clusters.source(), "audit", 1, 0, 100);
        clusters.connect().configureConnector("deleted", linkConfig("deleted", "audit"));
        MirrorAssertions.awaitMirrored(clusters, "audit", "audit");

        try (Admin admin = clusters.destination().createAdminClient()) {
            admin.deleteTopics(List.of("audit")).all().get();
        }
        awaitState("deleted", "audit", "FAILED");
        String reason = LinkState.mirror(clusters, "deleted", "audit").path("reason").asText();
        assertTrue(reason.contains("was deleted on the destination"), reason);
        awaitReportTask("deleted", "mirror topic audit FAILED");
        produce(clusters.source(), "audit", 1, 100, 50);
        awaitConnectorRunning("deleted");
        try (Admin admin = clusters.destination().createAdminClient()) {
            assertTrue(!admin.listTopics().names().get().contains("audit"), "the link created the deleted mirror again");
        }
        // The operator lets it go: a failover ends the mirror although its topic is gone.
        Map<String, String> config = linkConfig("deleted", "audit");
        config.put("mirror.topics.failover", "audit");
        clusters.connect().configureConnector("deleted", config);
        awaitState("deleted", "audit", "STOPPED");
        Waits.waitFor(() -> clusters.connect().connectorStatus("deleted").tasks().isEmpty(), DEADLINE,
                () -> "the report of the failed-over mirror stayed: " + clusters.connect().connectorStatus("deleted"));
        clusters.connect().deleteConnector("deleted");
    }

    @Test
    void aFaultInOnePartitionStopsOnlyThatPartitionAndShowsInTheConnectorStatus() throws Exception {
        Topics.create(clusters.source(), "stock", 3, Map.of());
        produce(clusters.source(), "stock", 3, 0, 300);
        Map<String, String> config = linkConfig("partial", "stock");
        config.put("tasks.max", "2");
        clusters.connect().configureConnector("partial", config);
        MirrorAssertions.awaitMirrored(clusters, "stock", "stock");

        RecordMetadata foreign = produceToDestination("stock", 1);
        assertEquals(100, foreign.offset());
        awaitReportTask("partial", "mirror partition stock-1 stopped");
        assertEquals("ACTIVE", LinkState.state(clusters, "partial", "stock"));
        String reason = LinkState.mirror(clusters, "partial", "stock").path("reason").asText();
        assertTrue(reason.startsWith("partition 1 stopped by a fault") && reason.contains("written by something other than the link"),
                reason);
        Waits.waitFor(() -> clusters.connect().connectorStatus("partial").tasks().stream()
                        .anyMatch(task -> "RUNNING".equals(task.state())), DEADLINE,
                () -> "no task copies the other partitions: " + clusters.connect().connectorStatus("partial"));

        produce(clusters.source(), "stock", 3, 300, 300);
        Waits.waitFor(() -> {
            Map<Integer, List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>>> mirror =
                    TopicReader.readAll(clusters.destination().bootstrapServers(), "stock");
            return mirror.get(0).size() == 200 && mirror.get(2).size() == 200;
        }, DEADLINE, () -> "partitions 0 and 2 did not go on copying");
        var source = TopicReader.readAll(clusters.source().bootstrapServers(), "stock");
        var mirror = TopicReader.readAll(clusters.destination().bootstrapServers(), "stock");
        assertEquals(List.of(), dev.kafkalink.testkit.RecordComparison.aligned(Map.of(0, source.get(0), 2, source.get(2)),
                Map.of(0, mirror.get(0), 2, mirror.get(2))), "partitions 0 and 2, record by record");
        assertEquals(101, mirror.get(1).size(), "the link wrote after the foreign record in partition 1");
        clusters.connect().deleteConnector("partial");
    }

    /** The connector's status shows one FAILED task whose trace says {@code what}. */
    private static void awaitReportTask(String connector, String what) throws InterruptedException {
        Waits.waitFor(() -> clusters.connect().connectorStatus(connector).tasks().stream()
                        .anyMatch(task -> "FAILED".equals(task.state()) && task.trace().contains(what)), DEADLINE,
                () -> connector + "'s status does not report '" + what + "': " + clusters.connect().connectorStatus(connector));
    }

    /** The only worker leaves without finishing anything and a new one takes its connectors and tasks. */
    private static void restartTheWorker() throws InterruptedException {
        clusters.connect().removeWorker(clusters.connect().workers().iterator().next());
        clusters.connect().addWorker();
        Waits.waitFor(() -> clusters.connect().workers().size() == 1 && clusters.connect().healthyWorkers().size() == 1, DEADLINE,
                () -> "the new worker did not join");
    }

    private static Map<String, String> linkConfig(String link, String topics) {
        Map<String, String> config = clusters.sourceLinkConfig(link);
        config.put("mirror.topics", topics);
        config.put("topic.discovery.ms", "2000");
        return config;
    }

    private static void awaitState(String link, String mirror, String state) throws InterruptedException {
        Waits.waitFor(() -> state.equals(LinkState.state(clusters, link, mirror)), DEADLINE,
                () -> mirror + " is not " + state + ": " + LinkState.mirror(clusters, link, mirror));
    }

    private static void awaitConnectorRunning(String connector) throws InterruptedException {
        Waits.waitFor(() -> "RUNNING".equals(clusters.connect().connectorStatus(connector).connector().state()), DEADLINE,
                () -> connector + " is not running: " + clusters.connect().connectorStatus(connector));
    }

    private static void produce(EmbeddedKafkaCluster cluster, String topic, int partitions, int from, int count) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = cluster.createProducer(Map.of())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, bytes("k" + i), bytes("v" + i)));
            }
            producer.flush();
        }
    }

    private static RecordMetadata produceToDestination(String topic, int partition) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = clusters.destination().createProducer(Map.of())) {
            return producer.send(new ProducerRecord<>(topic, partition, bytes("app"), bytes("written after the switch"))).get();
        }
    }

    private static String destinationTopicConfig(String topic, String name) throws Exception {
        try (Admin admin = clusters.destination().createAdminClient()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get().get(resource).get(name).value();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
