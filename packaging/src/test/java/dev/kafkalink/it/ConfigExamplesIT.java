package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.kafkalink.testkit.ConfluentRegistryStandIn;
import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.RecordComparison;
import dev.kafkalink.testkit.SecuredClusterPair;
import dev.kafkalink.testkit.SecuredKafkaCluster;
import dev.kafkalink.testkit.TestCertificates;
import dev.kafkalink.testkit.TopicReader;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every config example we ship, with its placeholders replaced by this test's clusters, registries
 * and secrets file (read by the worker's FileConfigProvider, as in production), passes the Connect
 * REST validate endpoint with zero errors and then runs: connector and tasks RUNNING. The ACL examples
 * and the TLS example ({@code source-link-sasl-ssl.json}: an mTLS source, a SASL_SSL/SCRAM-SHA-512
 * destination) run on such a pair of clusters with an authorizer, every password and JAAS config
 * taken from the secrets file; the TLS example also mirrors its topic, compared record by record.
 */
class ConfigExamplesIT {

    private static final String TLS_EXAMPLE = "source-link-sasl-ssl.json";
    /** Restores topics that were never mirrors here: it runs without a task and says why. */
    private static final String RESTORE_EXAMPLE = "reverse-source-link.json";

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().fileConfigProvider().build();

    /** The TLS example's clusters: on-prem with client certificates, cloud with SCRAM over TLS. */
    @RegisterExtension
    static final SecuredClusterPair secured = new SecuredClusterPair(SecuredKafkaCluster.Security.MUTUAL_TLS,
            SecuredKafkaCluster.Security.SASL_SSL_SCRAM);

    private static Path secrets;
    private static ConfluentRegistryStandIn sourceRegistry;
    private static ConfluentRegistryStandIn destinationRegistry;

    @BeforeAll
    static void startTheSurroundings() throws Exception {
        secrets = Files.createTempDirectory("kafka-link-examples").resolve("secrets.properties");
        Properties values = new Properties();
        values.setProperty("source.registry.user.info", "link:registry-s3cret");
        values.setProperty("destination.registry.token", "registry-t0ken");
        // The names source-link-sasl-ssl.json uses, and cloud.truststore.password for the test's own CA.
        TestCertificates.Store keystore = secured.certificates().keystore(SecuredKafkaCluster.ADMIN);
        values.setProperty("onprem.keystore.password", keystore.password());
        values.setProperty("onprem.truststore.password", secured.certificates().truststore().password());
        values.setProperty("cloud.truststore.password", secured.certificates().truststore().password());
        values.setProperty("cloud.jaas", secured.destination().jaasConfig(SecuredKafkaCluster.ADMIN));
        try (java.io.Writer writer = Files.newBufferedWriter(secrets)) {
            values.store(writer, "secrets the worker's FileConfigProvider resolves");
        }
        sourceRegistry = ConfluentRegistryStandIn.start();
        sourceRegistry.requireBasicAuth("link", "registry-s3cret");
        destinationRegistry = ConfluentRegistryStandIn.start();
        destinationRegistry.requireBearerToken("registry-t0ken");
        for (String topic : List.of("orders", "payments", "prices", "catalog")) {
            Topics.create(clusters.source(), topic, 2, Map.of());
        }
        try (Admin admin = secured.source().admin()) {
            admin.createTopics(List.of(new NewTopic("orders", 2, (short) 1))).all().get();
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(secured.source().clientSettings(SecuredKafkaCluster.ADMIN),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 200; i++) {
                producer.send(new ProducerRecord<>("orders", i % 2, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        ("order-" + i).getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    @AfterAll
    static void stopTheSurroundings() {
        sourceRegistry.close();
        destinationRegistry.close();
    }

    @Test
    void everyExampleValidatesWithoutErrorsAndRuns() throws Exception {
        List<Path> examples = ExampleConfigs.all();
        List<String> problems = new ArrayList<>();
        for (Path example : examples) {
            String file = example.getFileName().toString();
            ExampleConfigs.Example loaded = ExampleConfigs.load(example);
            String name = loaded.name();
            Map<String, String> config = substituted(file, loaded.config());
            String connectorClass = config.get("connector.class");
            Map<String, String> validated = new HashMap<>(config);
            validated.put("name", name); // POST /connectors carries it beside the config
            List<String> errors = errors(connectorClass.substring(connectorClass.lastIndexOf('.') + 1), validated);
            if (!errors.isEmpty()) {
                problems.add(file + ": " + errors);
                continue;
            }
            clusters.connect().configureConnector(name, config);
            try {
                if (file.equals(RESTORE_EXAMPLE)) {
                    awaitRestoreRefused(name, config.get("link.name"));
                    clusters.connect().deleteConnector(name);
                    continue;
                }
                awaitRunning(name);
                if (file.equals(TLS_EXAMPLE)) {
                    awaitMirroredOverTls(config.get("cluster.link.prefix") + "orders");
                }
            } catch (AssertionError e) {
                problems.add(file + ": " + e.getMessage());
            }
            clusters.connect().deleteConnector(name);
        }
        assertEquals(List.of(), problems);
    }

    /**
     * The example's placeholders replaced. ACL examples and the TLS example run on the secured pair:
     * every secret through the worker's config provider, the test authority's trust store for the
     * destination (a cloud cluster's certificate is usually signed by a public authority, ours is not).
     */
    private static Map<String, String> substituted(String file, Map<String, String> example) {
        boolean tls = file.equals(TLS_EXAMPLE);
        if (!tls && !example.get("connector.class").endsWith("AclSyncConnector")) {
            return ExampleConfigs.substituted(example, new ExampleConfigs.Surroundings(clusters.source().bootstrapServers(),
                    clusters.destination().bootstrapServers(), sourceRegistry.url(), destinationRegistry.url(), secrets,
                    Map.of(), Map.of()));
        }
        SecuredKafkaCluster source = secured.source();
        SecuredKafkaCluster destination = secured.destination();
        Map<String, Object> sourceSettings = tls ? Map.of() : source.clientSettings(SecuredKafkaCluster.ADMIN);
        Map<String, Object> destinationSettings = new HashMap<>(destination.clientSettings(SecuredKafkaCluster.ADMIN));
        if (tls) {
            destinationSettings.keySet().retainAll(List.of("ssl.truststore.location", "ssl.truststore.type"));
        }
        Map<String, String> config = ExampleConfigs.substituted(example, new ExampleConfigs.Surroundings(
                source.bootstrapServers(), destination.bootstrapServers(), null, null, secrets, sourceSettings, destinationSettings));
        String provider = "${file:" + secrets + ":";
        config.put("destination.ssl.truststore.password", provider + "cloud.truststore.password}");
        config.put("destination.sasl.jaas.config", provider + "cloud.jaas}");
        if (tls) {
            // The example's own keys are already in place: only check they are what the clusters need.
            assertEquals(source.security().protocol().name, config.get("source.security.protocol"));
            assertEquals(destination.security().protocol().name, config.get("destination.security.protocol"));
            config.put("source.ssl.truststore.location", source.certificates().truststore().location().toString());
            config.put("source.ssl.keystore.location", source.certificates().keystore(SecuredKafkaCluster.ADMIN).location().toString());
        } else {
            config.put("source.ssl.keystore.password", provider + "onprem.keystore.password}");
            config.put("source.ssl.key.password", provider + "onprem.keystore.password}");
            config.put("source.ssl.truststore.password", provider + "onprem.truststore.password}");
        }
        return config;
    }

    private static void awaitMirroredOverTls(String mirror) throws InterruptedException {
        Map<String, Object> source = secured.source().clientSettings(SecuredKafkaCluster.ADMIN);
        Map<String, Object> destination = secured.destination().clientSettings(SecuredKafkaCluster.ADMIN);
        Waits.waitFor(() -> RecordComparison.aligned(TopicReader.readAll(source, "orders"),
                        TopicReader.readAll(destination, mirror)).isEmpty(), java.time.Duration.ofSeconds(90),
                () -> "orders was not mirrored to " + mirror + " record by record: " + RecordComparison.aligned(
                        TopicReader.readAll(source, "orders"), TopicReader.readAll(destination, mirror)));
    }

    private static List<String> errors(String connectorClass, Map<String, String> config) {
        return ValidateErrors.of(clusters.connect(), connectorClass, config).entrySet().stream()
                .map(error -> error.getKey() + ": " + error.getValue()).toList();
    }

    private static void awaitRestoreRefused(String connector, String link) throws InterruptedException {
        Waits.waitFor(() -> "RUNNING".equals(clusters.connect().connectorStatus(connector).connector().state())
                        && LinkState.latest(clusters.destination().bootstrapServers(), link, "restore/orders") != null
                        && LinkState.latest(clusters.destination().bootstrapServers(), link, "restore/orders")
                        .path("reason").asText().contains("was never a mirror of this link pair"),
                java.time.Duration.ofSeconds(60), () -> connector + " did not refuse its restore: "
                        + clusters.connect().connectorStatus(connector));
    }

    private static void awaitRunning(String connector) throws InterruptedException {
        Waits.waitFor(() -> {
            ConnectorStateInfo status = clusters.connect().connectorStatus(connector);
            return "RUNNING".equals(status.connector().state()) && !status.tasks().isEmpty()
                    && status.tasks().stream().allMatch(task -> "RUNNING".equals(task.state()));
        }, java.time.Duration.ofSeconds(60), () -> connector + " is not running: " + clusters.connect().connectorStatus(connector));
    }
}
