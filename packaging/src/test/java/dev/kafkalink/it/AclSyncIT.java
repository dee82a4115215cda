package dev.kafkalink.it;

import static dev.kafkalink.it.SourceData.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import dev.kafkalink.testkit.ConnectorMetrics;
import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.SecuredClusterPair;
import dev.kafkalink.testkit.SecuredKafkaCluster;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AclSyncConnector between two clusters with SASL/PLAIN and StandardAuthorizer, run by a Connect
 * cluster loading the plugin archive. A real user of both clusters checks that the synced ACLs allow
 * and refuse on the destination what they allow and refuse on the source.
 */
class AclSyncIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String USER = "User:" + SecuredKafkaCluster.USER;

    @RegisterExtension
    static final LinkClusters connect = LinkClusters.builder().build();

    @RegisterExtension
    static final SecuredClusterPair secured = new SecuredClusterPair();

    private static SecuredKafkaCluster source;
    private static SecuredKafkaCluster destination;

    @BeforeAll
    static void useSecuredClusters() {
        source = secured.source();
        destination = secured.destination();
    }

    private static AclBinding binding(ResourceType type, String name, PatternType pattern, String principal,
                                      AclOperation operation, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry(principal, "*", operation, permission));
    }

    private static final AclBinding WRITE_PAYMENTS = binding(ResourceType.TOPIC, "payments", PatternType.LITERAL, USER,
            AclOperation.WRITE, AclPermissionType.ALLOW);
    private static final List<AclBinding> SYNCED = List.of(
            WRITE_PAYMENTS,
            binding(ResourceType.TOPIC, "audit-", PatternType.PREFIXED, USER, AclOperation.ALL, AclPermissionType.ALLOW),
            binding(ResourceType.TOPIC, "audit-log", PatternType.LITERAL, USER, AclOperation.WRITE, AclPermissionType.DENY),
            binding(ResourceType.GROUP, "readers", PatternType.LITERAL, USER, AclOperation.READ, AclPermissionType.ALLOW),
            binding(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, "User:bob", AclOperation.DESCRIBE,
                    AclPermissionType.ALLOW),
            binding(ResourceType.TRANSACTIONAL_ID, "tx-", PatternType.PREFIXED, "User:bob", AclOperation.WRITE,
                    AclPermissionType.ALLOW),
            binding(ResourceType.GROUP, "*", PatternType.LITERAL, "User:bob", AclOperation.ALL, AclPermissionType.DENY));
    private static final AclBinding NOT_MATCHED = binding(ResourceType.TOPIC, "payments", PatternType.LITERAL, "User:carol",
            AclOperation.READ, AclPermissionType.ALLOW);
    private static final AclBinding BY_AN_OPERATOR = binding(ResourceType.TOPIC, "payments", PatternType.LITERAL, USER,
            AclOperation.DESCRIBE, AclPermissionType.ALLOW);

    @Test
    void syncsEveryMatchingBindingAndDeletesOnlyWhatTheLinkCreated() throws Exception {
        for (SecuredKafkaCluster cluster : List.of(source, destination)) {
            try (Admin admin = cluster.admin()) {
                admin.createTopics(List.of(new NewTopic("payments", 1, (short) 1), new NewTopic("audit-log", 1, (short) 1)))
                        .all().get();
            }
            produceAsAdmin(cluster, "audit-log");
        }
        try (Admin admin = source.admin()) {
            List<AclBinding> all = new java.util.ArrayList<>(SYNCED);
            all.add(NOT_MATCHED);
            admin.createAcls(all).all().get();
        }
        try (Admin admin = destination.admin()) {
            admin.createAcls(List.of(BY_AN_OPERATOR)).all().get();
        }

        Map<String, String> config = aclSyncConfig("secured");
        config.put("acl.filters", "{\"aclFilters\":[{\"accessFilter\":{\"principal\":\"" + USER + "\"}},"
                + "{\"accessFilter\":{\"principal\":\"User:bob\"}}]}");
        connect.connect().configureConnector("secured-acls", config);

        Set<AclBinding> expected = new HashSet<>(SYNCED);
        expected.add(BY_AN_OPERATOR);
        awaitDestinationBindings(expected);

        for (SecuredKafkaCluster cluster : List.of(source, destination)) {
            assertUserMay(cluster, "payments", true);
            assertUserMay(cluster, "audit-log", false);
            assertUserReadsAsGroup(cluster, "audit-log", "readers", true);
            assertUserReadsAsGroup(cluster, "audit-log", "strangers", false);
        }

        try (Admin admin = source.admin()) {
            admin.deleteAcls(List.of(WRITE_PAYMENTS.toFilter())).all().get();
        }
        expected.remove(WRITE_PAYMENTS);
        awaitDestinationBindings(expected);
        assertUserMay(destination, "payments", false);

        // Ownership survives a restart: the operator's binding still stands, nothing else changes.
        connect.connect().stopConnector("secured-acls");
        Waits.waitFor(() -> ConnectorMetrics.find("secured-acls").isEmpty(), DEADLINE, () -> "the ACL sync did not stop");
        long resumed = System.currentTimeMillis();
        connect.connect().resumeConnector("secured-acls");
        Waits.waitFor(() -> ConnectorMetrics.value("secured-acls", "last-sync-time-ms") > resumed, DEADLINE,
                () -> "no sweep after the restart");
        try (Admin admin = source.admin()) {
            admin.createAcls(List.of(binding(ResourceType.TOPIC, "audit-log", PatternType.LITERAL, USER,
                    AclOperation.DESCRIBE, AclPermissionType.ALLOW))).all().get();
        }
        expected.add(binding(ResourceType.TOPIC, "audit-log", PatternType.LITERAL, USER, AclOperation.DESCRIBE,
                AclPermissionType.ALLOW));
        awaitDestinationBindings(expected);
        assertEquals(0L, ConnectorMetrics.value("secured-acls", "bindings-deleted-total"), "nothing deleted after the restart");
        assertEquals(7L, ConnectorMetrics.value("secured-acls", "bindings-owned"));
        assertEquals(7L, ownershipRecords("secured"), "ownership records in the link's state topic");
        connect.connect().deleteConnector("secured-acls");
    }

    @Test
    void aClusterWithoutAnAuthorizerIsAConnectorErrorThatSaysSo() throws Exception {
        Map<String, String> config = connect.aclSyncConfig("open");
        config.put("acl.filters", "{\"aclFilters\":[{\"resourceFilter\":{\"resourceType\":\"any\"}}]}");
        connect.connect().configureConnector("open-acls", config);
        Waits.waitFor(() -> {
            var tasks = connect.connect().connectorStatus("open-acls").tasks();
            return !tasks.isEmpty() && "FAILED".equals(tasks.get(0).state())
                    && tasks.get(0).trace().contains("has no authorizer");
        }, DEADLINE, () -> "the task did not fail with a clear reason: " + connect.connect().connectorStatus("open-acls"));
        connect.connect().deleteConnector("open-acls");
    }

    @Test
    void validateNamesTheKeyThatIsWrong() {
        Map<String, String> badJson = aclSyncConfig("invalid");
        badJson.put("acl.filters", "{\"aclFilters\":[{\"resourceFilter\":");
        assertTrue(filterErrors(badJson).contains("Not valid JSON"), filterErrors(badJson));

        Map<String, String> unknownType = aclSyncConfig("invalid");
        unknownType.put("acl.filters", "{\"aclFilters\":[{\"resourceFilter\":{\"resourceType\":\"queue\"}}]}");
        assertTrue(filterErrors(unknownType).contains("resourceType \"queue\""), filterErrors(unknownType));

        Map<String, String> missing = aclSyncConfig("invalid");
        missing.remove("acl.filters");
        assertTrue(filterErrors(missing).contains("Say which ACLs to sync"), filterErrors(missing));

        Map<String, String> badMapping = aclSyncConfig("invalid");
        badMapping.put("acl.filters", "{\"aclFilters\":[{\"resourceFilter\":{\"resourceType\":\"any\"}}]}");
        badMapping.put("acl.principal.mapping", "User:a=>User:b");
        assertEquals(Set.of("acl.principal.mapping"), errors(badMapping).keySet());
    }

    private static Map<String, String> aclSyncConfig(String link) {
        Map<String, String> config = connect.aclSyncConfig(link);
        config.put("name", link + "-acls");
        for (Map.Entry<String, SecuredKafkaCluster> cluster : Map.of("source.", source, "destination.", destination).entrySet()) {
            cluster.getValue().clientSettings(SecuredKafkaCluster.ADMIN).forEach((key, value) ->
                    config.put(cluster.getKey() + key, value.toString()));
        }
        return config;
    }

    private static String filterErrors(Map<String, String> config) {
        return String.valueOf(errors(config).get("acl.filters"));
    }

    private static Map<String, List<String>> errors(Map<String, String> config) {
        return ValidateErrors.of(connect.connect(), "AclSyncConnector", config);
    }

    private static void awaitDestinationBindings(Set<AclBinding> expected) throws InterruptedException {
        Waits.waitFor(() -> expected.equals(bindings(destination)), DEADLINE,
                () -> "destination ACLs differ: expected " + expected + ", found " + bindings(destination));
    }

    private static Set<AclBinding> bindings(SecuredKafkaCluster cluster) {
        try (Admin admin = cluster.admin()) {
            return new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void produceAsAdmin(SecuredKafkaCluster cluster, String topic) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.clientSettings(SecuredKafkaCluster.ADMIN),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, bytes("k"), bytes("written by the admin"))).get();
        }
    }

    /** The user produces to {@code topic}: it must succeed, or be refused for that topic. */
    private static void assertUserMay(SecuredKafkaCluster cluster, String topic, boolean allowed) throws Exception {
        Map<String, Object> settings = cluster.clientSettings(SecuredKafkaCluster.USER);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            if (allowed) {
                producer.send(new ProducerRecord<>(topic, bytes("k"), bytes("by the user"))).get();
            } else {
                Exception refused = assertThrows(Exception.class,
                        () -> producer.send(new ProducerRecord<>(topic, bytes("k"), bytes("by the user"))).get());
                Throwable cause = refused instanceof ExecutionException ? refused.getCause() : refused;
                assertInstanceOf(TopicAuthorizationException.class, cause, "producing to " + topic);
            }
        }
    }

    /** The user consumes {@code topic} in {@code group}: it must read the admin's record, or be refused for the group. */
    private static void assertUserReadsAsGroup(SecuredKafkaCluster cluster, String topic, String group, boolean allowed) {
        Map<String, Object> settings = cluster.clientSettings(SecuredKafkaCluster.USER);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            if (!allowed) {
                assertThrows(GroupAuthorizationException.class, () -> {
                    long deadline = System.nanoTime() + DEADLINE.toNanos();
                    while (System.nanoTime() < deadline) {
                        consumer.poll(Duration.ofMillis(200));
                    }
                }, "consuming as group " + group);
                return;
            }
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    assertEquals("written by the admin", new String(record.value(), StandardCharsets.UTF_8));
                    return;
                }
            }
            throw new AssertionError("the user read nothing from " + topic + " as group " + group);
        }
    }

    /** Live ACL ownership records (the latest per key, not deleted) in the link's state topic. */
    private static long ownershipRecords(String link) {
        Map<String, Object> settings = destination.clientSettings(SecuredKafkaCluster.ADMIN);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, byte[]> latest = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            org.apache.kafka.common.TopicPartition state = new org.apache.kafka.common.TopicPartition(
                    "_kafka-link-" + link + "-state", 0);
            consumer.assign(List.of(state));
            consumer.seekToBeginning(List.of(state));
            long end = consumer.endOffsets(List.of(state)).get(state);
            while (consumer.position(state) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String key = new String(record.key(), StandardCharsets.UTF_8);
                    if (key.startsWith("acl/")) {
                        latest.put(key, record.value());
                    }
                }
            }
        }
        return latest.values().stream().filter(value -> value != null).count();
    }
}
