package dev.kafkalink.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kafkalink.acls.AclSyncConnector;
import dev.kafkalink.offsets.OffsetSyncConnector;
import dev.kafkalink.schemas.SchemaExportConnector;
import dev.kafkalink.source.SourceLinkConnector;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/**
 * Every key of the four connectors, taken from their ConfigDefs (so a new key cannot escape), is
 * tried with bad values: a value of the wrong type, out of range, malformed JSON, an unknown enum
 * name, nothing for a required key. Each must give a validate() error on that very key, with a
 * message that says more than "invalid". Keys that take any text are listed below with the reason;
 * checks that need the clusters (reachability, credentials, files) run in the integration tests.
 */
class BadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The connectors: their example to start from, their ConfigDef, their field checks. */
    private record Connector(String example, ConfigDef definition, Function<Map<String, String>, Config> validate) {
    }

    private static final List<Connector> CONNECTORS = List.of(
            new Connector("source-link-minimal.json", new SourceLinkConnector().config(), SourceLinkConnector::validateFields),
            new Connector("offset-sync.json", new OffsetSyncConnector().config(), OffsetSyncConnector::validateFields),
            new Connector("acl-sync.json", new AclSyncConnector().config(), AclSyncConnector::validateFields),
            new Connector("schema-export.json", new SchemaExportConnector().config(), SchemaExportConnector::validateFields));

    /** Values that are wrong for nearly any key of some kind; each key must refuse at least one. */
    private static final List<String> BAD_VALUES = List.of("not-a-number", "-5", "0", "99999999999999999999", "maybe",
            "{\"unclosed\":", "{\"topicFilters\":[{\"name\":\"x\",\"patternType\":\"REGEX\"}]}", "UNKNOWN_VALUE", "",
            "has space", ":bad:", "ftp://host", "a" + "b".repeat(300));

    /** How the names of keys that hold secrets end: these must be Type.PASSWORD (masked by Connect, config providers). */
    private static final List<String> SECRET_SUFFIXES = List.of("password", "sasl.jaas.config", "user.info", "token",
            "ssl.keystore.key", "ssl.keystore.certificate.chain", "ssl.truststore.certificates");

    /** Keys that accept any text by design, and why. */
    private static final Map<String, String> FREE_TEXT = Map.ofEntries(
            Map.entry("sasl.jaas.config", "a secret; the cluster judges it (validate() connects)"),
            Map.entry("ssl.keystore.password", "a secret"), Map.entry("ssl.key.password", "a secret"),
            Map.entry("ssl.truststore.password", "a secret"), Map.entry("ssl.keystore.key", "a secret (PEM)"),
            Map.entry("ssl.keystore.certificate.chain", "a secret (PEM)"), Map.entry("ssl.truststore.certificates", "a secret (PEM)"),
            Map.entry("ssl.keystore.location", "a path; validate() opens it or the client does"),
            Map.entry("ssl.truststore.location", "a path; validate() opens it or the client does"),
            Map.entry("sasl.mechanism", "the cluster decides which mechanisms it has (validate() connects)"),
            Map.entry("basic.auth.user.info", "a secret; validate() asks the registry"),
            Map.entry("bearer.auth.token", "a secret; validate() asks the registry"),
            Map.entry("schema.registry.topic", "a topic name the source registry chose"),
            Map.entry("mirror.topics", "topic names; a name that does not exist yet is mirrored once it does"),
            Map.entry("mirror.topics.pause", "mirror topic names"), Map.entry("mirror.topics.promote", "mirror topic names"),
            Map.entry("mirror.topics.failover", "mirror topic names"),
            Map.entry("mirror.topics.restore", "mirror topic names; a topic that was never a mirror of the pair is refused "
                    + "by the restore, with the reason in its state"),
            Map.entry("acl.principal.mapping", "the empty list maps nothing"),
            Map.entry("schema.export.reset", "a token: any new value resets the export"),
            Map.entry("task.partitions", "internal: the connector sets it for each task"),
            Map.entry("task.fault.report", "internal: the connector sets it on the task that reports faults"),
            Map.entry("task.group.share", "internal: the connector sets it for each task"));

    @Test
    void everyKeyRefusesABadValueOnThatKey() throws IOException {
        List<String> escaped = new ArrayList<>();
        int tried = 0;
        int keys = 0;
        int refusals = 0;
        for (Connector connector : CONNECTORS) {
            Map<String, String> valid = example(connector.example());
            assertEquals(Map.of(), errors(connector, valid), connector.example() + " must be valid to start from");
            for (String key : new TreeMap<>(connector.definition().configKeys()).keySet()) {
                if (freeText(key)) {
                    continue;
                }
                keys++;
                boolean refused = false;
                for (String bad : BAD_VALUES) {
                    Map<String, String> config = new HashMap<>(valid);
                    config.put(key, bad);
                    tried++;
                    List<String> messages = errors(connector, config).getOrDefault(key, List.of());
                    if (!messages.isEmpty()) {
                        refused = true;
                        refusals++;
                        messages.forEach(message -> assertActionable(key, bad, message));
                    }
                }
                if (!refused) {
                    escaped.add(connector.example() + ": " + key);
                }
            }
        }
        assertEquals(List.of(), escaped, "keys that took every bad value (" + tried + " tried on " + keys + " keys, "
                + refusals + " refused); refuse one or list the key "
                + "as free text with the reason");
    }

    @Test
    void everyRequiredKeyThatIsMissingIsAnErrorOnThatKey() throws IOException {
        List<String> silent = new ArrayList<>();
        for (Connector connector : CONNECTORS) {
            Map<String, String> valid = example(connector.example());
            for (ConfigDef.ConfigKey key : connector.definition().configKeys().values()) {
                if (key.hasDefault()) {
                    continue;
                }
                Map<String, String> config = new HashMap<>(valid);
                config.remove(key.name);
                if (errors(connector, config).getOrDefault(key.name, List.of()).isEmpty()) {
                    silent.add(connector.example() + ": " + key.name);
                }
            }
        }
        assertEquals(List.of(), silent, "required keys whose absence is not reported on them");
    }

    @Test
    void everySecretIsAPassword() {
        List<String> plain = new ArrayList<>();
        int secrets = 0;
        for (Connector connector : CONNECTORS) {
            for (ConfigDef.ConfigKey key : connector.definition().configKeys().values()) {
                if (SECRET_SUFFIXES.stream().anyMatch(key.name::endsWith)) {
                    secrets++;
                    if (key.type != ConfigDef.Type.PASSWORD) {
                        plain.add(connector.example() + ": " + key.name);
                    }
                }
            }
        }
        assertNotEquals(0, secrets, "no secret key found: the suffixes no longer match the ConfigDefs");
        assertEquals(List.of(), plain, "secrets that Connect would show and log as plain text (of " + secrets + ")");
    }

    private static boolean freeText(String key) {
        return FREE_TEXT.keySet().stream().anyMatch(free -> key.equals(free) || key.endsWith("." + free));
    }

    private static void assertActionable(String key, String value, String message) {
        boolean saysWhat = message.length() >= 20 && !message.equals("Invalid value " + value + " for configuration " + key);
        if (!saysWhat) {
            throw new AssertionError(key + "=" + value + " is refused with a message that does not help: " + message);
        }
    }

    private static Map<String, List<String>> errors(Connector connector, Map<String, String> config) {
        Map<String, List<String>> errors = new TreeMap<>();
        for (ConfigValue value : connector.validate().apply(config).configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.merge(value.name(), value.errorMessages(), (a, b) -> {
                    List<String> both = new ArrayList<>(a);
                    both.addAll(b);
                    return both;
                });
            }
        }
        return errors;
    }

    private static Map<String, String> example(String file) throws IOException {
        Map<String, String> config = new HashMap<>(JSON.convertValue(JSON.readTree(Path.of(file).toFile()).get("config"),
                new TypeReference<Map<String, String>>() { }));
        config.replaceAll((key, value) -> value.startsWith("${") ? "resolved-secret" : value);
        config.put("name", "bad-input");
        return config;
    }
}
