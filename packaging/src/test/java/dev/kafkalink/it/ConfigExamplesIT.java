package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;


import dev.kafkalink.testkit.ConfluentRegistryStandIn;
import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.SaslKafkaCluster;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every config example we ship, with its placeholders replaced by this test's clusters, registries
 * and secrets file (read by the worker's FileConfigProvider, as in production), passes the Connect
 * REST validate endpoint with zero errors and then runs: connector and tasks RUNNING.
 */
class ConfigExamplesIT {

    /** Examples for TLS clusters; they need the certificates of the reliability suite (issue 8). */
    private static final Set<String> NEED_TLS_CLUSTERS = Set.of("source-link-sasl-ssl.json");

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().fileConfigProvider().build();

    private static Path secrets;
    private static ConfluentRegistryStandIn sourceRegistry;
    private static ConfluentRegistryStandIn destinationRegistry;
    private static SaslKafkaCluster securedSource;
    private static SaslKafkaCluster securedDestination;

    @BeforeAll
    static void startTheSurroundings() throws Exception {
        secrets = Files.createTempDirectory("kafka-link-examples").resolve("secrets.properties");
        Properties values = new Properties();
        values.setProperty("source.registry.user.info", "link:registry-s3cret");
        values.setProperty("destination.registry.token", "registry-t0ken");
        values.setProperty("kafka.jaas", SaslKafkaCluster.jaasConfig(SaslKafkaCluster.ADMIN));
        try (java.io.Writer writer = Files.newBufferedWriter(secrets)) {
            values.store(writer, "secrets the worker's FileConfigProvider resolves");
        }
        sourceRegistry = ConfluentRegistryStandIn.start();
        sourceRegistry.requireBasicAuth("link", "registry-s3cret");
        destinationRegistry = ConfluentRegistryStandIn.start();
        destinationRegistry.requireBearerToken("registry-t0ken");
        securedSource = SaslKafkaCluster.start();
        securedDestination = SaslKafkaCluster.start();
        for (String topic : List.of("orders", "payments", "prices", "catalog")) {
            Topics.create(clusters.source(), topic, 2, Map.of());
        }
    }

    @AfterAll
    static void stopTheSurroundings() throws Exception {
        sourceRegistry.close();
        destinationRegistry.close();
        securedSource.close();
        securedDestination.close();
    }

    @Test
    void everyExampleValidatesWithoutErrorsAndRuns() throws Exception {
        List<Path> examples = ExampleConfigs.all();
        Set<String> notRun = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Path example : examples) {
            String file = example.getFileName().toString();
            if (NEED_TLS_CLUSTERS.contains(file)) {
                notRun.add(file);
                continue;
            }
            ExampleConfigs.Example loaded = ExampleConfigs.load(example);
            String name = loaded.name();
            Map<String, String> config = substituted(loaded.config());
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
                awaitRunning(name);
            } catch (AssertionError e) {
                problems.add(file + ": " + e.getMessage());
            }
            clusters.connect().deleteConnector(name);
        }
        assertEquals(List.of(), problems);
        assertEquals(NEED_TLS_CLUSTERS, notRun, "examples left to the TLS suite");
    }

    /**
     * The example's placeholders replaced; ACL examples run on the clusters with an authorizer, with
     * their SASL credentials taken from the secrets file through the worker's config provider too.
     */
    private static Map<String, String> substituted(Map<String, String> example) {
        if (!example.get("connector.class").endsWith("AclSyncConnector")) {
            return ExampleConfigs.substituted(example, new ExampleConfigs.Surroundings(clusters.source().bootstrapServers(),
                    clusters.destination().bootstrapServers(), sourceRegistry.url(), destinationRegistry.url(), secrets,
                    Map.of(), Map.of()));
        }
        Map<String, String> config = ExampleConfigs.substituted(example, new ExampleConfigs.Surroundings(
                securedSource.bootstrapServers(), securedDestination.bootstrapServers(), null, null, secrets,
                securedSource.clientSettings(SaslKafkaCluster.ADMIN), securedDestination.clientSettings(SaslKafkaCluster.ADMIN)));
        config.put("source.sasl.jaas.config", "${file:" + secrets + ":kafka.jaas}");
        config.put("destination.sasl.jaas.config", "${file:" + secrets + ":kafka.jaas}");
        return config;
    }

    private static List<String> errors(String connectorClass, Map<String, String> config) {
        return ValidateErrors.of(clusters.connect(), connectorClass, config).entrySet().stream()
                .map(error -> error.getKey() + ": " + error.getValue()).toList();
    }

    private static void awaitRunning(String connector) throws InterruptedException {
        Waits.waitFor(() -> {
            ConnectorStateInfo status = clusters.connect().connectorStatus(connector);
            return "RUNNING".equals(status.connector().state()) && !status.tasks().isEmpty()
                    && status.tasks().stream().allMatch(task -> "RUNNING".equals(task.state()));
        }, java.time.Duration.ofSeconds(60), () -> connector + " is not running: " + clusters.connect().connectorStatus(connector));
    }
}
