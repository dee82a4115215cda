package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.kafkalink.testkit.ConfluentRegistryStandIn;
import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.RecordComparison;
import dev.kafkalink.testkit.SecuredKafkaCluster;
import dev.kafkalink.testkit.TopicReader;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's demo ({@code bin/kafka-link-demo}): embedded clusters, a Connect cluster loaded from
 * the plugin archive, the cross-cloud DR examples from config-examples submitted through the REST
 * API, and then, step by step: records mirrored at the same offsets, a consumer group's offsets,
 * schema ids and ACLs carried over, a promote with the kafka-link command, the consumer resuming
 * on the destination with nothing skipped and nothing repeated, and the way back (kafka-link reverse
 * restoring the old primary, its diverged records set aside). Printed for a person to read; every
 * step is also asserted.
 */
class DemoIT {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String ORDER_SCHEMA = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
    private static final List<String> EXAMPLES = List.of("dr-source-link.json", "dr-offset-sync.json",
            "dr-schema-export.json", "dr-acl-sync.json");

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().fileConfigProvider().build();

    @Test
    void demo() throws Exception {
        try (ConfluentRegistryStandIn sourceRegistry = ConfluentRegistryStandIn.start();
             ConfluentRegistryStandIn destinationRegistry = ConfluentRegistryStandIn.start();
             SecuredKafkaCluster securedSource = SecuredKafkaCluster.start();
             SecuredKafkaCluster securedDestination = SecuredKafkaCluster.start()) {
            Path secrets = Files.createTempDirectory("kafka-link-demo").resolve("secrets.properties");
            Files.writeString(secrets, "source.registry.user.info=link:registry-s3cret\ndestination.registry.token=registry-t0ken\n");
            sourceRegistry.requireBasicAuth("link", "registry-s3cret");
            destinationRegistry.requireBearerToken("registry-t0ken");
            say("Source cluster %s, destination cluster %s, Connect REST %s", clusters.source().bootstrapServers(),
                    clusters.destination().bootstrapServers(), clusters.connect().endpointForResource(""));
            say("Schema registries (Confluent REST API, the test stand-in) %s and %s; for ACLs, two clusters with an "
                    + "authorizer: %s and %s", sourceRegistry.url(), destinationRegistry.url(), securedSource.bootstrapServers(),
                    securedDestination.bootstrapServers());

            RegistryCalls sourceSchemas = new RegistryCalls(sourceRegistry.url(), basic("link", "registry-s3cret"));
            RegistryCalls destinationSchemas = new RegistryCalls(destinationRegistry.url(), "Bearer registry-t0ken");
            int schemaId = produceOrders(sourceSchemas);
            ConsumerGroups.consumeAndCommit(clusters.source().bootstrapServers(), "billing", "classic", "orders", 12_000, "");
            Map<TopicPartition, Long> committed = ConsumerGroups.committedOffsets(clusters.source().bootstrapServers(), "billing");
            say("Consumer group 'billing' read part of 'orders' on the source and committed %s", new TreeMap<>(offsets(committed)));
            List<AclBinding> acls = List.of(
                    acl(ResourceType.TOPIC, "orders", "User:billing-app", AclOperation.READ),
                    acl(ResourceType.GROUP, "billing", "User:billing-app", AclOperation.READ));
            try (Admin admin = securedSource.admin()) {
                admin.createAcls(acls).all().get();
            }
            say("Created ACLs on the secured source: User:billing-app may READ topic orders and group billing");

            ExampleConfigs.Surroundings plain = new ExampleConfigs.Surroundings(clusters.source().bootstrapServers(),
                    clusters.destination().bootstrapServers(), sourceRegistry.url(), destinationRegistry.url(), secrets,
                    Map.of(), Map.of());
            ExampleConfigs.Surroundings secured = new ExampleConfigs.Surroundings(securedSource.bootstrapServers(),
                    securedDestination.bootstrapServers(), null, null, secrets, securedSource.clientSettings(SecuredKafkaCluster.ADMIN),
                    securedDestination.clientSettings(SecuredKafkaCluster.ADMIN));
            for (String file : EXAMPLES) {
                ExampleConfigs.Example example = ExampleConfigs.load(file);
                boolean forAcls = example.config().get("connector.class").endsWith("AclSyncConnector");
                clusters.connect().configureConnector(example.name(),
                        ExampleConfigs.substituted(example.config(), forAcls ? secured : plain));
                say("Submitted connector '%s' from config-examples/%s", example.name(), file);
            }

            showMirror();
            Waits.waitFor(() -> committed.equals(ConsumerGroups.committedOffsets(clusters.destination().bootstrapServers(),
                    "billing")), DEADLINE, () -> "the group's offsets did not arrive");
            say("Group 'billing' on the destination: %s (the same as on the source)", new TreeMap<>(offsets(committed)));
            showSchema(destinationSchemas, sourceSchemas, schemaId);
            Waits.waitFor(() -> bindings(securedDestination).containsAll(acls), DEADLINE, () -> "the ACLs did not arrive");
            say("ACLs on the secured destination: %d bindings for User:billing-app, as on the source", acls.size());

            KafkaLinkProcess.Run promote = KafkaLinkProcess.run(clusters.connect().endpointForResource(""),
                    "promote", "orders", "--wait");
            say("$ kafka-link promote orders --wait");
            promote.out().lines().forEach(line -> say("  %s", line));
            assertEquals(0, promote.exitCode(), promote.err());

            resumeOnTheDestination(committed);
            KafkaLinkProcess.Run status = KafkaLinkProcess.run(clusters.connect().endpointForResource(""), "status");
            say("$ kafka-link status");
            status.out().lines().forEach(line -> say("  %s", line));
            assertTrue(status.out().matches("(?s).*orders\\s+STOPPED.*"), status.out());
            wayBack();
            for (String file : EXAMPLES) {
                clusters.connect().deleteConnector(ExampleConfigs.load(file).name());
            }
            say("Done: connectors deleted; 'orders' on the destination is a normal topic now");
        }
    }

    /**
     * The way back: the old primary got records after the switch that never reached the destination, the
     * application writes on the destination now; kafka-link reverse restores the old primary as a mirror,
     * with its diverged records set aside.
     */
    private static void wayBack() throws Exception {
        produce(clusters.source(), 300);
        produce(clusters.destination(), 600);
        say("The way back: 'orders' on the old primary got 300 records the destination never saw; the application "
                + "wrote 600 on the destination");
        KafkaLinkProcess.Run reverse = KafkaLinkProcess.run(clusters.connect().endpointForResource(""),
                "--connector", "dr-source-link", "reverse", "orders");
        say("$ kafka-link --connector dr-source-link reverse orders");
        reverse.out().lines().forEach(line -> say("  %s", line));
        assertEquals(0, reverse.exitCode(), reverse.err());
        Waits.waitFor(() -> TopicReader.count(TopicReader.readAll(clusters.source().bootstrapServers(), "orders"))
                == TopicReader.count(TopicReader.readAll(clusters.destination().bootstrapServers(), "orders")), DEADLINE,
                () -> "the old primary did not become a mirror of the destination");
        List<String> differences = RecordComparison.aligned(
                TopicReader.readAll(clusters.destination().bootstrapServers(), "orders"),
                TopicReader.readAll(clusters.source().bootstrapServers(), "orders"));
        say("The old primary's 'orders' now holds the destination's records at the same offsets: %d differences; "
                + "its 300 diverged records are in 'orders.diverged'", differences.size());
        assertEquals(List.of(), differences);
        assertEquals(300, TopicReader.count(TopicReader.readAll(clusters.source().bootstrapServers(), "orders.diverged")));
        KafkaLinkProcess.Run status = KafkaLinkProcess.run(clusters.connect().endpointForResource(""),
                "--connector", "dr-source-link-back", "status");
        say("$ kafka-link --connector dr-source-link-back status");
        status.out().lines().forEach(line -> say("  %s", line));
        assertTrue(status.out().contains("DONE (re-created)"), status.out());
        clusters.connect().deleteConnector("dr-source-link-back");
        clusters.connect().deleteConnector("dr-offset-sync-back");
    }

    private static void produce(EmbeddedKafkaCluster cluster, int count) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = cluster.createProducer(Map.of())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>("orders", i % 3, ("after-" + i).getBytes(StandardCharsets.UTF_8),
                        ("written after the switch " + i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /** 30,000 orders in Confluent's wire format (magic byte, schema id, Avro), then retention deletes some. */
    private static int produceOrders(RegistryCalls schemas) throws Exception {
        int schemaId = schemas.register("orders-value", "AVRO", ORDER_SCHEMA);
        Topics.create(clusters.source(), "orders", 3, Map.of());
        try (KafkaProducer<byte[], byte[]> producer = clusters.source().createProducer(Map.of())) {
            for (int i = 0; i < 30_000; i++) {
                producer.send(new ProducerRecord<>("orders", i % 3, bytes("customer-" + (i % 101)), wireFormat(schemaId, "order-" + i)));
            }
        }
        try (Admin admin = clusters.source().createAdminClient()) {
            admin.deleteRecords(Map.of(new TopicPartition("orders", 1), RecordsToDelete.beforeOffset(4_000))).all().get();
        }
        say("Registered schema 'orders-value' (id %d) and produced 30,000 orders with it to 'orders' (3 partitions); "
                + "retention deleted the first 4,000 of partition 1", schemaId);
        return schemaId;
    }

    private static void showMirror() throws InterruptedException {
        MirrorAssertions.awaitMirrored(clusters, "orders", "orders");
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> source = TopicReader.readAll(clusters.source().bootstrapServers(), "orders");
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> mirror = TopicReader.readAll(clusters.destination().bootstrapServers(), "orders");
        say("%-10s %14s %14s %14s %14s", "partition", "source first", "mirror first", "source end", "mirror end");
        for (int p : source.keySet()) {
            List<ConsumerRecord<byte[], byte[]>> s = source.get(p);
            List<ConsumerRecord<byte[], byte[]>> m = mirror.get(p);
            say("%-10d %14d %14d %14d %14d", p, s.get(0).offset(), m.get(0).offset(), s.get(s.size() - 1).offset() + 1,
                    m.get(m.size() - 1).offset() + 1);
        }
        List<String> differences = RecordComparison.aligned(source, mirror);
        say("Compared %d records (partition, offset, key, value, headers, timestamp): %d differences",
                TopicReader.count(source), differences.size());
        assertEquals(List.of(), differences);
    }

    /** A mirrored record's schema id resolves on the destination registry to the source's schema. */
    private static void showSchema(RegistryCalls destination, RegistryCalls source, int schemaId) throws InterruptedException {
        ConsumerRecord<byte[], byte[]> record = TopicReader.readAll(clusters.destination().bootstrapServers(), "orders").get(0).get(0);
        int id = ByteBuffer.wrap(record.value(), 1, 4).getInt();
        Waits.waitFor(() -> destination.version("orders-value", 1) != null, DEADLINE, () -> "the schema did not arrive");
        assertEquals(schemaId, id);
        assertEquals(source.version("orders-value", 1).path("schema"), destination.version("orders-value", 1).path("schema"));
        assertEquals(id, destination.version("orders-value", 1).path("id").asInt());
        say("A mirrored record carries schema id %d; the destination registry resolves id %d to the source's 'orders-value' "
                + "version 1", id, id);
    }

    /**
     * The group moves to the destination and reads the rest: exactly the source's records after its
     * offsets (from the start where it committed nothing).
     */
    private static void resumeOnTheDestination(Map<TopicPartition, Long> committed) throws Exception {
        Map<TopicPartition, Long> ends = Topics.endOffsets(clusters.destination(), "orders", 3).entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> new TopicPartition("orders", e.getKey()), Map.Entry::getValue));
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> read = ConsumerGroups.readRemaining(
                clusters.destination().bootstrapServers(), "billing", "classic", "orders", ends);
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> expected = new TreeMap<>();
        TopicReader.readAll(clusters.source().bootstrapServers(), "orders").forEach((partition, records) -> expected.put(partition,
                records.stream().filter(r -> r.offset() >= committed.getOrDefault(new TopicPartition("orders", partition), 0L))
                        .toList()));
        expected.values().removeIf(List::isEmpty); // partitions the group had read to the end
        List<String> differences = RecordComparison.aligned(expected, read);
        say("Group 'billing' resumed on the destination: read %d records, the source's remaining %d: %d skipped or repeated",
                TopicReader.count(read), TopicReader.count(expected), differences.size());
        assertEquals(List.of(), differences);
    }

    private static Set<AclBinding> bindings(SecuredKafkaCluster cluster) throws Exception {
        try (Admin admin = cluster.admin()) {
            return new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get());
        }
    }

    private static AclBinding acl(ResourceType type, String name, String principal, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    private static Map<String, Long> offsets(Map<TopicPartition, Long> offsets) {
        Map<String, Long> shown = new TreeMap<>();
        offsets.forEach((partition, offset) -> shown.put(partition.toString(), offset));
        return shown;
    }

    /** Confluent's wire format: magic byte 0, the schema id, then the Avro record {id: string}. */
    private static byte[] wireFormat(int schemaId, String id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
        byte[] text = bytes(id);
        long zigzag = ((long) text.length << 1) ^ ((long) text.length >> 63);
        while ((zigzag & ~0x7FL) != 0) {
            out.write((int) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        out.write((int) zigzag);
        out.writeBytes(text);
        return out.toByteArray();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void say(String format, Object... args) {
        System.out.println("[kafka-link demo] " + String.format(format, args)); // the demo's own output, for a person
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
