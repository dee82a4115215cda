package dev.kafkalink.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.kafkalink.acls.AclSyncConnector;
import dev.kafkalink.offsets.OffsetSyncConnector;
import dev.kafkalink.schemas.SchemaExportConnector;
import dev.kafkalink.source.SourceLinkConnector;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/**
 * The deploy guides (deploy/: Amazon MSK Connect, Strimzi, Confluent Platform) hold what the
 * connectors accept and what each platform accepts: every key a connector reads is one of its own,
 * a cluster's client setting or Connect's; the Strimzi resources carry the same settings as the
 * disaster-recovery JSON examples; MSK Connect's worker configuration uses only keys MSK allows.
 * (Strimzi's CRD schemas are not published on Maven Central or npm, so the resources are checked
 * key by key against what the Strimzi documentation allows.)
 */
class DeployGuidesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path DEPLOY = Path.of("deploy");

    private record Connector(Function<Map<String, String>, Config> validator, ConfigDef definition) {
    }

    private static final Map<String, Connector> CONNECTORS = Map.of(
            SourceLinkConnector.class.getName(), new Connector(SourceLinkConnector::validateFields, new SourceLinkConnector().config()),
            OffsetSyncConnector.class.getName(), new Connector(OffsetSyncConnector::validateFields, new OffsetSyncConnector().config()),
            AclSyncConnector.class.getName(), new Connector(AclSyncConnector::validateFields, new AclSyncConnector().config()),
            SchemaExportConnector.class.getName(), new Connector(SchemaExportConnector::validateFields, new SchemaExportConnector().config()));

    /** Keys of every connector configuration that Connect itself reads. */
    private static final Set<String> CONNECT_KEYS = Set.of("name", "connector.class", "tasks.max", "key.converter",
            "value.converter", "header.converter", "config.action.reload", "transforms", "predicates");
    private static final List<String> CONNECT_PREFIXES = List.of("producer.override.", "consumer.override.", "admin.override.",
            "errors.");
    /** Client settings of a cluster, handed to Kafka's clients as they are. */
    private static final List<String> CLIENT_PREFIXES = List.of("source.", "destination.");

    /** Worker keys Strimzi manages itself and refuses in KafkaConnect spec.config (Strimzi documentation). */
    private static final List<String> STRIMZI_FORBIDDEN_PREFIXES = List.of("ssl.", "sasl.", "security.", "listeners",
            "plugin.path", "rest.", "bootstrap.servers", "consumer.interceptor.classes", "producer.interceptor.classes");

    /** The worker keys Amazon MSK Connect accepts in a custom worker configuration (its "supported worker configuration properties"). */
    private static final Set<String> MSK_WORKER_KEYS = Set.of("key.converter", "value.converter", "header.converter",
            "producer.acks", "producer.batch.size", "producer.buffer.memory", "producer.compression.type",
            "producer.enable.idempotence", "producer.key.serializer", "producer.max.request.size", "producer.partitioner.class",
            "producer.value.serializer", "offset.storage.topic", "offset.storage.partitions", "status.storage.partitions",
            "config.providers");

    @Test
    void strimziConnectorsCarryTheDisasterRecoveryExamplesSettings() throws IOException {
        JsonNode connect = YAML.readTree(DEPLOY.resolve("strimzi/kafka-connect.yaml").toFile());
        List<JsonNode> connectors = readAll(DEPLOY.resolve("strimzi/dr-connectors.yaml"));
        Map<String, Map<String, String>> examples = new TreeMap<>();
        try (var files = Files.list(Path.of("."))) {
            for (Path file : files.filter(path -> path.getFileName().toString().matches("dr-.*\\.json")).toList()) {
                JsonNode root = JSON.readTree(file.toFile());
                examples.put(root.path("name").asText(), JSON.convertValue(root.get("config"), new TypeReference<>() { }));
            }
        }
        assertEquals(4, examples.size(), "the disaster-recovery examples: " + examples.keySet());
        assertEquals(examples.size(), connectors.size(), "one KafkaConnector per example");
        for (JsonNode resource : connectors) {
            String name = resource.path("metadata").path("name").asText();
            assertEquals("kafka.strimzi.io/v1", resource.path("apiVersion").asText(), name);
            assertEquals("KafkaConnector", resource.path("kind").asText(), name);
            assertEquals(connect.path("metadata").path("name").asText(), resource.path("metadata").path("labels")
                    .path("strimzi.io/cluster").asText(), name + " belongs to the KafkaConnect");
            assertEquals(Set.of("class", "tasksMax", "config"), fieldNames(resource.path("spec")), name + " spec");
            Map<String, String> example = examples.get(name);
            assertNotNull(example, name + " has no JSON example");
            Map<String, String> config = new HashMap<>(YAML.convertValue(resource.path("spec").path("config"), new TypeReference<Map<String, String>>() { }));
            config.put("connector.class", resource.path("spec").path("class").asText());
            config.put("tasks.max", resource.path("spec").path("tasksMax").asText());
            assertTrue(resource.path("spec").path("tasksMax").isInt(), name + ": tasksMax is a number");
            // Secrets come from another config provider; everything else is the example's.
            Map<String, String> expected = new HashMap<>(example);
            expected.replaceAll((key, value) -> value.startsWith("${") ? config.get(key) : value);
            assertEquals(new TreeMap<>(expected), new TreeMap<>(config), name + " differs from its JSON example");
            config.values().stream().filter(value -> value.startsWith("${")).forEach(value ->
                    assertTrue(value.startsWith("${secrets:"), name + ": " + value + " uses the provider kafka-connect.yaml declares"));
            assertValidConnectorConfig(name, config);
        }
    }

    @Test
    void strimziKafkaConnectBuildsAnImageWithTheArchive() throws IOException {
        JsonNode connect = YAML.readTree(DEPLOY.resolve("strimzi/kafka-connect.yaml").toFile());
        assertEquals("kafka.strimzi.io/v1", connect.path("apiVersion").asText());
        assertEquals("KafkaConnect", connect.path("kind").asText());
        assertEquals("true", connect.path("metadata").path("annotations").path("strimzi.io/use-connector-resources").asText(),
                "KafkaConnector resources manage the connectors");
        JsonNode spec = connect.path("spec");
        for (String field : fieldNames(spec)) {
            assertTrue(Set.of("replicas", "bootstrapServers", "tls", "authentication", "config", "build", "version",
                    "resources", "template", "logging", "metricsConfig").contains(field), "spec." + field);
        }
        for (String key : fieldNames(spec.path("config"))) {
            assertTrue(STRIMZI_FORBIDDEN_PREFIXES.stream().noneMatch(key::startsWith), "Strimzi manages " + key + " itself");
        }
        assertEquals("kafka.strimzi.io/v1", connect.path("apiVersion").asText());
        JsonNode artifact = spec.path("build").path("plugins").path(0).path("artifacts").path(0);
        assertEquals("zip", artifact.path("type").asText(), "the archive is a zip");
        assertTrue(artifact.path("url").asText().matches("https://.*/kafka-link-[0-9][^/]*\\.zip"), artifact.path("url").asText());
        assertFalse(spec.path("build").path("output").path("image").asText().isEmpty(), "the image the build pushes");
        String provider = spec.path("config").path("config.providers").asText();
        assertEquals("io.strimzi.kafka.KubernetesSecretConfigProvider",
                spec.path("config").path("config.providers." + provider + ".class").asText());
    }

    @Test
    void mskConnectConnectorAndWorkerConfigurationsAreWhatMskAndTheConnectorAccept() throws IOException {
        JsonNode request = JSON.readTree(DEPLOY.resolve("msk-connect/dr-source-link.create-connector.json").toFile());
        assertTrue(request.path("kafkaConnectVersion").asText().startsWith("3.7"), "MSK Connect's Kafka Connect 3.7.x");
        assertEquals("IAM", request.path("kafkaClusterClientAuthentication").path("authenticationType").asText());
        Map<String, String> config = JSON.convertValue(request.get("connectorConfiguration"), new TypeReference<>() { });
        assertValidConnectorConfig("MSK dr-source-link", config);
        for (String cluster : List.of("source.", "destination.")) {
            assertEquals("AWS_MSK_IAM", config.get(cluster + "sasl.mechanism"), cluster + " authenticates with IAM");
            assertEquals("software.amazon.msk.auth.iam.IAMClientCallbackHandler", config.get(cluster + "sasl.client.callback.handler.class"));
        }
        assertTrue(config.keySet().stream().noneMatch(key -> key.startsWith("producer.override.")),
                "the link's own producer needs no overrides, which MSK's worker configuration could not back");

        Properties worker = new Properties();
        try (Reader reader = Files.newBufferedReader(DEPLOY.resolve("msk-connect/worker-configuration.properties"))) {
            worker.load(reader);
        }
        assertTrue(worker.containsKey("key.converter") && worker.containsKey("value.converter"), "MSK requires both converters");
        for (String key : worker.stringPropertyNames()) {
            assertTrue(MSK_WORKER_KEYS.contains(key) || key.startsWith("config.providers."), "MSK Connect does not accept " + key);
        }
    }

    @Test
    void confluentPlatformWorkerFindsTheComponentDirectoryOfConfluentHub() throws IOException {
        Properties worker = new Properties();
        try (Reader reader = Files.newBufferedReader(DEPLOY.resolve("confluent-platform/connect-distributed.properties"))) {
            worker.load(reader);
        }
        assertTrue(List.of(worker.getProperty("plugin.path").split(",")).contains("/usr/share/confluent-hub-components"),
                "confluent-hub install puts components there");
        assertEquals("None", worker.getProperty("connector.client.config.override.policy"),
                "the link needs no client overrides: the strictest policy");
    }

    /** The connector's own checks pass and every key is read by the connector, its clients or Connect. */
    private static void assertValidConnectorConfig(String name, Map<String, String> config) {
        Connector connector = CONNECTORS.get(config.get("connector.class"));
        assertNotNull(connector, name + ": unknown connector.class " + config.get("connector.class"));
        Map<String, String> resolved = new HashMap<>(config);
        resolved.replaceAll((key, value) -> value.startsWith("${") ? "resolved-secret" : value);
        List<String> errors = connector.validator().apply(resolved).configValues().stream()
                .filter(value -> !value.errorMessages().isEmpty()).map(ConfigValue::toString).toList();
        assertEquals(List.of(), errors, name + " has errors");
        List<String> unknown = new ArrayList<>();
        for (String key : config.keySet()) {
            boolean known = connector.definition().configKeys().containsKey(key) || CONNECT_KEYS.contains(key)
                    || CONNECT_PREFIXES.stream().anyMatch(key::startsWith) || CLIENT_PREFIXES.stream().anyMatch(key::startsWith);
            if (!known) {
                unknown.add(key);
            }
        }
        assertEquals(List.of(), unknown, name + ": keys nobody reads");
    }

    private static List<JsonNode> readAll(Path yaml) throws IOException {
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml.toFile())) {
            return documents.readAll();
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
