package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.Topics;

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

    /** What a run printed and how it ended. */
    record Run(int exitCode, String out, String err) {
    }

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

        Run table = kafkaLink("status", "--partitions");
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(table.out().contains("Link cli: 2 mirror topic(s)"), table.out());
        assertTrue(table.out().matches("(?s).*orders\\s+ACTIVE\\s+2\\s+0\\s+0\\s+aligned.*"), table.out());
        assertTrue(table.out().matches("(?s).*transfers\\s+ACTIVE\\s+1\\s+0\\s+0\\s+mapped.*"), table.out());
        assertTrue(table.out().matches("(?s).*orders\\s+1\\s+150\\s+150\\s+0.*"), "per-partition rows: " + table.out());

        Run json = kafkaLink("status", "--json");
        JsonNode status = new ObjectMapper().readTree(json.out());
        assertEquals("cli", status.path("link").asText());
        assertEquals(2, status.path("mirrors").size());
        for (JsonNode mirror : status.path("mirrors")) {
            assertEquals("ACTIVE", mirror.path("state").asText());
            assertEquals(0, mirror.path("totalLag").asLong());
            assertEquals(mirror.path("mirror").asText().equals("transfers"), mirror.path("mapped").asBoolean());
        }

        Run identical = kafkaLink("verify", "orders");
        assertEquals(0, identical.exitCode(), identical.out() + identical.err());
        assertTrue(identical.out().contains("IDENTICAL: 300 records compared"), identical.out());
        Run mapped = kafkaLink("verify", "transfers");
        assertEquals(0, mapped.exitCode(), mapped.out() + mapped.err());
        assertTrue(mapped.out().contains("IDENTICAL: 20 records compared"), "committed records only: " + mapped.out());

        Run paused = kafkaLink("pause", "orders", "--wait");
        assertEquals(0, paused.exitCode(), paused.err());
        assertTrue(paused.out().contains("orders: PAUSED"), paused.out());
        Run resumed = kafkaLink("resume", "orders", "--wait");
        assertTrue(resumed.out().contains("orders: ACTIVE"), resumed.out());

        Run failover = kafkaLink("failover", "orders", "--wait");
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
        Run different = kafkaLink("verify", "orders");
        assertEquals(1, different.exitCode(), different.out() + different.err());
        assertTrue(different.out().contains("DIFFERENT") && different.out().contains("orders-0")
                && different.out().contains("source offset 150") && different.out().contains("values differ"), different.out());

        Run unknown = kafkaLink("status", "--nonsense");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("Unknown option --nonsense"), unknown.err());
        clusters.connect().deleteConnector("cli-link");
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

    private static Run kafkaLink(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", pluginLib() + File.pathSeparator + System.getProperty("java.class.path"),
                "dev.kafkalink.cli.KafkaLinkCli", "--connect", clusters.connect().endpointForResource("").replaceAll("/$", "")));
        command.addAll(List.of(args));
        Path errors = Files.createTempFile("kafka-link", ".err");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kafka-link " + String.join(" ", args) + " did not finish");
        }
        String err = Files.readString(errors);
        Files.delete(errors);
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), err);
    }

    private static String pluginLib() {
        File[] folders = new File(System.getProperty("kafkalink.plugin.path")).listFiles(File::isDirectory);
        if (folders == null || folders.length != 1) {
            throw new IllegalStateException("Expected the unpacked plugin in " + System.getProperty("kafkalink.plugin.path"));
        }
        return new File(folders[0], "lib").getAbsolutePath() + File.separator + "*";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
