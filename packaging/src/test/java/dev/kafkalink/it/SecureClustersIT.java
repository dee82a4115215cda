package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import dev.kafkalink.testkit.ConfluentRegistryStandIn;
import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.RecordComparison;
import dev.kafkalink.testkit.SecuredClusterPair;
import dev.kafkalink.testkit.SecuredKafkaCluster;
import dev.kafkalink.testkit.SecuredKafkaCluster.Security;
import dev.kafkalink.testkit.TestCertificates;
import dev.kafkalink.testkit.TopicReader;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * All four connectors of one link between two clusters that speak only SASL_SSL with SCRAM-SHA-512,
 * and between two that speak only mutual TLS, with the test's own certificate authority; each
 * pair's registries serve HTTPS (basic auth over TLS, or mutual TLS). The Connect worker's own
 * cluster is the embedded PLAINTEXT one, so its producer writes the mirrors through
 * producer.override.* settings of the secured destination.
 *
 * <p>Each run checks: every config validates with zero errors (the clusters and registries answered
 * over TLS), the mirror equals its source record by record, a group's offsets, the ACLs and the
 * schemas (through the source registry's {@code _schemas} topic on the secured cluster) arrive; and
 * no password (SCRAM, key and trust stores, registry) shows in the logs printed at INFO, the validate
 * answers (also one with a wrong password), a failed task's trace (a trust store replaced by one with
 * another password), the connector status or {@code kafka-link status --json}.
 * Half of the connectors take their secrets directly, the other half through ${file:...}.
 */
class SecureClustersIT {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final Path LOG = Path.of("target", "it-logs", "tests.log");
    private static final String APP = "User:orders-app";
    private static final int RECORDS = 300;

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().fileConfigProvider().build();

    @RegisterExtension
    static final SecuredClusterPair scram = new SecuredClusterPair(Security.SASL_SSL_SCRAM);

    @RegisterExtension
    static final SecuredClusterPair mtls = new SecuredClusterPair(Security.MUTUAL_TLS);

    @Test
    void allFourConnectorsRunBetweenSaslSslScramClusters() throws Exception {
        runLink("scram", scram);
    }

    @Test
    void allFourConnectorsRunBetweenMutualTlsClusters() throws Exception {
        runLink("mtls", mtls);
    }

    private void runLink(String link, SecuredClusterPair pair) throws Exception {
        SecuredKafkaCluster source = pair.source();
        SecuredKafkaCluster destination = pair.destination();
        TestCertificates certificates = pair.certificates();
        boolean mutualTls = source.security() == Security.MUTUAL_TLS;
        String registryPassword = "registry-pw-" + System.nanoTime();
        String wrongPassword = "wrong-pw-" + System.nanoTime();
        List<String> secrets = new ArrayList<>(source.secrets(SecuredKafkaCluster.ADMIN));
        secrets.addAll(destination.secrets(SecuredKafkaCluster.ADMIN));
        secrets.addAll(List.of(registryPassword, wrongPassword, certificates.keystore("replacement").password()));
        prepareSource(source);
        ConfluentRegistryStandIn.Tls tls = new ConfluentRegistryStandIn.Tls(certificates.sslContext("schema-registry"), mutualTls);
        long logStart = Files.exists(LOG) ? Files.size(LOG) : 0;
        List<String> outputs = new ArrayList<>();
        verboseLogs(true);
        try (ConfluentRegistryStandIn sourceRegistry = ConfluentRegistryStandIn.start(source.clientSettings(SecuredKafkaCluster.ADMIN),
                "_schemas", tls);
             ConfluentRegistryStandIn destinationRegistry = ConfluentRegistryStandIn.start(tls)) {
            String authorization = null;
            if (!mutualTls) {
                sourceRegistry.requireBasicAuth("link", registryPassword);
                authorization = "Basic " + Base64.getEncoder().encodeToString(("link:" + registryPassword)
                        .getBytes(StandardCharsets.UTF_8));
            }
            RegistryCalls sourceSchemas = new RegistryCalls(sourceRegistry.url(), authorization,
                    certificates.sslContext(SecuredKafkaCluster.ADMIN));
            RegistryCalls destinationSchemas = new RegistryCalls(destinationRegistry.url(), null,
                    certificates.sslContext(SecuredKafkaCluster.ADMIN));
            sourceSchemas.register("orders-key", "AVRO", "\"string\"");
            sourceSchemas.register("orders-value", "AVRO", SchemaExportIT.ORDER_V1);
            sourceSchemas.register("orders-value", "AVRO", SchemaExportIT.ORDER_V2);

            SecretsFile file = new SecretsFile();
            SecuredLinkConfigs configs = new SecuredLinkConfigs(clusters, link, source, destination);
            // The ACL sync's own copy of the trust store, which an operator later replaces by a store with another password.
            Path aclSyncTruststore = Files.copy(certificates.truststore().location(),
                    Files.createTempDirectory("acl-sync").resolve("truststore.p12"));
            Map<String, Map<String, String>> connectors = Map.of(
                    link + "-link", configs.sourceLink("orders"),
                    link + "-offsets", configs.offsetSync("app-"),
                    link + "-acls", configs.aclSync(APP, file, aclSyncTruststore),
                    link + "-schemas", configs.schemaExport(sourceRegistry.url(), destinationRegistry.url(), certificates,
                            mutualTls, mutualTls ? null : "link:" + registryPassword, file));
            file.write();
            for (Map.Entry<String, Map<String, String>> connector : connectors.entrySet()) {
                outputs.add(validateWithoutErrors(connector.getKey(), connector.getValue()));
                clusters.connect().configureConnector(connector.getKey(), connector.getValue());
            }
            outputs.add(validateWithWrongTruststorePassword(connectors.get(link + "-link"), wrongPassword));
            for (String connector : connectors.keySet()) {
                Waits.waitFor(() -> running(connector), DEADLINE, () -> connector + ": " + clusters.connect().connectorStatus(connector));
            }

            awaitEverythingCarriedOver(pair, sourceSchemas, destinationSchemas);
            outputs.add(failedTaskTrace(link + "-acls", aclSyncTruststore, certificates.keystore("replacement")));
            KafkaLinkProcess.Run status = KafkaLinkProcess.run(clusters.connect().endpointForResource(""), "status", "--json",
                    "--connector", link + "-link");
            assertEquals(0, status.exitCode(), status.err());
            assertTrue(status.out().contains("\"orders\""), status.out());
            outputs.add(status.out() + status.err());
            for (String connector : connectors.keySet()) {
                outputs.add(clusters.connect().connectorStatus(connector).toString());
                clusters.connect().deleteConnector(connector);
            }
        } finally {
            verboseLogs(false);
        }
        assertNoSecretShows(secrets, Files.readString(LOG).substring((int) logStart), outputs);
    }

    /** Records, a group's committed offsets and the ACLs of an application on the source. */
    private static void prepareSource(SecuredKafkaCluster source) throws Exception {
        produceOrders(source);
        try (Admin admin = source.admin()) {
            admin.alterConsumerGroupOffsets("app-orders", Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(40),
                    new TopicPartition("orders", 1), new OffsetAndMetadata(70), new TopicPartition("orders", 2),
                    new OffsetAndMetadata(100))).all().get();
            admin.createAcls(appAcls()).all().get();
        }
    }

    /** The mirror equals its source record by record; the group's offsets, the ACLs and the schemas (also a later change) arrived. */
    private static void awaitEverythingCarriedOver(SecuredClusterPair pair, RegistryCalls sourceSchemas,
                                                   RegistryCalls destinationSchemas) throws InterruptedException {
        Map<String, Object> sourceSettings = pair.source().clientSettings(SecuredKafkaCluster.ADMIN);
        Map<String, Object> destinationSettings = pair.destination().clientSettings(SecuredKafkaCluster.ADMIN);
        Waits.waitFor(() -> RecordComparison.aligned(TopicReader.readAll(sourceSettings, "orders"),
                TopicReader.readAll(destinationSettings, "orders")).isEmpty(), DEADLINE, () -> "orders differs from its mirror: "
                + RecordComparison.aligned(TopicReader.readAll(sourceSettings, "orders"),
                TopicReader.readAll(destinationSettings, "orders")));
        assertEquals(RECORDS, TopicReader.count(TopicReader.readAll(destinationSettings, "orders")));
        Map<TopicPartition, Long> expectedOffsets = Map.of(new TopicPartition("orders", 0), 40L,
                new TopicPartition("orders", 1), 70L, new TopicPartition("orders", 2), 100L);
        Waits.waitFor(() -> expectedOffsets.equals(pair.destination().committedOffsets("app-orders")), DEADLINE,
                () -> "the group's offsets did not arrive: " + pair.destination().committedOffsets("app-orders"));
        Waits.waitFor(() -> new HashSet<>(appAcls()).equals(appBindings(pair.destination())), DEADLINE,
                () -> "the ACLs did not arrive: " + appBindings(pair.destination()));
        List<String> subjects = new ArrayList<>(List.of("orders-value", "orders-key"));
        SchemaExportIT.awaitSame(sourceSchemas, destinationSchemas, subjects, UnaryOperator.identity(), UnaryOperator.identity());
        // A change after the first sweep comes through the _schemas topic on the secured cluster.
        sourceSchemas.register("orders-value", "AVRO", SchemaExportIT.ORDER_V2.replace("\"amount\"", "\"total\""));
        sourceSchemas.register("payments-value", "AVRO", "\"long\"");
        subjects.add("payments-value");
        SchemaExportIT.awaitSame(sourceSchemas, destinationSchemas, subjects, UnaryOperator.identity(), UnaryOperator.identity());
    }

    /** The validate answer of a config that must have no error. */
    private static String validateWithoutErrors(String name, Map<String, String> config) {
        Map<String, String> named = new HashMap<>(config);
        named.put("name", name);
        assertEquals(Map.of(), errors(named), name + " does not validate");
        return validateAnswer(named);
    }

    /** The validate answer of the source link with a wrong trust store password: an error on the source cluster. */
    private static String validateWithWrongTruststorePassword(Map<String, String> sourceLink, String wrongPassword) {
        Map<String, String> wrong = new HashMap<>(sourceLink);
        wrong.put("name", "wrong-password");
        wrong.put("source.ssl.truststore.password", wrongPassword);
        Map<String, List<String>> errors = errors(wrong);
        assertTrue(String.valueOf(errors.get("source.bootstrap.servers")).contains("source cluster"), errors.toString());
        return validateAnswer(wrong);
    }

    /** Restarts the task after its trust store was replaced by {@code replacement} (another password): its trace. */
    private static String failedTaskTrace(String connector, Path truststore, TestCertificates.Store replacement) throws Exception {
        Files.copy(replacement.location(), truststore, StandardCopyOption.REPLACE_EXISTING);
        clusters.connect().restartTask(connector, 0);
        Waits.waitFor(() -> taskFailed(connector), DEADLINE, () -> connector + " did not fail: "
                + clusters.connect().connectorStatus(connector));
        String trace = clusters.connect().connectorStatus(connector).tasks().get(0).trace();
        assertTrue(trace.contains(truststore.toString()), trace);
        return trace;
    }

    private static void assertNoSecretShows(List<String> secrets, String logged, List<String> outputs) {
        assertTrue(logged.contains("ssl.truststore.password = [hidden]"), "client configs were not printed at INFO: the check "
                + "would prove nothing");
        for (String secret : secrets) {
            assertFalse(logged.contains(secret), "a secret is in " + LOG);
            for (String output : outputs) {
                assertFalse(output.contains(secret), "a secret is in " + output);
            }
        }
    }

    private static void produceOrders(SecuredKafkaCluster source) throws Exception {
        try (Admin admin = source.admin()) {
            admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1))).all().get();
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(source.clientSettings(SecuredKafkaCluster.ADMIN),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.currentTimeMillis() - 60_000;
            for (int i = 0; i < RECORDS; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("trace", ("t" + i).getBytes(StandardCharsets.UTF_8));
                headers.add("empty", null);
                byte[] value = i % 50 == 7 ? null : ("order-" + i).getBytes(StandardCharsets.UTF_8);
                // Recent timestamps: older ones would be deleted by the broker's retention check while the test runs.
                producer.send(new ProducerRecord<>("orders", i % 3, start + i,
                        ("k" + i).getBytes(StandardCharsets.UTF_8), value, headers)).get();
            }
        }
    }

    /** The bindings of the application that the ACL sync carries over. */
    private static List<AclBinding> appAcls() {
        return List.of(
                new AclBinding(new ResourcePattern(ResourceType.TOPIC, "orders", PatternType.LITERAL),
                        new AccessControlEntry(APP, "*", AclOperation.READ, AclPermissionType.ALLOW)),
                new AclBinding(new ResourcePattern(ResourceType.GROUP, "app-", PatternType.PREFIXED),
                        new AccessControlEntry(APP, "*", AclOperation.READ, AclPermissionType.ALLOW)),
                new AclBinding(new ResourcePattern(ResourceType.TOPIC, "orders", PatternType.LITERAL),
                        new AccessControlEntry(APP, "*", AclOperation.WRITE, AclPermissionType.DENY)));
    }

    private static Set<AclBinding> appBindings(SecuredKafkaCluster cluster) {
        try (Admin admin = cluster.admin()) {
            return new HashSet<>(admin.describeAcls(new AclBindingFilter(ResourcePatternFilter.ANY,
                    new AccessControlEntryFilter(APP, null, AclOperation.ANY, AclPermissionType.ANY))).values().get());
        } catch (Exception e) {
            return Set.of();
        }
    }

    private static String validateAnswer(Map<String, String> config) {
        String plugin = config.get("connector.class");
        return clusters.connect().validateConnectorConfig(plugin.substring(plugin.lastIndexOf('.') + 1), config).toString();
    }

    private static Map<String, List<String>> errors(Map<String, String> config) {
        String plugin = config.get("connector.class");
        return ValidateErrors.of(clusters.connect(), plugin.substring(plugin.lastIndexOf('.') + 1), config);
    }

    private static boolean taskFailed(String connector) {
        List<ConnectorStateInfo.TaskState> tasks = clusters.connect().connectorStatus(connector).tasks();
        return !tasks.isEmpty() && "FAILED".equals(tasks.get(0).state());
    }

    private static boolean running(String connector) {
        ConnectorStateInfo status = clusters.connect().connectorStatus(connector);
        return "RUNNING".equals(status.connector().state()) && !status.tasks().isEmpty()
                && status.tasks().stream().allMatch(task -> "RUNNING".equals(task.state()));
    }

    /** INFO for Connect and the clients while a link runs (client configs are printed then), WARN again after. */
    private static void verboseLogs(boolean verbose) {
        Level level = verbose ? Level.INFO : Level.WARN;
        Configurator.setLevel("org.apache.kafka.connect", level);
        Configurator.setLevel("org.apache.kafka.clients", level);
        Configurator.setLevel("org.apache.kafka.common.config", level);
        // The test harness's REST client logs Connect's answers, which echo configurations as submitted.
        Configurator.setLevel("org.apache.kafka.connect.util.clusters", Level.WARN);
    }
}
