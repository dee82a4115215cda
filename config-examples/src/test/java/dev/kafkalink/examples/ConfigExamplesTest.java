package dev.kafkalink.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kafkalink.acls.AclSyncConnector;
import dev.kafkalink.offsets.OffsetSyncConnector;
import dev.kafkalink.schemas.SchemaExportConnector;
import dev.kafkalink.source.SourceLinkConnector;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example we ship is valid JSON for the Connect REST API and passes the connector's field checks. */
class ConfigExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Function<Map<String, String>, Config>> VALIDATORS = Map.of(
            SourceLinkConnector.class.getName(), SourceLinkConnector::validateFields,
            OffsetSyncConnector.class.getName(), OffsetSyncConnector::validateFields,
            AclSyncConnector.class.getName(), AclSyncConnector::validateFields,
            SchemaExportConnector.class.getName(), SchemaExportConnector::validateFields);

    static Stream<Path> examples() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(Path.of("."))) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no examples found");
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleIsAValidConnectorConfig(Path example) throws IOException {
        JsonNode root = JSON.readTree(example.toFile());
        assertFalse(root.path("name").asText().isEmpty(), "a name for POST /connectors");
        Map<String, String> config = new HashMap<>(JSON.convertValue(root.get("config"), new TypeReference<Map<String, String>>() { }));
        // Config providers resolve ${file:...} on the worker; here any value stands for the secret.
        config.replaceAll((key, value) -> value.startsWith("${") ? "resolved-secret" : value);
        Function<Map<String, String>, Config> validator = VALIDATORS.get(config.get("connector.class"));
        assertNotNull(validator, example + ": unknown connector.class " + config.get("connector.class"));

        List<String> errors = validator.apply(config).configValues().stream()
                .filter(value -> !value.errorMessages().isEmpty())
                .map(ConfigValue::toString).toList();
        assertEquals(List.of(), errors, example + " has errors");
    }

    /**
     * The source link writes with its own producer, safe and fast by default: an example needs no
     * producer.override.* key (which a worker with override policy None, or MSK Connect, may refuse) and no converters.
     */
    @ParameterizedTest
    @MethodSource("examples")
    void aSourceLinkExampleNeedsNoProducerOverridesNorConverters(Path example) throws IOException {
        JsonNode config = JSON.readTree(example.toFile()).get("config");
        if (SourceLinkConnector.class.getName().equals(config.path("connector.class").asText())) {
            config.fieldNames().forEachRemaining(key -> assertFalse(key.startsWith("producer.override.") || key.endsWith(".converter"),
                    example + ": " + key));
        }
    }
}
