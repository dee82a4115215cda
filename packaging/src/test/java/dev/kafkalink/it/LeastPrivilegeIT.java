package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import dev.kafkalink.testkit.ConfluentRegistryStandIn;
import dev.kafkalink.testkit.ConnectorMetrics;
import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.SecuredClusterPair;
import dev.kafkalink.testkit.SecuredKafkaCluster;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The link's principals need only the ACLs README documents. Given exactly those on two clusters
 * with an authorizer, the source link creates, aligns and fills a mirror, the offset sync carries
 * a group's offsets over, the ACL sync copies a binding, and the schema export reads the source
 * registry's topic as its change feed; with one taken away, the error names what was refused.
 */
class LeastPrivilegeIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String PRINCIPAL = "User:" + SecuredKafkaCluster.USER;
    private static final String STATE_TOPIC = "_kafka-link-least-state";

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().build();

    @RegisterExtension
    static final SecuredClusterPair secured = new SecuredClusterPair();

    private static SecuredKafkaCluster source;
    private static SecuredKafkaCluster destination;

    @BeforeAll
    static void useSecuredClusters() {
        source = secured.source();
        destination = secured.destination();
    }

    /** README's list for the source cluster: read the mirrored topics and their configs. */
    static List<AclBinding> sourceAcls(String topic) {
        return List.of(allow(topic, AclOperation.READ), allow(topic, AclOperation.DESCRIBE_CONFIGS));
    }

    /** README's list for the destination cluster: own the mirror topics and the link's state topic. */
    static List<AclBinding> destinationAcls(String mirror) {
        return destinationAcls(mirror, STATE_TOPIC);
    }

    static List<AclBinding> destinationAcls(String mirror, String stateTopic) {
        List<AclBinding> acls = new ArrayList<>();
        for (AclOperation operation : List.of(AclOperation.CREATE, AclOperation.WRITE, AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS, AclOperation.ALTER, AclOperation.DELETE)) {
            acls.add(allow(mirror, operation));
        }
        for (AclOperation operation : List.of(AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE)) {
            acls.add(allow(stateTopic, operation));
        }
        return acls;
    }

    @Test
    void theDocumentedAclsAreEnoughAndAMissingOneIsNamed() throws Exception {
        try (Admin admin = source.admin()) {
            admin.createTopics(List.of(new NewTopic("orders", 2, (short) 1))).all().get();
            admin.createAcls(sourceAcls("orders")).all().get();
        }
        produce("orders", 0, 300);
        try (Admin admin = source.admin()) {
            admin.deleteRecords(Map.of(new TopicPartition("orders", 0), RecordsToDelete.beforeOffset(100))).all().get();
        }
        try (Admin admin = destination.admin()) {
            admin.createAcls(destinationAcls("orders")).all().get();
        }

        Map<String, String> config = new HashMap<>(clusters.sourceLinkConfig("least"));
        config.put("mirror.topics", "orders");
        secure(config, SecuredKafkaCluster.USER);
        clusters.connect().configureConnector("least", config);
        Waits.waitFor(() -> ends(destination).equals(ends(source)), DEADLINE,
                () -> "the mirror did not catch up: " + ends(destination) + " vs " + ends(source));
        assertEquals(100L, starts(destination).get(0), "aligned past the source's deleted log start");

        try (Admin admin = destination.admin()) {
            admin.deleteAcls(List.of(allow("orders", AclOperation.WRITE).toFilter())).all().get();
        }
        produce("orders", 300, 50);
        Waits.waitFor(() -> taskFailed("least"), DEADLINE, () -> "the task did not fail: " + clusters.connect().connectorStatus("least"));
        String trace = clusters.connect().connectorStatus("least").tasks().get(0).trace();
        assertTrue(trace.contains("Not authorized") && trace.contains("orders"), trace);
        clusters.connect().deleteConnector("least");
    }

    @Test
    void withoutDescribeConfigsOnASourceTopicTheConnectorFailsNamingTopicClusterAndAcl() throws Exception {
        try (Admin admin = source.admin()) {
            admin.createTopics(List.of(new NewTopic("invoices", 1, (short) 1))).all().get();
            admin.createAcls(sourceAcls("invoices")).all().get();
        }
        produce("invoices", 0, 20);
        try (Admin admin = destination.admin()) {
            admin.createAcls(destinationAcls("invoices", "_kafka-link-least-configs-state")).all().get();
        }
        Map<String, String> config = new HashMap<>(clusters.sourceLinkConfig("least-configs"));
        config.put("mirror.topics", "invoices");
        config.put("topic.config.sync.ms", "1000");
        secure(config, SecuredKafkaCluster.USER);
        clusters.connect().configureConnector("least-configs", config);
        Waits.waitFor(() -> offsets(destination, "invoices", OffsetSpec.latest()).getOrDefault(0, 0L) == 20L, DEADLINE,
                () -> "the mirror did not catch up");

        try (Admin admin = source.admin()) {
            admin.deleteAcls(List.of(allow("invoices", AclOperation.DESCRIBE_CONFIGS).toFilter())).all().get();
        }
        Waits.waitFor(() -> "FAILED".equals(clusters.connect().connectorStatus("least-configs").connector().state()), DEADLINE,
                () -> "the connector did not fail: " + clusters.connect().connectorStatus("least-configs"));
        String trace = clusters.connect().connectorStatus("least-configs").connector().trace();
        assertTrue(trace.contains("may not describe the configs of topic invoices on the source cluster: grant it "
                + "DESCRIBE_CONFIGS"), trace);
        clusters.connect().deleteConnector("least-configs");
    }

    /** README's list for the offset sync: describe the groups and topics on the source, commit on the destination. */
    static List<AclBinding> offsetSyncSourceAcls(String groupPrefix, String topic) {
        return List.of(allowPrefixed(ResourceType.GROUP, groupPrefix, AclOperation.DESCRIBE), allow(topic, AclOperation.DESCRIBE));
    }

    static List<AclBinding> offsetSyncDestinationAcls(String groupPrefix, String mirror) {
        return List.of(allowPrefixed(ResourceType.GROUP, groupPrefix, AclOperation.READ), allow(mirror, AclOperation.READ),
                allow(STATE_TOPIC, AclOperation.READ), allow(STATE_TOPIC, AclOperation.WRITE),
                allow(STATE_TOPIC, AclOperation.DESCRIBE), allow(STATE_TOPIC, AclOperation.CREATE));
    }

    @Test
    void theOffsetSyncNeedsOnlyItsDocumentedAclsAndAMissingOneIsNamed() throws Exception {
        // The mirror, by the super user; the principal of the offset sync is the one under test.
        try (Admin admin = source.admin()) {
            admin.createTopics(List.of(new NewTopic("ledger", 1, (short) 1))).all().get();
        }
        produce("ledger", 0, 100);
        Map<String, String> link = new HashMap<>(clusters.sourceLinkConfig("least"));
        link.put("mirror.topics", "ledger");
        secure(link, SecuredKafkaCluster.ADMIN);
        clusters.connect().configureConnector("least-admin-link", link);
        Waits.waitFor(() -> offsets(destination, "ledger", OffsetSpec.latest()).getOrDefault(0, 0L) == 100L, DEADLINE,
                () -> "the mirror did not catch up");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(groupMember(source, "app-billing"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition("ledger", 0), new OffsetAndMetadata(60)));
        }
        try (Admin admin = source.admin()) {
            admin.createAcls(offsetSyncSourceAcls("app-", "ledger")).all().get();
        }
        try (Admin admin = destination.admin()) {
            admin.createAcls(offsetSyncDestinationAcls("app-", "ledger")).all().get();
        }

        Map<String, String> offsets = new HashMap<>(clusters.offsetSyncConfig("least"));
        offsets.put("consumer.offset.group.filters",
                "{\"groupFilters\":[{\"name\":\"app-\",\"patternType\":\"PREFIXED\",\"filterType\":\"INCLUDE\"}]}");
        offsets.put("consumer.offset.sync.ms", "1000");
        secure(offsets, SecuredKafkaCluster.USER);
        clusters.connect().configureConnector("least-offsets", offsets);
        Waits.waitFor(() -> Long.valueOf(60).equals(destination.committedOffsets("app-billing").get(new TopicPartition("ledger", 0))),
                DEADLINE, () -> "the group's offset did not arrive: " + destination.committedOffsets("app-billing"));

        try (Admin admin = destination.admin()) {
            admin.deleteAcls(List.of(allowPrefixed(ResourceType.GROUP, "app-", AclOperation.READ).toFilter())).all().get();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(groupMember(source, "app-billing"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition("ledger", 0), new OffsetAndMetadata(80)));
        }
        Waits.waitFor(() -> ConnectorMetrics.value("least-offsets", "groups-failed") >= 1, DEADLINE,
                () -> "the refused write was not counted");
        Waits.waitFor(() -> Files.readString(Path.of("target", "it-logs", "tests.log"))
                        .contains("The link's principal may not commit the offsets of group app-billing on the destination"),
                DEADLINE, () -> "the refusal is not logged with the group and the reason");
        clusters.connect().deleteConnector("least-offsets");
        clusters.connect().deleteConnector("least-admin-link");
    }

    /** README's list for the ACL sync: list ACLs on the source, create and delete them on the destination, its state topic. */
    static List<AclBinding> aclSyncSourceAcls() {
        return List.of(allowOnCluster(AclOperation.DESCRIBE));
    }

    static List<AclBinding> aclSyncDestinationAcls(String stateTopic) {
        List<AclBinding> acls = new ArrayList<>(List.of(allowOnCluster(AclOperation.ALTER)));
        for (AclOperation operation : List.of(AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE)) {
            acls.add(allow(stateTopic, operation));
        }
        return acls;
    }

    @Test
    void theAclSyncNeedsOnlyItsDocumentedAclsAndAMissingOneIsNamed() throws Exception {
        AclBinding readReports = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "reports", PatternType.LITERAL),
                new AccessControlEntry("User:reports-app", "*", AclOperation.READ, AclPermissionType.ALLOW));
        AclBinding describeReports = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "reports", PatternType.LITERAL),
                new AccessControlEntry("User:reports-app", "*", AclOperation.DESCRIBE, AclPermissionType.ALLOW));
        List<AclBinding> granted = new ArrayList<>(aclSyncSourceAcls());
        try (Admin admin = source.admin()) {
            admin.createAcls(List.of(aclSyncSourceAcls().get(0), readReports)).all().get();
        }
        try (Admin admin = destination.admin()) {
            admin.createAcls(aclSyncDestinationAcls("_kafka-link-least-acls-state")).all().get();
        }
        granted.addAll(aclSyncDestinationAcls("_kafka-link-least-acls-state"));

        Map<String, String> config = new HashMap<>(clusters.aclSyncConfig("least-acls"));
        config.put("acl.filters", "{\"aclFilters\":[{\"accessFilter\":{\"principal\":\"User:reports-app\"}}]}");
        config.put("acl.sync.ms", "1000");
        secure(config, SecuredKafkaCluster.USER);
        clusters.connect().configureConnector("least-acls", config);
        Waits.waitFor(() -> reportsBindings(destination).equals(List.of(readReports)), DEADLINE,
                () -> "the binding did not arrive: " + reportsBindings(destination));

        try (Admin admin = destination.admin()) {
            admin.deleteAcls(List.of(allowOnCluster(AclOperation.ALTER).toFilter())).all().get();
        }
        try (Admin admin = source.admin()) {
            admin.createAcls(List.of(describeReports)).all().get();
        }
        Waits.waitFor(() -> taskFailed("least-acls"), DEADLINE,
                () -> "the task did not fail: " + clusters.connect().connectorStatus("least-acls"));
        String trace = clusters.connect().connectorStatus("least-acls").tasks().get(0).trace();
        assertTrue(trace.contains("grant it ALTER") && trace.contains("destination cluster"), trace);
        clusters.connect().deleteConnector("least-acls");
        try (Admin admin = source.admin()) {
            admin.deleteAcls(List.of(aclSyncSourceAcls().get(0).toFilter(), readReports.toFilter(), describeReports.toFilter()))
                    .all().get();
        }
        try (Admin admin = destination.admin()) {
            admin.deleteAcls(granted.stream().map(AclBinding::toFilter).toList()).all().get();
        }
    }

    @Test
    void theSchemaExportsKafkaPrincipalNeedsOnlyReadOnTheRegistrysTopicAndAMissingOneIsNamed() throws Exception {
        try (ConfluentRegistryStandIn sourceRegistry = ConfluentRegistryStandIn.start(
                source.clientSettings(SecuredKafkaCluster.ADMIN), "_schemas", null);
             ConfluentRegistryStandIn destinationRegistry = ConfluentRegistryStandIn.start()) {
            RegistryCalls sourceSchemas = new RegistryCalls(sourceRegistry.url());
            RegistryCalls destinationSchemas = new RegistryCalls(destinationRegistry.url());
            try (Admin admin = source.admin()) {
                admin.createAcls(List.of(allow("_schemas", AclOperation.READ))).all().get();
            }
            sourceSchemas.register("reports-value", "AVRO", "\"string\"");
            Map<String, String> config = SchemaExportIT.exportConfig("least-schemas", sourceRegistry.url(), destinationRegistry.url());
            config.put("source.schema.registry.topic", "_schemas");
            source.clientSettings(SecuredKafkaCluster.USER).forEach((key, value) -> config.put("source.kafka." + key, value.toString()));
            clusters.connect().configureConnector("least-schemas", config);
            SchemaExportIT.awaitSame(sourceSchemas, destinationSchemas, List.of("reports-value"), UnaryOperator.identity(),
                    UnaryOperator.identity());
            // Found through the feed, which the principal reads with READ alone.
            sourceSchemas.register("audits-value", "AVRO", "\"long\"");
            SchemaExportIT.awaitSame(sourceSchemas, destinationSchemas, List.of("reports-value", "audits-value"),
                    UnaryOperator.identity(), UnaryOperator.identity());

            try (Admin admin = source.admin()) {
                admin.deleteAcls(List.of(allow("_schemas", AclOperation.READ).toFilter())).all().get();
            }
            sourceSchemas.register("audits-value", "AVRO", "\"int\"");
            Waits.waitFor(() -> taskFailed("least-schemas"), DEADLINE,
                    () -> "the task did not fail: " + clusters.connect().connectorStatus("least-schemas"));
            String trace = clusters.connect().connectorStatus("least-schemas").tasks().get(0).trace();
            assertTrue(trace.contains("grant it READ on topic _schemas"), trace);
            clusters.connect().deleteConnector("least-schemas");
        }
    }

    private static List<AclBinding> reportsBindings(SecuredKafkaCluster cluster) {
        try (Admin admin = cluster.admin()) {
            return List.copyOf(admin.describeAcls(new AclBindingFilter(ResourcePatternFilter.ANY,
                    new AccessControlEntryFilter("User:reports-app", null, AclOperation.ANY, AclPermissionType.ANY))).values().get());
        } catch (Exception e) {
            return List.of();
        }
    }

    private static AclBinding allowOnCluster(AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                new AccessControlEntry(PRINCIPAL, "*", operation, AclPermissionType.ALLOW));
    }

    /** A connector's source.* and destination.* settings for {@code user} on the secured clusters. */
    private static void secure(Map<String, String> config, String user) {
        for (Map.Entry<String, Object> setting : source.clientSettings(user).entrySet()) {
            config.put("source." + setting.getKey(), setting.getValue().toString());
        }
        for (Map.Entry<String, Object> setting : destination.clientSettings(user).entrySet()) {
            config.put("destination." + setting.getKey(), setting.getValue().toString());
        }
    }

    private static Map<String, Object> groupMember(SecuredKafkaCluster cluster, String group) {
        Map<String, Object> settings = new HashMap<>(cluster.clientSettings(SecuredKafkaCluster.ADMIN));
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        return settings;
    }

    private static boolean taskFailed(String connector) {
        List<ConnectorStateInfo.TaskState> tasks = clusters.connect().connectorStatus(connector).tasks();
        return !tasks.isEmpty() && "FAILED".equals(tasks.get(0).state());
    }

    private static void produce(String topic, int from, int count) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(source.clientSettings(SecuredKafkaCluster.ADMIN),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(topic, topic.equals("orders") && i % 2 == 1 ? 1 : 0, bytes("k" + i),
                        bytes("v" + i))).get();
            }
        }
    }

    private static Map<Integer, Long> ends(SecuredKafkaCluster cluster) {
        return offsets(cluster, "orders", OffsetSpec.latest());
    }

    private static Map<Integer, Long> starts(SecuredKafkaCluster cluster) {
        return offsets(cluster, "orders", OffsetSpec.earliest());
    }

    private static Map<Integer, Long> offsets(SecuredKafkaCluster cluster, String topic, OffsetSpec spec) {
        try (Admin admin = cluster.admin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), spec);
            }
            Map<Integer, Long> offsets = new HashMap<>();
            admin.listOffsets(request).all().get().forEach((partition, info) -> offsets.put(partition.partition(), info.offset()));
            return offsets;
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static AclBinding allowPrefixed(ResourceType type, String prefix, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, prefix, PatternType.PREFIXED),
                new AccessControlEntry(PRINCIPAL, "*", operation, AclPermissionType.ALLOW));
    }

    private static AclBinding allow(String topic, AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry(PRINCIPAL, "*", operation, AclPermissionType.ALLOW));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
