package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import dev.kafkalink.testkit.ConnectorMetrics;
import dev.kafkalink.testkit.KafkaFaultProxy;
import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.SecuredClusterPair;
import dev.kafkalink.testkit.SecuredKafkaCluster;
import dev.kafkalink.testkit.TopicReader;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Admin API of the source, then of the destination, fails for a while: a proxy in front of each
 * real broker ({@link KafkaFaultProxy}) breaks every connection on which one of Kafka Link's Admin
 * clients sends a request, while producers, consumers and the Connect worker go on. The source link
 * and the offset sync retry with backoff and show it (SOURCE_UNAVAILABLE, failed polls and sweeps in
 * their metrics, tasks still RUNNING), and afterwards the mirror holds every record once at its offset
 * and the group's offsets arrive as they are on the source. The ACL sync, between two clusters with an
 * authorizer, likewise ends with exactly the source's bindings.
 */
class AdminApiFaultIT {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApiFaultIT.class);

    private static final Duration FAULT = Duration.ofSeconds(20);
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    /** Kafka Link's Admin clients ({@code kafka-link-<link>-source-admin}, {@code ...-destination-admin-2}, ...), no other client. */
    private static final Predicate<String> LINK_ADMIN_CLIENTS = id -> id.startsWith("kafka-link") && id.matches(".*-admin(-\\d+)?");
    private static final String PRINCIPAL = "User:" + SecuredKafkaCluster.USER;
    /**
     * A sweep of the offset or ACL sync fails once an Admin call times out: after the client's default
     * minute without these, which would only make the test longer. (The source link's own checks give up
     * after 15 s whatever the client settings.)
     */
    private static final Map<String, String> QUICK_ADMIN_TIMEOUTS = Map.of(
            "source.default.api.timeout.ms", "10000", "source.request.timeout.ms", "5000",
            "destination.default.api.timeout.ms", "10000", "destination.request.timeout.ms", "5000");
    private static final String TOPIC = "orders";
    private static final int PARTITIONS = 3;

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().faultProxies().build();

    /** Clusters with an authorizer, for the ACL sync; each broker behind a fault proxy too. */
    @RegisterExtension
    static final SecuredClusterPair secured = SecuredClusterPair.behindFaultProxies();

    @Test
    void theAdminApiOfEitherClusterFailingForAWhileIsRetriedShownAndLosesNothing() throws Exception {
        Topics.create(clusters.source(), TOPIC, PARTITIONS, Map.of());
        Map<String, String> link = clusters.sourceLinkConfig("flaky");
        link.put("mirror.topics", TOPIC);
        link.put("topic.discovery.ms", "1000");
        Map<String, String> offsets = clusters.offsetSyncConfig("flaky");
        offsets.put("consumer.offset.group.filters",
                "{\"groupFilters\":[{\"name\":\"billing\",\"patternType\":\"LITERAL\",\"filterType\":\"INCLUDE\"}]}");
        offsets.put("consumer.offset.sync.ms", "1000");
        offsets.putAll(QUICK_ADMIN_TIMEOUTS);
        long sent;
        long started = System.currentTimeMillis();
        try (ContinuousProducer producer = new ContinuousProducer(clusters.source(), TOPIC, PARTITIONS)) {
            clusters.connect().configureConnector("flaky", link);
            clusters.connect().configureConnector("flaky-offsets", offsets);
            awaitMirrorGrowsBeyond(2_000);
            commitOnSource(300);
            awaitGroupOffsetsCarriedOver();

            fail(clusters.sourceProxy(), "source", producer, 600, true);
            fail(clusters.destinationProxy(), "destination", producer, 900, false);
            sent = producer.sent();
        }
        MirrorAssertions.awaitMirrored(clusters, TOPIC, TOPIC);
        long compared = MirrorAssertions.assertEverySentRecordMirroredOnceAligned(clusters, TOPIC, TOPIC, sent);
        LOG.info(String.format("FAULT Admin API of the source, then of the destination, failing %d s each: %d records compared, "
                + "group offsets equal, %d s", FAULT.toSeconds(), compared, (System.currentTimeMillis() - started) / 1000));
        clusters.connect().deleteConnector("flaky-offsets");
        clusters.connect().deleteConnector("flaky");
    }

    /**
     * The ACL sync while the Admin API of the source, then of the destination, fails: sweeps fail and are
     * counted, the task keeps running, and afterwards the destination holds exactly the source's bindings
     * as they are by then (one added and one deleted on the source during the first fault, one added during
     * the second).
     */
    @Test
    void anAclSyncThroughAFailingAdminApiOfEitherClusterRetriesAndEndsInStep() throws Exception {
        SecuredKafkaCluster source = secured.source();
        SecuredKafkaCluster destination = secured.destination();
        AclBinding readOrders = allow("orders", AclOperation.READ);
        AclBinding writeOrders = allow("orders", AclOperation.WRITE);
        AclBinding readRefunds = allow("refunds", AclOperation.READ);
        AclBinding describeRefunds = allow("refunds", AclOperation.DESCRIBE);
        createAcls(source, List.of(readOrders, writeOrders));
        Map<String, String> config = clusters.aclSyncConfig("guarded");
        for (Map.Entry<String, SecuredKafkaCluster> cluster : Map.of("source.", source, "destination.", destination).entrySet()) {
            cluster.getValue().clientSettings(SecuredKafkaCluster.ADMIN).forEach((key, value) ->
                    config.put(cluster.getKey() + key, value.toString()));
        }
        config.put("acl.filters", "{\"aclFilters\":[{\"accessFilter\":{\"principal\":\"" + PRINCIPAL + "\"}}]}");
        config.put("acl.sync.ms", "1000");
        config.putAll(QUICK_ADMIN_TIMEOUTS);
        clusters.connect().configureConnector("guarded-acls", config);
        awaitBindings(destination, Set.of(readOrders, writeOrders));

        for (SecuredKafkaCluster failing : List.of(source, destination)) {
            long sweepErrors = ConnectorMetrics.value("guarded-acls", "sweep-errors-total");
            long faultStarted = System.nanoTime();
            failing.proxy().failClients(LINK_ADMIN_CLIENTS);
            if (failing == source) {
                createAcls(source, List.of(readRefunds));
                try (Admin admin = source.admin()) {
                    admin.deleteAcls(List.of(writeOrders.toFilter())).all().get();
                }
            } else {
                createAcls(source, List.of(describeRefunds));
            }
            Waits.waitFor(() -> ConnectorMetrics.value("guarded-acls", "sweep-errors-total") > sweepErrors, DEADLINE,
                    () -> "the failing Admin API does not show in sweep-errors-total");
            Waits.holdFor(FAULT.minusNanos(System.nanoTime() - faultStarted), () -> running("guarded-acls"),
                    () -> "the ACL sync must retry, not fail: " + clusters.connect().connectorStatus("guarded-acls").tasks());
            assertTrue(failing.proxy().refusedConnections() > 0, "no Admin request of the link was refused");
            failing.proxy().failClients(null);
            awaitBindings(destination, bindings(source));
        }
        assertEquals(Set.of(readOrders, readRefunds, describeRefunds), bindings(destination));
        LOG.info(String.format("FAULT Admin API of the source, then of the destination, failing %d s each under the ACL sync: "
                + "%d bindings compared", FAULT.toSeconds(), bindings(destination).size()));
        clusters.connect().deleteConnector("guarded-acls");
    }

    private static AclBinding allow(String topic, AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry(PRINCIPAL, "*", operation, AclPermissionType.ALLOW));
    }

    private static void createAcls(SecuredKafkaCluster cluster, List<AclBinding> bindings) throws Exception {
        try (Admin admin = cluster.admin()) {
            admin.createAcls(bindings).all().get();
        }
    }

    private static Set<AclBinding> bindings(SecuredKafkaCluster cluster) {
        try (Admin admin = cluster.admin()) {
            return new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get());
        } catch (Exception e) {
            return Set.of();
        }
    }

    private static void awaitBindings(SecuredKafkaCluster destination, Set<AclBinding> expected) throws InterruptedException {
        Waits.waitFor(() -> bindings(destination).equals(expected), DEADLINE,
                () -> "the destination's bindings " + bindings(destination) + " are not " + expected);
    }

    /** One fault: the link's Admin clients fail on one cluster for {@link #FAULT} while the group commits new offsets. */
    private static void fail(KafkaFaultProxy proxy, String cluster, ContinuousProducer producer, long groupOffset,
                             boolean sourceUnavailable) throws Exception {
        long pollErrors = ConnectorMetrics.value("flaky", "poll-errors-total");
        long sweepErrors = ConnectorMetrics.value("flaky-offsets", "sweep-errors-total");
        long faultStarted = System.nanoTime();
        proxy.failClients(LINK_ADMIN_CLIENTS);
        commitOnSource(groupOffset);
        Waits.waitFor(() -> ConnectorMetrics.value("flaky", "poll-errors-total") > pollErrors
                        && ConnectorMetrics.value("flaky-offsets", "sweep-errors-total") > sweepErrors, DEADLINE,
                () -> "the failing Admin API of the " + cluster + " does not show in the metrics");
        if (sourceUnavailable) {
            Waits.waitFor(() -> "SOURCE_UNAVAILABLE".equals(LinkState.state(clusters, "flaky", TOPIC)), DEADLINE,
                    () -> "the mirror does not say the source does not answer: " + LinkState.mirror(clusters, "flaky", TOPIC));
        }
        Waits.holdFor(FAULT.minusNanos(System.nanoTime() - faultStarted), () -> running("flaky") && running("flaky-offsets"),
                () -> "the tasks must retry, not fail: " + clusters.connect().connectorStatus("flaky").tasks()
                        + clusters.connect().connectorStatus("flaky-offsets").tasks());
        assertTrue(proxy.refusedConnections() > 0, "no Admin request of the link was refused");
        proxy.failClients(null);
        long sentBefore = producer.sent();
        Waits.waitFor(() -> "ACTIVE".equals(LinkState.state(clusters, "flaky", TOPIC)), DEADLINE,
                () -> "the mirror is not ACTIVE again: " + LinkState.mirror(clusters, "flaky", TOPIC));
        awaitMirrorGrowsBeyond(sentBefore);
        awaitGroupOffsetsCarriedOver();
    }

    private static boolean running(String connector) {
        var status = clusters.connect().connectorStatus(connector);
        return "RUNNING".equals(status.connector().state()) && !status.tasks().isEmpty()
                && status.tasks().stream().allMatch(task -> "RUNNING".equals(task.state()));
    }

    /** The group "billing" commits {@code offset} on every partition of the source topic (by the test's own client). */
    private static void commitOnSource(long offset) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            commits.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(offset));
        }
        try (Admin admin = clusters.source().createAdminClient()) {
            admin.alterConsumerGroupOffsets("billing", commits).all().get();
        }
    }

    private static void awaitGroupOffsetsCarriedOver() throws InterruptedException {
        Waits.waitFor(() -> committed(clusters.destination()).equals(committed(clusters.source())), DEADLINE,
                () -> "the group's offsets differ: source " + committed(clusters.source()) + ", destination "
                        + committed(clusters.destination()));
        assertEquals(PARTITIONS, committed(clusters.destination()).size());
    }

    /** The group's committed offsets (empty while they cannot be read). */
    private static Map<TopicPartition, Long> committed(EmbeddedKafkaCluster cluster) {
        try (Admin admin = cluster.createAdminClient()) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets("billing").partitionsToOffsetAndMetadata().get()
                    .forEach((partition, offset) -> offsets.put(partition, offset.offset()));
            return offsets;
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static void awaitMirrorGrowsBeyond(long records) throws InterruptedException {
        Waits.waitFor(() -> TopicReader.count(TopicReader.readAll(clusters.destination().bootstrapServers(), TOPIC)) > records,
                DEADLINE, () -> "the mirror did not grow beyond " + records + " records: "
                        + clusters.connect().connectorStatus("flaky").tasks());
    }
}
