package dev.kafkalink.testkit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kafkalink.testkit.RegistrySettings.Mode;
import dev.kafkalink.testkit.RegistryStore.Version;

/**
 * Writes each change of the stand-in to a Kafka topic in the record format of Confluent's {@code _schemas} topic
 * (Karapace and Redpanda use it too): UTF-8 JSON keys {@code {"keytype":...,"subject":...,"magic":...}} and JSON
 * values, null for a deletion. Each write waits for the broker ({@code acks=all}, {@code send().get()}), so a test
 * that has its HTTP answer finds the record in the topic.
 */
final class KafkaRegistryFeed implements RegistryFeed {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String topic;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;

    private KafkaRegistryFeed(String topic, Admin admin, KafkaProducer<byte[], byte[]> producer) {
        this.topic = topic;
        this.admin = admin;
        this.producer = producer;
    }

    /**
     * Creates the topic if it is missing (one partition, compacted, as Confluent does) and opens the producer, with
     * {@code clientSettings} (bootstrap servers and any security settings) for both clients.
     */
    static KafkaRegistryFeed open(Map<String, Object> clientSettings, String topic) {
        Admin admin = Admin.create(new java.util.HashMap<>(clientSettings));
        try {
            createIfMissing(admin, topic);
            Map<String, Object> producerSettings = new java.util.HashMap<>(clientSettings);
            producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
            // Every write is awaited on its own: lingering for a batch would only delay each answer.
            producerSettings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings, new ByteArraySerializer(),
                    new ByteArraySerializer());
            return new KafkaRegistryFeed(topic, admin, producer);
        } catch (RuntimeException e) {
            admin.close(Duration.ZERO);
            throw e;
        }
    }

    private static void createIfMissing(Admin admin, String topic) {
        NewTopic compacted = new NewTopic(topic, 1, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            try {
                admin.createTopics(List.of(compacted)).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Could not create the topic " + topic, e.getCause());
                }
            }
            // Producing before the new partition has a leader can lose an idempotent batch (KAFKA-15591).
            Waits.waitFor(() -> {
                admin.listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.latest())).all().get();
                return true;
            }, TIMEOUT, () -> "The topic " + topic + " did not become ready");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the topic " + topic, e);
        }
    }

    @Override
    public void version(Version v) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("subject", v.subject());
        value.put("version", v.version());
        value.put("id", v.id());
        // Confluent leaves out schemaType for AVRO and references when there are none.
        if (!"AVRO".equals(v.schema().type())) {
            value.put("schemaType", v.schema().type());
        }
        value.put("schema", v.schema().text());
        if (!v.schema().references().isEmpty()) {
            value.put("references", v.schema().references().stream().map(r -> {
                Map<String, Object> ref = new LinkedHashMap<>();
                ref.put("name", r.name());
                ref.put("subject", r.subject());
                ref.put("version", r.version());
                return ref;
            }).toList());
        }
        if (v.schema().metadata() != null) {
            value.put("metadata", v.schema().metadata());
        }
        if (v.schema().ruleSet() != null) {
            value.put("ruleSet", v.schema().ruleSet());
        }
        value.put("deleted", v.deleted());
        send(schemaKey(v.subject(), v.version()), value);
    }

    @Override
    public void versionRemoved(String subject, int version) {
        send(schemaKey(subject, version), null);
    }

    @Override
    public void subjectDeleted(String subject, int latest) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("subject", subject);
        value.put("version", latest);
        send(key("DELETE_SUBJECT", subject), value);
    }

    @Override
    public void config(String subject, ObjectNode config) {
        send(key("CONFIG", subject), config);
    }

    @Override
    public void mode(String subject, Mode mode) {
        send(key("MODE", subject), mode == null ? null : Map.of("mode", mode.name()));
    }

    @Override
    public void close() {
        producer.close(TIMEOUT);
        admin.close(TIMEOUT);
    }

    // Confluent's key classes write their fields in this order; SCHEMA keys are magic 1, the others magic 0.
    private static Map<String, Object> schemaKey(String subject, int version) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("keytype", "SCHEMA");
        key.put("subject", subject);
        key.put("version", version);
        key.put("magic", 1);
        return key;
    }

    private static Map<String, Object> key(String keytype, String subject) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("keytype", keytype);
        key.put("subject", subject);
        key.put("magic", 0);
        return key;
    }

    private void send(Map<String, Object> key, Object value) {
        try {
            producer.send(new ProducerRecord<>(topic, bytes(key), value == null ? null : bytes(value))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing to " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not write " + key + " to " + topic, e.getCause());
        }
    }

    private static byte[] bytes(Object json) {
        try {
            return RegistryRoutes.JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
