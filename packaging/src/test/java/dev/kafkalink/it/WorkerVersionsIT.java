package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import dev.kafkalink.testkit.ConfluentRegistryStandIn;
import dev.kafkalink.testkit.ConnectWorkerProcess;
import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.RecordComparison;
import dev.kafkalink.testkit.TopicReader;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin archive on real Connect workers of every supported version (3.7 to 4.4), each in a JVM of
 * its own with that version's jars from Maven Central (module connect-workers), one after another,
 * against one shared pair of KRaft clusters (the build's Kafka, with an authorizer). On each, all four
 * connectors run through the REST API: a mirror compared record by record, a group's offsets carried
 * over, an ACL binding synced and a schema version exported with its id. Every worker also publishes the
 * link's metrics over JMX; they must carry the same names, tags and attributes on every version, so
 * that on workers without plugin metrics (before 4.1) dashboards see what they see on 4.3.
 */
class WorkerVersionsIT {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerVersionsIT.class);

    /** Set by the build: connect-workers/target/workers, one folder of jars per worker version. */
    private static final String WORKERS_PROPERTY = "kafkalink.workers";
    private static final Set<String> SUPPORTED_LINES = Set.of("3.7", "3.9", "4.0", "4.1", "4.2", "4.3", "4.4");
    /** Older than supported: the plugin must say so in validate() instead of answering 0 errors. */
    private static final String REFUSED_LINE = "3.6";
    private static final String REFERENCE_LINE = "4.3";
    private static final List<String> CONNECTORS = List.of("mirror", "offsets", "acls", "schemas");
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 300;
    private static final String AVRO = "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";

    private static EmbeddedKafkaCluster source;
    private static EmbeddedKafkaCluster destination;
    private static final Map<String, Set<String>> metricsByVersion = new LinkedHashMap<>();
    private static final Map<String, String> results = new LinkedHashMap<>();

    @BeforeAll
    static void startClusters() {
        Properties brokers = new Properties();
        brokers.put("transaction.state.log.replication.factor", "1");
        brokers.put("transaction.state.log.min.isr", "1");
        // ACLs need an authorizer; every client of this test is ANONYMOUS on PLAINTEXT, made a super user.
        brokers.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        brokers.put("super.users", "User:ANONYMOUS");
        source = new EmbeddedKafkaCluster(1, brokers);
        source.start();
        destination = new EmbeddedKafkaCluster(1, brokers);
        destination.start();
    }

    @AfterAll
    static void stopClusters() {
        LOG.info("Worker version matrix (all four connectors on each; time per version: its data, worker start, connectors, "
                + "checks):\n| worker | mirror | offset sync | ACL sync | schema export | time |\n{}", String.join("\n", results.values()));
        metricsByVersion.forEach((version, names) -> LOG.info("The link's JMX metrics on Connect {}:\n{}", version, String.join("\n", names)));
        for (EmbeddedKafkaCluster cluster : new EmbeddedKafkaCluster[] {destination, source}) {
            if (cluster != null) {
                cluster.stop();
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyConnectorRunsOnEveryWorkerVersion() throws IOException {
        List<Path> workers = workerFolders();
        Set<String> lines = new TreeSet<>();
        workers.forEach(folder -> lines.add(line(folder.getFileName().toString())));
        Set<String> expected = new TreeSet<>(SUPPORTED_LINES);
        expected.add(REFUSED_LINE);
        assertEquals(expected, lines, "worker versions built by connect-workers");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path folder : workers) {
            String version = folder.getFileName().toString();
            if (line(version).equals(REFUSED_LINE)) {
                tests.add(DynamicTest.dynamicTest("Connect " + version + " is refused by validate()", () -> runRefused(version, folder)));
            } else {
                tests.add(DynamicTest.dynamicTest("Connect " + version, () -> runScenario(version, folder)));
            }
        }
        tests.add(DynamicTest.dynamicTest("the link's JMX metrics have one set of names on every version", () -> {
            Set<String> reference = metricsByVersion.entrySet().stream().filter(entry -> line(entry.getKey()).equals(REFERENCE_LINE))
                    .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError("the " + REFERENCE_LINE + " worker failed"));
            assertFalse(reference.isEmpty());
            metricsByVersion.forEach((version, names) -> assertEquals(reference, names,
                    "JMX metrics on Connect " + version + " against " + REFERENCE_LINE));
            assertEquals(SUPPORTED_LINES.size(), metricsByVersion.size(), "versions whose metrics were read: " + metricsByVersion.keySet());
        }));
        return tests.stream();
    }

    private void runScenario(String version, Path jars) throws Exception {
        String link = "v" + version.replace(".", "");
        String topic = link + "-orders";
        String group = link + "-app";
        String principal = "User:" + link + "-reader";
        long started = System.nanoTime();
        Map<String, String> outcome = new LinkedHashMap<>();
        CONNECTORS.forEach(connector -> outcome.put(connector, "not reached"));
        try (ConfluentRegistryStandIn sourceRegistry = ConfluentRegistryStandIn.start();
             ConfluentRegistryStandIn destinationRegistry = ConfluentRegistryStandIn.start()) {
            writeSource(topic, group, principal);
            RegistryCalls sourceSchemas = new RegistryCalls(sourceRegistry.url());
            RegistryCalls destinationSchemas = new RegistryCalls(destinationRegistry.url());
            int schemaId = sourceSchemas.register(topic + "-value", "AVRO", AVRO);

            int jmxPort = ConnectWorkerProcess.freePort();
            ConnectWorkerProcess.Launch launch = ConnectWorkerProcess.Launch.workerJars(jars, version).withJmx(jmxPort);
            try (ConnectWorkerProcess worker = ConnectWorkerProcess.start(workerProperties(link), launch)) {
                WorkerRest rest = new WorkerRest(worker.restUrl());
                Map<String, Map<String, String>> configs = new LinkedHashMap<>();
                configs.put("mirror", mirrorConfig(link, topic));
                configs.put("offsets", linkConfig("dev.kafkalink.offsets.OffsetSyncConnector", link,
                        Map.of("consumer.offset.group.filters", "{\"groupFilters\":[{\"name\":\"" + group + "\"}]}",
                                "consumer.offset.sync.ms", "1000")));
                configs.put("acls", linkConfig("dev.kafkalink.acls.AclSyncConnector", link,
                        Map.of("acl.filters", "{\"aclFilters\":[{\"accessFilter\":{\"principal\":\"" + principal + "\"}}]}",
                                "acl.sync.ms", "1000")));
                configs.put("schemas", schemaConfig(link, topic, sourceRegistry.url(), destinationRegistry.url()));

                Waits.waitFor(() -> rest.connectorPlugins().containsAll(configs.values().stream()
                        .map(config -> config.get("connector.class")).toList()), DEADLINE,
                        () -> "Connect " + version + " did not list the four connectors: " + rest.connectorPlugins());
                for (Map.Entry<String, Map<String, String>> connector : configs.entrySet()) {
                    connector.getValue().put("name", connector.getKey());
                    assertEquals(List.of(), rest.validationErrors(connector.getValue()), "validate " + connector.getKey());
                    rest.putConnector(connector.getKey(), connector.getValue());
                }
                for (String connector : CONNECTORS) {
                    awaitRunning(rest, connector, version);
                }

                MirrorAssertions.awaitMirrored(source, topic, destination, topic);
                List<String> differences = RecordComparison.aligned(TopicReader.readAll(source.bootstrapServers(), topic),
                        TopicReader.readAll(destination.bootstrapServers(), topic));
                assertEquals(List.of(), differences, "mirror of " + topic + " on Connect " + version);
                outcome.put("mirror", RECORDS + " records equal");

                Map<TopicPartition, Long> sourceOffsets = ConsumerGroups.committedOffsets(source.bootstrapServers(), group);
                Waits.waitFor(() -> sourceOffsets.equals(ConsumerGroups.committedOffsets(destination.bootstrapServers(), group)),
                        DEADLINE, () -> "offsets of " + group + " on the destination: " + committed(group) + ", source " + sourceOffsets
                                + "; " + rest.failure("offsets"));
                outcome.put("offsets", "offsets synced");

                AclBinding binding = readAcl(topic, principal);
                Waits.waitFor(() -> destinationAcls(principal).contains(binding), DEADLINE,
                        () -> "the ACL of " + principal + " was not synced; " + rest.failure("acls"));
                outcome.put("acls", "binding synced");

                Waits.waitFor(() -> destinationSchemas.versions(topic + "-value", false).equals(List.of(1))
                                && destinationSchemas.version(topic + "-value", 1).path("id").asInt() == schemaId,
                        DEADLINE, () -> "schema " + topic + "-value was not exported with id " + schemaId + ": "
                                + destinationSchemas.versions(topic + "-value", true) + "; " + rest.failure("schemas"));
                outcome.put("schemas", "version exported, id kept");

                metricsByVersion.put(version, awaitMetrics(jmxPort, link));
                for (String connector : CONNECTORS) {
                    assertTrue(rest.running(connector), connector + " on Connect " + version + ": " + rest.status(connector));
                }
            }
        } finally {
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            results.put(version, String.format("| %-6s | %-20s | %-15s | %-14s | %-26s | %3d s |", version,
                    outcome.get("mirror"), outcome.get("offsets"), outcome.get("acls"), outcome.get("schemas"), seconds));
        }
    }

    /** On a worker older than 3.7, validate() of each connector answers with an error on connector.class that says why. */
    private void runRefused(String version, Path jars) throws Exception {
        long started = System.nanoTime();
        String link = "v" + version.replace(".", "");
        String outcome = "not reached";
        try (ConnectWorkerProcess worker = ConnectWorkerProcess.start(workerProperties(link),
                ConnectWorkerProcess.Launch.workerJars(jars, version))) {
            WorkerRest rest = new WorkerRest(worker.restUrl());
            Map<String, String> config = mirrorConfig(link, link + "-orders");
            config.put("name", "mirror");
            Waits.waitFor(() -> rest.connectorPlugins().contains(config.get("connector.class")), DEADLINE,
                    () -> "Connect " + version + " did not list the plugin: " + rest.connectorPlugins());
            List<String> errors = rest.validationErrors(config);
            assertEquals(1, errors.size(), "validate on Connect " + version + ": " + errors);
            assertTrue(errors.get(0).startsWith("connector.class: ") && errors.get(0).contains(version)
                    && errors.get(0).contains("3.7 to 4.4"), errors.get(0));
            outcome = "validate: " + errors.get(0).substring(0, Math.min(60, errors.get(0).length())) + "...";
        } finally {
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            results.put(version, String.format("| %-6s | %s | %3d s |", version, outcome, seconds));
        }
    }

    private static void awaitRunning(WorkerRest rest, String connector, String version) throws InterruptedException {
        Waits.waitFor(() -> {
            String failure = rest.failure(connector);
            if (failure != null) {
                throw new AssertionError("on Connect " + version + ": " + failure);
            }
            return rest.running(connector);
        }, DEADLINE, () -> connector + " is not running on Connect " + version + ": " + rest.status(connector));
    }

    /**
     * The link's MBeans once all four connectors' tasks have registered theirs (3 partitions for the mirror)
     * and the mirror's connector its per-topic ones.
     */
    private static Set<String> awaitMetrics(int jmxPort, String link) throws InterruptedException {
        return Waits.await(() -> {
            Set<String> names = PluginMbeans.read(jmxPort, link);
            boolean complete = CONNECTORS.stream().allMatch(connector -> names.stream()
                    .anyMatch(name -> name.contains("connector=" + connector + ",")))
                    && names.stream().filter(name -> name.contains("partition=")).count() == PARTITIONS
                    // the link-level gauges of the mirror's connector, added at its first check of the topic
                    && names.stream().anyMatch(name -> name.contains("connector=mirror,link=LINK,topic="));
            return complete ? java.util.Optional.of(names) : java.util.Optional.empty();
        }, DEADLINE, "the link's metrics of all four connectors over JMX");
    }

    private static void writeSource(String topic, String group, String principal) throws Exception {
        Topics.create(source, topic, PARTITIONS, Map.of());
        long timestamp = System.currentTimeMillis() - 3_600_000;
        try (KafkaProducer<byte[], byte[]> producer = source.createProducer(Map.of())) {
            for (int i = 0; i < RECORDS; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("trace", bytes("t" + i));
                headers.add("trace", bytes("again"));
                headers.add("empty", null);
                byte[] key = i % 10 == 0 ? null : bytes("k" + i);
                byte[] value = i % 7 == 0 ? null : bytes("v" + i);
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, timestamp + i, key, value, headers)).get();
            }
        }
        try (Admin admin = source.createAdminClient()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                offsets.put(new TopicPartition(topic, partition), new OffsetAndMetadata(10L * (partition + 1), "at " + partition));
            }
            admin.alterConsumerGroupOffsets(group, offsets).all().get();
            admin.createAcls(List.of(readAcl(topic, principal))).all().get();
        }
    }

    private static AclBinding readAcl(String topic, String principal) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", AclOperation.READ, AclPermissionType.ALLOW));
    }

    private static Collection<AclBinding> destinationAcls(String principal) throws Exception {
        try (Admin admin = destination.createAdminClient()) {
            return admin.describeAcls(AclBindingFilter.ANY).values().get().stream()
                    .filter(binding -> binding.entry().principal().equals(principal)).toList();
        }
    }

    private static Map<TopicPartition, Long> committed(String group) {
        try {
            return ConsumerGroups.committedOffsets(destination.bootstrapServers(), group);
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** A Connect cluster of its own per version, on the destination cluster, loading the plugin from the archive. */
    private static Map<String, String> workerProperties(String link) {
        Map<String, String> worker = LinkClusters.connectWorker(link);
        worker.put("bootstrap.servers", destination.bootstrapServers());
        return worker;
    }

    private static Map<String, String> linkConfig(String connectorClass, String link, Map<String, String> more) {
        return linkConfig(connectorClass, link, source, destination, more);
    }

    /** A companion connector of a link between these clusters, with one task. */
    static Map<String, String> linkConfig(String connectorClass, String link, EmbeddedKafkaCluster source,
                                          EmbeddedKafkaCluster destination, Map<String, String> more) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", connectorClass);
        config.put("tasks.max", "1");
        config.put("link.name", link);
        config.put("source.bootstrap.servers", source.bootstrapServers());
        config.put("destination.bootstrap.servers", destination.bootstrapServers());
        config.putAll(more);
        return config;
    }

    private static Map<String, String> mirrorConfig(String link, String topic) {
        Map<String, String> config = LinkClusters.sourceLinkConfig(link, source.bootstrapServers(), destination.bootstrapServers());
        config.put("mirror.topics", topic);
        return config;
    }

    private static Map<String, String> schemaConfig(String link, String topic, String sourceUrl, String destinationUrl) {
        Map<String, String> config = SchemaExportIT.exportConfig(link, sourceUrl, destinationUrl);
        config.put("schema.subjects", topic + "-value");
        return config;
    }

    private static List<Path> workerFolders() throws IOException {
        String folder = System.getProperty(WORKERS_PROPERTY);
        if (folder == null || !Files.isDirectory(Path.of(folder))) {
            throw new IllegalStateException("No worker jars in " + folder + " (system property " + WORKERS_PROPERTY
                    + "): build the connect-workers module first ('mvn install' or 'mvn verify' from the top)");
        }
        try (Stream<Path> folders = Files.list(Path.of(folder))) {
            return folders.filter(Files::isDirectory)
                    .sorted(Comparator.comparing(path -> versionKey(path.getFileName().toString()))).toList();
        }
    }

    /** "3.7.2" -> "003007002", so that versions sort numerically. */
    private static String versionKey(String version) {
        StringBuilder key = new StringBuilder();
        for (String part : version.split("\\.")) {
            key.append(String.format("%03d", Integer.parseInt(part.replaceAll("\\D.*", ""))));
        }
        return key.toString();
    }

    private static String line(String version) {
        String[] parts = version.split("\\.");
        return parts[0] + "." + parts[1];
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
