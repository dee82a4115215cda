package dev.kafkalink.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The config examples we ship (config-examples/*.json), with their placeholders replaced by a test's
 * clusters, registries and secrets file: hosts by key ({@code *bootstrap.servers},
 * {@code *schema.registry.url}), the secrets file path of {@code ${file:...}} by the test's.
 */
final class ExampleConfigs {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path FOLDER = Path.of("..", "config-examples");

    /** Where an example runs: bootstrap servers, registry URLs, the secrets file, extra settings per cluster. */
    record Surroundings(String sourceBootstrap, String destinationBootstrap, String sourceRegistry, String destinationRegistry,
                        Path secrets, Map<String, Object> sourceClientExtras, Map<String, Object> destinationClientExtras) {
    }

    /** An example: its connector name and configuration, as in the file. */
    record Example(String file, String name, Map<String, String> config) {
    }

    private ExampleConfigs() {
    }

    static List<Path> all() throws IOException {
        try (Stream<Path> files = Files.list(FOLDER)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
    }

    static Example load(String file) throws IOException {
        return load(FOLDER.resolve(file));
    }

    static Example load(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        return new Example(file.getFileName().toString(), root.path("name").asText(),
                JSON.convertValue(root.get("config"), new TypeReference<Map<String, String>>() { }));
    }


    static Map<String, String> substituted(Map<String, String> example, Surroundings where) {
        Map<String, String> config = new HashMap<>();
        example.forEach((key, value) -> {
            String replaced = value.replace("/etc/kafka-link/secrets.properties", where.secrets().toString());
            if (key.endsWith("bootstrap.servers")) {
                boolean destination = key.startsWith("destination.") || key.startsWith("producer.override.");
                replaced = destination ? where.destinationBootstrap() : where.sourceBootstrap();
            } else if (key.endsWith("schema.registry.url")) {
                replaced = key.startsWith("source.") ? where.sourceRegistry() : where.destinationRegistry();
            }
            config.put(key, replaced);
        });
        where.sourceClientExtras().forEach((key, value) -> config.put("source." + key, value.toString()));
        where.destinationClientExtras().forEach((key, value) -> config.put("destination." + key, value.toString()));
        return config;
    }
}
