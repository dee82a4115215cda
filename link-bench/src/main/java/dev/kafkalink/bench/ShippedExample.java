package dev.kafkalink.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A connector configuration exactly as a file of config-examples/ has it, placed in the benchmark's
 * clusters: only the hosts change, and secrets from a config provider are left out (the benchmark's
 * registries ask for none). What a workload changes besides (the topics it selects, names) it says
 * with {@link #with}.
 */
final class ShippedExample {

    /** Set by the build to the config-examples folder. */
    static final String FOLDER_PROPERTY = "kafkalink.examples";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String file;
    private final Map<String, String> config;

    private ShippedExample(String file, Map<String, String> config) {
        this.file = file;
        this.config = config;
    }

    static ShippedExample load(String file) {
        Path path = Path.of(System.getProperty(FOLDER_PROPERTY, "../config-examples"), file);
        try {
            Map<String, String> config = JSON.convertValue(JSON.readTree(Files.readString(path)).get("config"),
                    new TypeReference<Map<String, String>>() { });
            return new ShippedExample(file, config);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the shipped example " + path + " (system property "
                    + FOLDER_PROPERTY + ")", e);
        }
    }

    String file() {
        return file;
    }

    String get(String key) {
        return config.get(key);
    }

    /** The example's keys that start with {@code prefix}, as they are (for example its producer overrides). */
    Map<String, String> startingWith(String prefix) {
        Map<String, String> chosen = new HashMap<>();
        config.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                chosen.put(key, value);
            }
        });
        return chosen;
    }

    /** The example's configuration for these clusters and registries (a registry may be null). */
    Map<String, String> placed(String sourceBootstrap, String destinationBootstrap, String sourceRegistry,
                               String destinationRegistry) {
        Map<String, String> placed = new HashMap<>();
        config.forEach((key, value) -> {
            if (value.contains("${file:")) {
                return;
            }
            if (key.endsWith("bootstrap.servers")) {
                value = key.startsWith("source.") ? sourceBootstrap : destinationBootstrap;
            } else if (key.endsWith("schema.registry.url")) {
                value = key.startsWith("source.") ? sourceRegistry : destinationRegistry;
            }
            placed.put(key, value);
        });
        return placed;
    }

    /** {@code base} with {@code changes} applied: what a workload sets on top of the example. */
    static Map<String, String> with(Map<String, String> base, Map<String, String> changes) {
        Map<String, String> changed = new HashMap<>(base);
        changed.putAll(changes);
        return changed;
    }
}
