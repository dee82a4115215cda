package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.kafkalink.testkit.ConfluentRegistryStandIn;
import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.SecuredKafkaCluster;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Passwords and tokens of all four connectors, given directly or through a config provider, never
 * show: not in the worker's and clients' INFO logs (configs are printed there), not in the validate
 * answer, not in a failed task's trace, not in the kafka-link command's output.
 */
class SecretsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final Path LOG = Path.of("target", "it-logs", "tests.log");

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().fileConfigProvider().build();

    @Test
    void noSecretShowsInLogsValidateAnswersTracesOrTheCommandsOutput() throws Exception {
        String registryPassword = "registry-pw-" + System.nanoTime();
        String registryToken = "registry-token-" + System.nanoTime();
        List<String> secrets = new ArrayList<>(List.of(registryPassword, registryToken));
        long logStart = Files.exists(LOG) ? Files.size(LOG) : 0;
        Configurator.setLevel("org.apache.kafka.connect", Level.INFO);
        Configurator.setLevel("org.apache.kafka.clients", Level.INFO);
        Configurator.setLevel("org.apache.kafka.common.config", Level.INFO);
        // The test harness's REST client logs Connect's answers, which echo a configuration as it was
        // submitted (Connect's REST API does; that is why secrets belong in config providers).
        Configurator.setLevel("org.apache.kafka.connect.util.clusters", Level.WARN);
        List<String> outputs = new ArrayList<>();
        try (SecuredKafkaCluster source = SecuredKafkaCluster.start(); SecuredKafkaCluster destination = SecuredKafkaCluster.start();
             ConfluentRegistryStandIn sourceRegistry = ConfluentRegistryStandIn.start();
             ConfluentRegistryStandIn destinationRegistry = ConfluentRegistryStandIn.start()) {
            sourceRegistry.requireBasicAuth("link", registryPassword);
            destinationRegistry.requireBearerToken(registryToken);
            Path secretsFile = Files.createTempDirectory("kafka-link-secrets").resolve("secrets.properties");
            Properties values = new Properties();
            secrets.addAll(source.secrets(SecuredKafkaCluster.ADMIN));
            secrets.addAll(destination.secrets(SecuredKafkaCluster.ADMIN));
            values.setProperty("source.jaas", source.jaasConfig(SecuredKafkaCluster.ADMIN));
            values.setProperty("destination.jaas", destination.jaasConfig(SecuredKafkaCluster.ADMIN));
            values.setProperty("registry.user.info", "link:" + registryPassword);
            try (Writer writer = Files.newBufferedWriter(secretsFile)) {
                values.store(writer, null);
            }
            try (Admin admin = source.admin()) {
                admin.createTopics(List.of(new NewTopic("payments", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(source.clientSettings(SecuredKafkaCluster.ADMIN),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>("payments", bytes("k"), bytes("v"))).get();
            }

            // Kafka secrets directly in two connectors, through the provider in the other.
            Map<String, String> link = withClusters(clusters.sourceLinkConfig("secret"), source, destination, null);
            link.put("mirror.topics", "payments");
            Map<String, String> offsets = withClusters(clusters.offsetSyncConfig("secret"), source, destination, null);
            offsets.put("consumer.offset.group.filters",
                    "{\"groupFilters\":[{\"name\":\"*\",\"patternType\":\"LITERAL\",\"filterType\":\"INCLUDE\"}]}");
            Map<String, String> acls = withClusters(clusters.aclSyncConfig("secret"), source, destination, secretsFile);
            acls.put("acl.filters", "{\"aclFilters\":[{\"resourceFilter\":{\"resourceType\":\"any\"}}]}");
            // Registry secrets through the provider (source) and directly (destination).
            Map<String, String> schemas = SchemaExportIT.exportConfig("secret", sourceRegistry.url(), destinationRegistry.url());
            schemas.put("source.basic.auth.user.info", "${file:" + secretsFile + ":registry.user.info}");
            schemas.put("destination.bearer.auth.token", registryToken);

            for (Map.Entry<String, Map<String, String>> connector : Map.of("secret-link", link, "secret-offsets", offsets,
                    "secret-acls", acls, "secret-schemas", schemas).entrySet()) {
                String plugin = connector.getValue().get("connector.class");
                outputs.add(ValidateErrors.of(clusters.connect(), plugin.substring(plugin.lastIndexOf('.') + 1),
                        named(connector.getValue(), connector.getKey())).toString());
                clusters.connect().configureConnector(connector.getKey(), connector.getValue());
            }
            for (String connector : List.of("secret-link", "secret-offsets", "secret-acls", "secret-schemas")) {
                Waits.waitFor(() -> running(connector), DEADLINE, () -> connector + ": " + clusters.connect().connectorStatus(connector));
            }
            Waits.waitFor(() -> endOffset(destination, "payments") == 1, DEADLINE, () -> "the record was not mirrored");
            String connect = clusters.connect().endpointForResource("");
            KafkaLinkProcess.Run status = KafkaLinkProcess.run(connect, "status", "--json");
            assertEquals(0, status.exitCode(), status.err());
            outputs.add(status.out() + status.err());

            // A failed task's trace: the destination registry's token changes under the running task.
            destinationRegistry.requireBearerToken(registryToken + "-rotated");
            new RegistryCalls(sourceRegistry.url(), basic(registryPassword)).register("s-value", "AVRO", "\"string\"");
            Waits.waitFor(() -> "FAILED".equals(taskState("secret-schemas")), DEADLINE,
                    () -> "the schema task did not fail: " + clusters.connect().connectorStatus("secret-schemas"));
            outputs.add(clusters.connect().connectorStatus("secret-schemas").toString());
            for (String connector : List.of("secret-link", "secret-offsets", "secret-acls", "secret-schemas")) {
                clusters.connect().deleteConnector(connector);
            }
        } finally {
            Configurator.setLevel("org.apache.kafka.connect", Level.WARN);
            Configurator.setLevel("org.apache.kafka.clients", Level.WARN);
            Configurator.setLevel("org.apache.kafka.common.config", Level.WARN);
        }
        String logged = Files.readString(LOG).substring((int) logStart);
        assertTrue(logged.contains("sasl.jaas.config = [hidden]"), "client configs were not printed at INFO: the check "
                + "would prove nothing");
        for (String secret : secrets) {
            assertFalse(logged.contains(secret), "a secret is in " + LOG);
            for (String output : outputs) {
                assertFalse(output.contains(secret), "a secret is in " + output);
            }
        }
    }

    private static Map<String, String> withClusters(Map<String, String> config, SecuredKafkaCluster source,
                                                    SecuredKafkaCluster destination, Path secretsFile) {
        Map<String, String> secured = new HashMap<>(config);
        source.clientSettings(SecuredKafkaCluster.ADMIN).forEach((key, value) -> secured.put("source." + key, value.toString()));
        destination.clientSettings(SecuredKafkaCluster.ADMIN)
                .forEach((key, value) -> secured.put("destination." + key, value.toString()));
        if (secretsFile != null) {
            secured.put("source.sasl.jaas.config", "${file:" + secretsFile + ":source.jaas}");
            secured.put("destination.sasl.jaas.config", "${file:" + secretsFile + ":destination.jaas}");
        }
        return secured;
    }

    private static long endOffset(SecuredKafkaCluster cluster, String topic) throws Exception {
        try (Admin admin = cluster.admin()) {
            org.apache.kafka.common.TopicPartition partition = new org.apache.kafka.common.TopicPartition(topic, 0);
            return admin.listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get()
                    .get(partition).offset();
        } catch (java.util.concurrent.ExecutionException e) {
            return -1;
        }
    }

    private static Map<String, String> named(Map<String, String> config, String name) {
        Map<String, String> named = new HashMap<>(config);
        named.put("name", name);
        return named;
    }

    private static boolean running(String connector) {
        var status = clusters.connect().connectorStatus(connector);
        return "RUNNING".equals(status.connector().state()) && !status.tasks().isEmpty()
                && status.tasks().stream().allMatch(task -> "RUNNING".equals(task.state()));
    }

    private static String taskState(String connector) {
        var tasks = clusters.connect().connectorStatus(connector).tasks();
        return tasks.isEmpty() ? "none" : tasks.get(0).state();
    }

    private static String basic(String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(("link:" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
