package dev.kafkalink.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The opt-in change feed of {@link ConfluentRegistryStandIn}: each change made over HTTP is in the topic, in
 * Confluent's {@code _schemas} record format, by the time the answer arrives. Records are checked after every call.
 */
class ConfluentRegistryFeedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    // Expected records are written with single quotes, so that schema texts keep their double quotes unescaped.
    private static final ObjectMapper LENIENT = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();
    private static final String A = "{\"type\":\"record\",\"name\":\"A\",\"fields\":[]}";
    private static final String B = "{\"type\":\"record\",\"name\":\"B\",\"fields\":[]}";
    private static final String P = "syntax = \"proto3\"; message P {}";

    private static EmbeddedKafkaCluster kafka;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startKafka() {
        kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.stop();
    }

    @Test
    void writesEachChangeInConfluentsFormatBeforeAnswering() throws Exception {
        try (ConfluentRegistryStandIn registry = ConfluentRegistryStandIn.start(kafka.bootstrapServers(), "_schemas");
             Feed feed = new Feed("_schemas")) {
            assertCompactedWithOnePartition("_schemas");

            call(registry, "POST", "/subjects/common/versions", Map.of("schema", A));
            List<ConsumerRecord<byte[], byte[]>> first = feed.raw();
            assertEquals(1, first.size());
            assertEquals("{\"keytype\":\"SCHEMA\",\"subject\":\"common\",\"version\":1,\"magic\":1}",
                    new String(first.get(0).key(), StandardCharsets.UTF_8), "compact UTF-8 JSON, Confluent's field order");
            assertEquals("{\"subject\":\"common\",\"version\":1,\"id\":1,\"schema\":" + JSON.writeValueAsString(A)
                    + ",\"deleted\":false}", new String(first.get(0).value(), StandardCharsets.UTF_8));

            call(registry, "POST", "/subjects/order/versions", Map.of("schema", B,
                    "references", List.of(Map.of("name", "a.avsc", "subject", "common", "version", 1))));
            feed.expect(record("{'keytype':'SCHEMA','subject':'order','version':1,'magic':1}",
                    "{'subject':'order','version':1,'id':2,'schema':'" + B + "',"
                            + "'references':[{'name':'a.avsc','subject':'common','version':1}],'deleted':false}"));
            call(registry, "POST", "/subjects/proto/versions", Map.of("schema", P, "schemaType", "PROTOBUF"));
            feed.expect(record("{'keytype':'SCHEMA','subject':'proto','version':1,'magic':1}",
                    "{'subject':'proto','version':1,'id':3,'schemaType':'PROTOBUF','schema':'" + P + "','deleted':false}"));
            call(registry, "POST", "/subjects/common/versions", Map.of("schema", A));
            feed.expect(/* already registered: no change, no record */);
            call(registry, "POST", "/subjects/" + enc(":.staging:orders") + "/versions", Map.of("schema", A));
            feed.expect(record("{'keytype':'SCHEMA','subject':':.staging:orders','version':1,'magic':1}",
                    "{'subject':':.staging:orders','version':1,'id':1,'schema':'" + A + "','deleted':false}"));

            call(registry, "POST", "/subjects/common/versions", Map.of("schema", B));
            feed.expect(record("{'keytype':'SCHEMA','subject':'common','version':2,'magic':1}",
                    "{'subject':'common','version':2,'id':4,'schema':'" + B + "','deleted':false}"));
            call(registry, "DELETE", "/subjects/common/versions/2", null);
            feed.expect(record("{'keytype':'SCHEMA','subject':'common','version':2,'magic':1}",
                    "{'subject':'common','version':2,'id':4,'schema':'" + B + "','deleted':true}"));
            call(registry, "DELETE", "/subjects/common/versions/2?permanent=true", null);
            feed.expect(record("{'keytype':'SCHEMA','subject':'common','version':2,'magic':1}", null));

            call(registry, "PUT", "/config/order", Map.of("compatibility", "FULL"));
            feed.expect(record("{'keytype':'CONFIG','subject':'order','magic':0}", "{'compatibilityLevel':'FULL'}"));
            call(registry, "PUT", "/config", Map.of("compatibility", "NONE"));
            feed.expect(record("{'keytype':'CONFIG','subject':null,'magic':0}", "{'compatibilityLevel':'NONE'}"));
            call(registry, "DELETE", "/config/order", null);
            feed.expect(record("{'keytype':'CONFIG','subject':'order','magic':0}", null));

            call(registry, "PUT", "/mode/" + enc(":.mirror:"), Map.of("mode", "IMPORT"));
            feed.expect(record("{'keytype':'MODE','subject':':.mirror:','magic':0}", "{'mode':'IMPORT'}"));
            call(registry, "POST", "/subjects/" + enc(":.mirror:x") + "/versions", Map.of("schema", A, "id", 7, "version", 3));
            feed.expect(record("{'keytype':'SCHEMA','subject':':.mirror:x','version':3,'magic':1}",
                    "{'subject':':.mirror:x','version':3,'id':7,'schema':'" + A + "','deleted':false}"));
            call(registry, "DELETE", "/mode/" + enc(":.mirror:"), null);
            feed.expect(record("{'keytype':'MODE','subject':':.mirror:','magic':0}", null));
            call(registry, "PUT", "/mode", Map.of("mode", "READWRITE"));
            feed.expect(record("{'keytype':'MODE','subject':null,'magic':0}", "{'mode':'READWRITE'}"));

            String staging = enc(":.staging:orders");
            call(registry, "PUT", "/config/" + staging, Map.of("compatibility", "FORWARD"));
            call(registry, "PUT", "/mode/" + staging, Map.of("mode", "READWRITE"));
            call(registry, "POST", "/subjects/" + staging + "/versions", Map.of("schema", B));
            feed.expect(record("{'keytype':'CONFIG','subject':':.staging:orders','magic':0}", "{'compatibilityLevel':'FORWARD'}"),
                    record("{'keytype':'MODE','subject':':.staging:orders','magic':0}", "{'mode':'READWRITE'}"),
                    record("{'keytype':'SCHEMA','subject':':.staging:orders','version':2,'magic':1}",
                            "{'subject':':.staging:orders','version':2,'id':2,'schema':'" + B + "','deleted':false}"));
            call(registry, "DELETE", "/subjects/" + staging, null);
            feed.expect(record("{'keytype':'SCHEMA','subject':':.staging:orders','version':1,'magic':1}",
                            "{'subject':':.staging:orders','version':1,'id':1,'schema':'" + A + "','deleted':true}"),
                    record("{'keytype':'SCHEMA','subject':':.staging:orders','version':2,'magic':1}",
                            "{'subject':':.staging:orders','version':2,'id':2,'schema':'" + B + "','deleted':true}"),
                    record("{'keytype':'DELETE_SUBJECT','subject':':.staging:orders','magic':0}",
                            "{'subject':':.staging:orders','version':2}"),
                    // A subject's own mode and level go with its last live version, as in Confluent.
                    record("{'keytype':'MODE','subject':':.staging:orders','magic':0}", null),
                    record("{'keytype':'CONFIG','subject':':.staging:orders','magic':0}", null));
            call(registry, "DELETE", "/subjects/" + staging + "?permanent=true", null);
            feed.expect(record("{'keytype':'SCHEMA','subject':':.staging:orders','version':1,'magic':1}", null),
                    record("{'keytype':'SCHEMA','subject':':.staging:orders','version':2,'magic':1}", null));
        }
    }

    @Test
    void tombstonesWhatConfluentClearsAndWritesNothingForARefusal() throws Exception {
        String topic = "schemas-cleared";
        try (Feed feed = new Feed(topic)) {
            try (ConfluentRegistryStandIn registry = ConfluentRegistryStandIn.start(kafka.bootstrapServers(), topic)) {
                call(registry, "POST", "/subjects/s/versions", Map.of("schema", A));
                call(registry, "POST", "/subjects/s/versions", Map.of("schema", B));
                call(registry, "DELETE", "/subjects/s/versions/1", null);
                feed.raw();

                // A soft-deleted schema registered again keeps its id; Confluent tombstones the old version.
                call(registry, "POST", "/subjects/s/versions", Map.of("schema", A));
                feed.expect(record("{'keytype':'SCHEMA','subject':'s','version':3,'magic':1}",
                                "{'subject':'s','version':3,'id':1,'schema':'" + A + "','deleted':false}"),
                        record("{'keytype':'SCHEMA','subject':'s','version':1,'magic':1}", null));

                call(registry, "DELETE", "/subjects/s", null);
                feed.raw();
                // Switching to IMPORT hard-deletes the soft-deleted versions that are left.
                call(registry, "PUT", "/mode", Map.of("mode", "IMPORT"));
                feed.expect(record("{'keytype':'SCHEMA','subject':'s','version':2,'magic':1}", null),
                        record("{'keytype':'SCHEMA','subject':'s','version':3,'magic':1}", null),
                        record("{'keytype':'MODE','subject':null,'magic':0}", "{'mode':'IMPORT'}"));

                assertEquals(422, status(registry, "POST", "/subjects/t/versions", Map.of("schema", A)));
                assertEquals(422, status(registry, "PUT", "/config", Map.of("compatibility", "SIDEWAYS")));
                assertEquals(404, status(registry, "DELETE", "/mode/t", null));
                feed.expect(/* refusals change nothing */);
            }
            try (ConfluentRegistryStandIn again = ConfluentRegistryStandIn.start(kafka.bootstrapServers(), topic)) {
                call(again, "PUT", "/config/t", Map.of("compatibility", "NONE"));
                feed.expect(record("{'keytype':'CONFIG','subject':'t','magic':0}", "{'compatibilityLevel':'NONE'}"));
            }
        }
    }

    // ---- helpers ----

    /** Reads the topic from its start; each call returns what was written since the last one. */
    private static final class Feed implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final TopicPartition partition;

        Feed(String topic) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
        }

        /** Everything up to the end offset of now: what the stand-in wrote before its last answer. */
        List<ConsumerRecord<byte[], byte[]>> raw() {
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read " + partition + " up to " + end);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return records;
        }

        void expect(List<?>... records) throws Exception {
            List<List<JsonNode>> actual = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : raw()) {
                assertEquals(Set.of(), Set.of(r.headers().toArray()), "no headers");
                actual.add(Arrays.asList(JSON.readTree(r.key()), r.value() == null ? null : JSON.readTree(r.value())));
            }
            assertEquals(List.of(records), actual);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /** A record as [key, value], the value null for a tombstone; compared as JSON trees. */
    private static List<JsonNode> record(String key, String value) throws Exception {
        return Arrays.asList(LENIENT.readTree(key), value == null ? null : LENIENT.readTree(value));
    }

    private static void assertCompactedWithOnePartition(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertEquals(1, description.partitions().size());
            assertEquals(1, description.partitions().get(0).replicas().size());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertEquals("compact", admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get("cleanup.policy").value());
        }
    }

    /** A call that must succeed. */
    private void call(ConfluentRegistryStandIn registry, String method, String path, Object body) throws Exception {
        assertEquals(200, status(registry, method, path, body), method + " " + path);
    }

    private int status(ConfluentRegistryStandIn registry, String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.url() + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String enc(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
