package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.SaslKafkaCluster;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The source link's principal needs only the ACLs README documents: given exactly those on two
 * clusters with an authorizer, a mirror is created, aligned past a deleted log start and filled; with
 * one taken away, the task fails with an error that names what it was refused.
 */
class SourceLinkAclsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String PRINCIPAL = "User:" + SaslKafkaCluster.USER;
    private static final String STATE_TOPIC = "_kafka-link-least-state";

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().build();

    private static SaslKafkaCluster source;
    private static SaslKafkaCluster destination;

    @BeforeAll
    static void startSecuredClusters() throws Exception {
        source = SaslKafkaCluster.start();
        destination = SaslKafkaCluster.start();
    }

    @AfterAll
    static void stopSecuredClusters() throws Exception {
        source.close();
        destination.close();
    }

    /** README's list for the source cluster: read the mirrored topics and their configs. */
    static List<AclBinding> sourceAcls(String topic) {
        return List.of(allow(topic, AclOperation.READ), allow(topic, AclOperation.DESCRIBE_CONFIGS));
    }

    /** README's list for the destination cluster: own the mirror topics and the link's state topic. */
    static List<AclBinding> destinationAcls(String mirror) {
        List<AclBinding> acls = new ArrayList<>();
        for (AclOperation operation : List.of(AclOperation.CREATE, AclOperation.WRITE, AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS, AclOperation.ALTER, AclOperation.DELETE)) {
            acls.add(allow(mirror, operation));
        }
        for (AclOperation operation : List.of(AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE)) {
            acls.add(allow(STATE_TOPIC, operation));
        }
        return acls;
    }

    @Test
    void theDocumentedAclsAreEnoughAndAMissingOneIsNamed() throws Exception {
        try (Admin admin = source.admin()) {
            admin.createTopics(List.of(new NewTopic("orders", 2, (short) 1))).all().get();
            admin.createAcls(sourceAcls("orders")).all().get();
        }
        produce(0, 300);
        try (Admin admin = source.admin()) {
            admin.deleteRecords(Map.of(new TopicPartition("orders", 0), RecordsToDelete.beforeOffset(100))).all().get();
        }
        try (Admin admin = destination.admin()) {
            admin.createAcls(destinationAcls("orders")).all().get();
        }

        Map<String, String> config = new HashMap<>(clusters.sourceLinkConfig("least"));
        config.put("mirror.topics", "orders");
        for (Map.Entry<String, Object> setting : source.clientSettings(SaslKafkaCluster.USER).entrySet()) {
            config.put("source." + setting.getKey(), setting.getValue().toString());
        }
        for (Map.Entry<String, Object> setting : destination.clientSettings(SaslKafkaCluster.USER).entrySet()) {
            config.put("destination." + setting.getKey(), setting.getValue().toString());
            config.put("producer.override." + setting.getKey(), setting.getValue().toString());
        }
        clusters.connect().configureConnector("least", config);
        Waits.waitFor(() -> ends(destination).equals(ends(source)), DEADLINE,
                () -> "the mirror did not catch up: " + ends(destination) + " vs " + ends(source));
        assertEquals(100L, starts(destination).get(0), "aligned past the source's deleted log start");

        try (Admin admin = destination.admin()) {
            admin.deleteAcls(List.of(allow("orders", AclOperation.WRITE).toFilter())).all().get();
        }
        produce(300, 50);
        Waits.waitFor(() -> taskFailed("least"), DEADLINE, () -> "the task did not fail: " + clusters.connect().connectorStatus("least"));
        String trace = clusters.connect().connectorStatus("least").tasks().get(0).trace();
        assertTrue(trace.contains("Not authorized") && trace.contains("orders"), trace);
        clusters.connect().deleteConnector("least");
    }

    private static boolean taskFailed(String connector) {
        List<ConnectorStateInfo.TaskState> tasks = clusters.connect().connectorStatus(connector).tasks();
        return !tasks.isEmpty() && "FAILED".equals(tasks.get(0).state());
    }

    private static void produce(int from, int count) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(source.clientSettings(SaslKafkaCluster.ADMIN),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>("orders", i % 2, bytes("k" + i), bytes("v" + i))).get();
            }
        }
    }

    private static Map<Integer, Long> ends(SaslKafkaCluster cluster) {
        return offsets(cluster, OffsetSpec.latest());
    }

    private static Map<Integer, Long> starts(SaslKafkaCluster cluster) {
        return offsets(cluster, OffsetSpec.earliest());
    }

    private static Map<Integer, Long> offsets(SaslKafkaCluster cluster, OffsetSpec spec) {
        try (Admin admin = cluster.admin()) {
            Map<TopicPartition, OffsetSpec> request = Map.of(new TopicPartition("orders", 0), spec, new TopicPartition("orders", 1), spec);
            Map<Integer, Long> offsets = new HashMap<>();
            admin.listOffsets(request).all().get().forEach((partition, info) -> offsets.put(partition.partition(), info.offset()));
            return offsets;
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static AclBinding allow(String topic, AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry(PRINCIPAL, "*", operation, AclPermissionType.ALLOW));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
