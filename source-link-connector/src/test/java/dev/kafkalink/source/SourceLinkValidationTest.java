package dev.kafkalink.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** The field checks of validate() put each error on the key the user must change. */
class SourceLinkValidationTest {

    private static Map<String, String> valid() {
        Map<String, String> config = new HashMap<>();
        config.put("link.name", "dc1");
        config.put("source.bootstrap.servers", "source:9092");
        config.put("destination.bootstrap.servers", "destination:9092");
        config.put("mirror.topics", "orders");
        return config;
    }

    private static Map<String, List<String>> errors(Map<String, String> config) {
        return SourceLinkConnector.validateFields(config).configValues().stream()
                .filter(value -> !value.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages, (a, b) -> a));
    }

    private static void assertOnlyError(Map<String, String> config, String key, String mentions) {
        Map<String, List<String>> errors = errors(config);
        assertEquals(java.util.Set.of(key), errors.keySet(), errors.toString());
        assertTrue(errors.get(key).toString().contains(mentions), errors.toString());
    }

    @Test
    void aCompleteConfigHasNoErrors() {
        assertEquals(Map.of(), errors(valid()));
    }

    @Test
    void aTopicUnderTwoOperations() {
        Map<String, String> config = valid();
        config.put("mirror.topics.pause", "orders, payments");
        config.put("mirror.topics.promote", "payments");
        assertOnlyError(config, "mirror.topics.promote", "Topic payments is also in mirror.topics.pause");
        config.put("mirror.topics.promote", "invoices");
        config.put("mirror.topics.failover", "invoices");
        assertOnlyError(config, "mirror.topics.failover", "Topic invoices is also in mirror.topics.promote");
    }

    @Test
    void aRestoreNamesTheReverseLinkAndIsTheTopicsOnlyOperation() {
        Map<String, String> config = valid();
        config.put("mirror.topics.restore", "orders");
        assertOnlyError(config, "reverse.link.name", "Name the link that mirrored the topics of mirror.topics.restore");
        config.put("reverse.link.name", "dc1");
        assertEquals(Map.of(), errors(config));
        config.put("mirror.topics.failover", "orders");
        Map<String, List<String>> errors = errors(config);
        assertTrue(errors.toString().contains("Topic orders is also in mirror.topics.failover")
                || errors.toString().contains("Topic orders is also in mirror.topics.restore"), errors.toString());
        config.remove("mirror.topics.failover");
        config.put("mirror.restore.diverged.topic.format", "diverged");
        assertOnlyError(config, "mirror.restore.diverged.topic.format", "Must contain ${topic}");
    }

    @Test
    void aProducerOverrideNamingAnotherClusterIsRefused() {
        Map<String, String> config = valid();
        config.put("producer.override.bootstrap.servers", "destination:9092");
        assertEquals(Map.of(), errors(config));
        config.put("producer.override.bootstrap.servers", "elsewhere:9092");
        assertOnlyError(config, "producer.override.bootstrap.servers", "its own producer");
    }

    @Test
    void overridesThatWouldMakeTheProducerUnsafeAreRefused() {
        Map<String, String> config = valid();
        config.put("producer.override.enable.idempotence", "true");
        config.put("producer.override.acks", "-1");
        config.put("producer.override.max.in.flight.requests.per.connection", "5");
        config.put("producer.override.linger.ms", "50");
        assertEquals(Map.of(), errors(config));
        config.put("producer.override.enable.idempotence", "false");
        assertOnlyError(config, "producer.override.enable.idempotence", "always idempotent");
        config = valid();
        config.put("producer.override.acks", "1");
        assertOnlyError(config, "producer.override.acks", "acks=all");
        config = valid();
        config.put("producer.override.max.in.flight.requests.per.connection", "6");
        assertOnlyError(config, "producer.override.max.in.flight.requests.per.connection", "from 1 to 5");
    }

    @Test
    void missingLinkName() {
        Map<String, String> config = valid();
        config.remove("link.name");
        assertOnlyError(config, "link.name", "link.name");
    }

    @Test
    void badFilterJson() {
        Map<String, String> config = valid();
        config.put("auto.create.mirror.topics.enable", "true");
        config.put("auto.create.mirror.topics.filters", "{\"topicFilters\":[{\"name\":");
        assertOnlyError(config, "auto.create.mirror.topics.filters", "JSON");
    }

    @Test
    void autoCreationWithoutFilters() {
        Map<String, String> config = valid();
        config.remove("mirror.topics");
        config.put("auto.create.mirror.topics.enable", "true");
        assertOnlyError(config, "auto.create.mirror.topics.filters", "needs filters");
    }

    @Test
    void unknownStartSpec() {
        Map<String, String> config = valid();
        config.put("mirror.start.offset.spec", "beginning");
        assertOnlyError(config, "mirror.start.offset.spec", "earliest");
    }

    @Test
    void timestampStartSpecIsAccepted() {
        Map<String, String> config = valid();
        config.put("mirror.start.offset.spec", "2026-01-31T08:00:00Z");
        assertEquals(Map.of(), errors(config));
    }

    @Test
    void convertersDoNotMatter() {
        Map<String, String> config = valid();
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        assertEquals(Map.of(), errors(config));
    }

    @Test
    void nothingToMirror() {
        Map<String, String> config = valid();
        config.remove("mirror.topics");
        assertOnlyError(config, "mirror.topics", "auto.create.mirror.topics.enable");
    }

    @Test
    void configsTheLinkOwnsAreNeverSynced() {
        Map<String, String> config = valid();
        config.put("topic.config.sync.include", "cleanup.policy,message.timestamp.type");
        assertOnlyError(config, "topic.config.sync.include", "message.timestamp.type");
    }

    @Test
    void secretsArePasswords() {
        for (String secret : List.of("source.sasl.jaas.config", "destination.ssl.keystore.password",
                "source.ssl.key.password", "destination.ssl.truststore.password")) {
            assertEquals(org.apache.kafka.common.config.ConfigDef.Type.PASSWORD,
                    SourceLinkConfig.configDef().configKeys().get(secret).type, secret);
        }
    }
}
