package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kafkalink.testkit.ConfluentRegistryStandIn;
import dev.kafkalink.testkit.ConnectorMetrics;
import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kafka-link command against a running link, as a separate process with the plugin archive's
 * lib/ and the Kafka jars on its classpath, the way bin/kafka-link runs it.
 */
class KafkaLinkCliIT {

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().build();

    @Test
    void statusVerifyAndOperationsOnARunningLink() throws Exception {
        Topics.create(clusters.source(), "orders", 2, Map.of());
        Topics.create(clusters.source(), "transfers", 1, Map.of());
        SourceData.produceNumbered(clusters.source(), "orders", 2, 300);
        produceWithAnAbortedTransaction("transfers");
        Map<String, String> config = clusters.sourceLinkConfig("cli");
        config.put("mirror.topics", "orders,transfers");
        config.put("topic.discovery.ms", "2000");
        clusters.connect().configureConnector("cli-link", config);
        MirrorAssertions.awaitMirrored(clusters, "orders", "orders");
        MirrorAssertions.awaitMirrored(clusters, "transfers", "transfers");

        KafkaLinkProcess.Run table = kafkaLink("status", "--partitions");
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(table.out().contains("Link cli: 2 mirror topic(s)"), table.out());
        assertTrue(table.out().matches("(?s).*orders\\s+ACTIVE\\s+\\d{4}-\\d\\d-\\d\\dT\\S+Z\\s+2\\s+0\\s+0\\s+aligned.*"), table.out());
        assertTrue(table.out().matches("(?s).*transfers\\s+ACTIVE\\s+\\S+Z\\s+1\\s+0\\s+0\\s+mapped.*"), table.out());
        assertTrue(table.out().matches("(?s).*orders\\s+1\\s+150\\s+150\\s+150\\s+0.*"), "per-partition rows: " + table.out());

        KafkaLinkProcess.Run json = kafkaLink("status", "--json");
        JsonNode status = new ObjectMapper().readTree(json.out());
        assertEquals("cli", status.path("link").asText());
        assertEquals(2, status.path("mirrors").size());
        for (JsonNode mirror : status.path("mirrors")) {
            assertEquals("ACTIVE", mirror.path("state").asText());
            assertEquals(0, mirror.path("totalLag").asLong());
            assertTrue(mirror.path("stateSinceMs").asLong() > 0, mirror.toString());
            if (!mirror.path("mapped").asBoolean()) {
                mirror.path("partitionRows").forEach(partition -> assertEquals(partition.path("sourceEnd").asLong(),
                        partition.path("mirroredUpTo").asLong(), "caught up: " + partition));
            }
            assertEquals(mirror.path("mirror").asText().equals("transfers"), mirror.path("mapped").asBoolean());
        }

        KafkaLinkProcess.Run identical = kafkaLink("verify", "orders");
        assertEquals(0, identical.exitCode(), identical.out() + identical.err());
        assertTrue(identical.out().contains("IDENTICAL: 300 records compared"), identical.out());
        KafkaLinkProcess.Run mapped = kafkaLink("verify", "transfers");
        assertEquals(0, mapped.exitCode(), mapped.out() + mapped.err());
        assertTrue(mapped.out().contains("IDENTICAL: 20 records compared"), "committed records only: " + mapped.out());
        // The connector's link health counts the same lag through the map's tail: transaction markers are no lag.
        Waits.waitFor(() -> ConnectorMetrics.topicValue("cli-link", "transfers", "topic-lag").orElse(-1L) == 0,
                Duration.ofSeconds(60), () -> "link health: topic-lag of transfers is not 0");

        KafkaLinkProcess.Run paused = kafkaLink("pause", "orders", "--wait");
        assertEquals(0, paused.exitCode(), paused.err());
        assertTrue(paused.out().contains("orders: PAUSED"), paused.out());
        KafkaLinkProcess.Run resumed = kafkaLink("resume", "orders", "--wait");
        assertEquals(0, resumed.exitCode(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("orders: ACTIVE"), resumed.out() + resumed.err());

        KafkaLinkProcess.Run failover = kafkaLink("failover", "orders", "--wait");
        assertEquals(0, failover.exitCode(), failover.err());
        assertTrue(failover.out().contains("orders: STOPPED (failed over)"), failover.out());
        assertEquals("orders", clusters.connect().connectorInfo("cli-link").config().get("mirror.topics.failover"),
                "the command changed the connector's configuration, nothing else");

        // After the failover both sides take new records: verify names the first difference.
        try (KafkaProducer<byte[], byte[]> source = clusters.source().createProducer(Map.of());
             KafkaProducer<byte[], byte[]> destination = clusters.destination().createProducer(Map.of())) {
            source.send(new ProducerRecord<>("orders", 0, bytes("k"), bytes("on the source"))).get();
            destination.send(new ProducerRecord<>("orders", 0, bytes("k"), bytes("on the destination"))).get();
        }
        KafkaLinkProcess.Run different = kafkaLink("verify", "orders");
        assertEquals(1, different.exitCode(), different.out() + different.err());
        assertTrue(different.out().contains("DIFFERENT") && different.out().contains("orders-0")
                && different.out().contains("source offset 150") && different.out().contains("values differ"), different.out());

        schemaExportStateInStatusAndPauseResumeReset();

        KafkaLinkProcess.Run unknown = kafkaLink("status", "--nonsense");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("Unknown option --nonsense"), unknown.err());
        clusters.connect().deleteConnector("cli-link");
    }

    /**
     * The link's schema export in {@code status} (failed, with the stopped subject; paused; its lag in versions, measured
     * from the registries) and {@code schemas reset|pause|resume}, which edit its configuration: a reset after the
     * destination was repaired exports the subject, versions registered while paused are lag until the resume.
     */
    private static void schemaExportStateInStatusAndPauseResumeReset() throws Exception {
        try (ConfluentRegistryStandIn sourceRegistry = ConfluentRegistryStandIn.start();
             ConfluentRegistryStandIn destinationRegistry = ConfluentRegistryStandIn.start()) {
            RegistryCalls source = new RegistryCalls(sourceRegistry.url());
            RegistryCalls destination = new RegistryCalls(destinationRegistry.url());
            destination.setMode("operator-owned", "IMPORT");
            destination.importSchema("operator-owned", 1, 1, "AVRO", "\"boolean\"");
            source.register("orders-value", "AVRO", "\"string\"");
            clusters.connect().configureConnector("cli-schemas",
                    SchemaExportIT.exportConfig("cli", sourceRegistry.url(), destinationRegistry.url()));
            SchemaExportIT.awaitFailedTask(clusters, "cli-schemas");

            KafkaLinkProcess.Run failed = kafkaLink("status");
            assertTrue(failed.out().matches("(?s).*cli-schemas\\s+FAILED\\s+1\\s+orders-value \\(1\\)\\s+.*orders-value: version 1.*"),
                    "the stopped subject is behind: " + failed.out());

            destination.deleteVersion("operator-owned", 1, false);
            destination.deleteVersion("operator-owned", 1, true);
            KafkaLinkProcess.Run reset = kafkaLink("schemas", "reset");
            assertEquals(0, reset.exitCode(), reset.err());
            SchemaExportIT.awaitSame(source, destination, List.of("orders-value"), UnaryOperator.identity(), UnaryOperator.identity());
            KafkaLinkProcess.Run inSync = kafkaLink("status");
            assertTrue(inSync.out().matches("(?s).*cli-schemas\\s+RUNNING\\s+0\\s*\n.*"), "lag 0: " + inSync.out());

            KafkaLinkProcess.Run pause = kafkaLink("schemas", "pause");
            assertEquals(0, pause.exitCode(), pause.err());
            assertEquals("true", clusters.connect().connectorInfo("cli-schemas").config().get("schema.export.paused"));
            Waits.waitFor(() -> ConnectorMetrics.value("cli-schemas", "export-paused") == 1, Duration.ofSeconds(60),
                    () -> "the task did not restart paused");
            source.register("orders-value", "AVRO", "\"int\"");
            source.register("orders-value", "AVRO", "\"long\"");
            source.register("payments-value", "AVRO", "\"double\"");
            JsonNode paused = schemaStatus(kafkaLink("status", "--json"));
            assertEquals("PAUSED", paused.path("state").asText(), paused.toString());
            assertEquals(3, paused.path("lagVersions").asInt(), paused.toString());
            assertEquals(Map.of("orders-value", 2, "payments-value", 1),
                    new ObjectMapper().convertValue(paused.path("subjectsBehind"), Map.class), paused.toString());
            KafkaLinkProcess.Run pausedTable = kafkaLink("status");
            assertTrue(pausedTable.out().matches("(?s).*cli-schemas\\s+PAUSED\\s+3\\s+orders-value \\(2\\), payments-value \\(1\\)\\s+"
                    + "schema.export.paused=true\n.*"), pausedTable.out());

            // A registry setting given on the command line replaces the connector's: here one that does not answer.
            Path registrySettings = Files.createTempFile("kafka-link-registries", ".properties");
            Files.writeString(registrySettings, "destination.schema.registry.url=http://127.0.0.1:1\n");
            JsonNode unknown = schemaStatus(kafkaLink("status", "--json", "--schema-registry-config", registrySettings.toString()));
            Files.delete(registrySettings);
            assertTrue(unknown.path("lagVersions").isNull() && unknown.path("lagProblem").asText().contains("destination schema registry"),
                    "the lag is unknown, the status still answers: " + unknown);

            KafkaLinkProcess.Run resume = kafkaLink("schemas", "resume");
            assertEquals(0, resume.exitCode(), resume.err());
            assertEquals("false", clusters.connect().connectorInfo("cli-schemas").config().get("schema.export.paused"));
            Waits.waitFor(() -> schemaStatus(kafkaLink("status", "--json")).path("lagVersions").asInt(-1) == 0,
                    Duration.ofSeconds(60), () -> "the lag does not go back to 0 after resume");
            clusters.connect().deleteConnector("cli-schemas");
        }
    }

    /** The one schema export of {@code status --json}. */
    private static JsonNode schemaStatus(KafkaLinkProcess.Run status) throws Exception {
        assertEquals(0, status.exitCode(), status.err());
        JsonNode schemas = new ObjectMapper().readTree(status.out()).path("schemas");
        assertEquals(1, schemas.size(), status.out());
        return schemas.path(0);
    }

    private static void produceWithAnAbortedTransaction(String topic) throws Exception {
        Map<String, Object> settings = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "cli-test");
        try (KafkaProducer<byte[], byte[]> producer = clusters.source().createProducer(settings)) {
            producer.initTransactions();
            for (String outcome : List.of("commit", "abort", "commit")) {
                producer.beginTransaction();
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, bytes(outcome + i), bytes(outcome)));
                }
                producer.flush(); // on the broker's log before the outcome, aborted records too
                if (outcome.equals("abort")) {
                    producer.abortTransaction();
                } else {
                    producer.commitTransaction();
                }
            }
        }
    }

    private static KafkaLinkProcess.Run kafkaLink(String... args) throws Exception {
        return KafkaLinkProcess.run(clusters.connect().endpointForResource(""), args);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
