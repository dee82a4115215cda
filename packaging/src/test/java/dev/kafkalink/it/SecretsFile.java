package dev.kafkalink.it;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** A properties file of secrets that the worker's FileConfigProvider reads; configs name them as {@code ${file:path:name}}. */
final class SecretsFile {

    private final Path path;
    private final Properties values = new Properties();

    SecretsFile() throws IOException {
        this.path = Files.createTempDirectory("kafka-link-secrets").resolve("secrets.properties");
    }

    /** Keeps {@code value} under {@code name} and returns the reference that a connector config holds instead. */
    String reference(String name, String value) {
        values.setProperty(name, value);
        return "${file:" + path + ":" + name + "}";
    }

    /** Writes every value kept so far; call before submitting configs that refer to them. */
    void write() throws IOException {
        try (Writer writer = Files.newBufferedWriter(path)) {
            values.store(writer, "secrets the worker's FileConfigProvider resolves");
        }
    }
}
