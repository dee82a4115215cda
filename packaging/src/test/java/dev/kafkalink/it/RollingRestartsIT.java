package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kafkalink.testkit.KafkaBrokers;
import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.TopicReader;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations every production cluster goes through, one after another, while a producer writes
 * throughout: a rolling restart of the destination, one of the source, a broker of each side killed
 * without a controlled shutdown, preferred leader elections on both, and a mirror partition's replicas
 * moved to another broker. Both clusters have three brokers (replication factor 3,
 * {@code min.insync.replicas=2}). After each step no mirror is FAILED and every task runs; at the end
 * the mirror holds every source record once, at its source offset, byte for byte, and the synced group
 * offsets equal the source's.
 *
 * <p>The link runs with the minimal configuration ({@link LinkClusters#sourceLinkConfig}, no producer
 * overrides, on a worker whose override policy is None): its own idempotent producer retries during
 * every step here.
 */
class RollingRestartsIT {

    private static final Logger LOG = LoggerFactory.getLogger(RollingRestartsIT.class);
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String TOPIC = "events";
    private static final int PARTITIONS = 6;

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().threeBrokers()
            // A killed broker is fenced after this (Kafka's default is 9 s).
            .brokerProperty("broker.session.timeout.ms", "6000")
            .build();

    @Test
    void copiesEveryRecordOnceAtItsOffsetThroughRestartsKillsElectionsAndAReassignment() throws Exception {
        Topics.create(clusters.source(), TOPIC, PARTITIONS, Map.of());
        Map<String, String> link = clusters.sourceLinkConfig("rolling");
        link.put("mirror.topics", TOPIC);
        link.put("tasks.max", "2");
        // Two replicas of three brokers, so that a reassignment can move one to the broker that had none.
        link.put("mirror.topic.replication.factor", "2");
        clusters.connect().configureConnector("rolling", link);
        Map<String, String> offsets = clusters.offsetSyncConfig("rolling");
        offsets.put("consumer.offset.group.filters", "{\"groupFilters\":[{\"name\":\"readers\"}]}");
        offsets.put("consumer.offset.sync.ms", "1000");
        clusters.connect().configureConnector("rolling-offsets", offsets);

        KafkaBrokers source = clusters.sourceBrokers();
        KafkaBrokers destination = clusters.destinationBrokers();
        long sent;
        try (ContinuousProducer producer = new ContinuousProducer(clusters.source(), TOPIC, PARTITIONS)) {
            Waits.waitFor(() -> mirrored() > 2_000,
                    DEADLINE, () -> "the mirror does not fill");
            for (int id : destination.ids()) {
                step("destination broker " + id + " restarted", () -> destination.restart(id));
            }
            for (int id : source.ids()) {
                step("source broker " + id + " restarted", () -> source.restart(id));
            }
            step("a destination broker leading a mirror partition killed", () -> killLeader(destination));
            step("a source broker leading a partition killed", () -> killLeader(source));
            step("preferred leader elections", () -> {
                source.electPreferredLeaders(Set.of(TOPIC));
                destination.electPreferredLeaders(Set.of(TOPIC));
            });
            step("mirror partition 0 moved to another broker", () -> {
                TopicPartition mirror0 = new TopicPartition(TOPIC, 0);
                List<Integer> replicas = destination.replicas(mirror0);
                List<Integer> moved = new ArrayList<>(destination.ids());
                moved.removeAll(replicas);
                moved.add(replicas.get(0));
                destination.reassign(mirror0, moved);
                destination.electPreferredLeaders(Set.of(TOPIC));
            });
            ConsumerGroups.consumeAndCommit(clusters.source().bootstrapServers(), "readers", "classic", TOPIC, 1_000, "");
            producer.close();
            sent = producer.acknowledged();
        }
        MirrorAssertions.awaitMirrored(clusters, TOPIC, TOPIC);
        long compared = MirrorAssertions.assertEverySentRecordMirroredOnceAligned(clusters, TOPIC, TOPIC, sent);
        assertTrue(compared > 10_000, "only " + compared + " records compared");
        assertHealthy("at the end");
        Waits.waitFor(() -> ConsumerGroups.committedOffsets(clusters.source().bootstrapServers(), "readers")
                        .equals(ConsumerGroups.committedOffsets(clusters.destination().bootstrapServers(), "readers")), DEADLINE,
                () -> "group offsets differ: source " + committed(clusters.source().bootstrapServers()) + ", destination "
                        + committed(clusters.destination().bootstrapServers()));
        assertTrue(LinkState.mirror(clusters, "rolling", TOPIC).path("reason").isNull(),
                "the mirror has a reason: " + LinkState.mirror(clusters, "rolling", TOPIC));
    }

    /**
     * Kills the broker leading a partition without a controlled shutdown, waits until it lost the
     * leadership (the controller fences it after {@code broker.session.timeout.ms} and elects another
     * replica of the ISR), starts it again. Any broker: the test kit's KRaft controller, combined with
     * broker 0, keeps running when that broker is killed.
     */
    private static void killLeader(KafkaBrokers brokers) throws InterruptedException {
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        int leader = Waits.await(() -> brokers.leader(partition), DEADLINE, "a leader of " + partition);
        LOG.info("Killing broker {}: {}", leader, brokers.status(partition));
        brokers.kill(leader);
        Waits.waitFor(() -> brokers.leader(partition).map(id -> id != leader).orElse(false), DEADLINE,
                () -> "broker " + leader + " kept the leadership of " + brokers.status(partition));
        LOG.info("Broker {} lost the leadership: {}", leader, brokers.status(partition));
        brokers.start(leader);
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /** One operation, then the link must still be healthy and copying. */
    private static void step(String what, Step step) throws Exception {
        long before = mirrored();
        long startedNanos = System.nanoTime();
        step.run();
        assertHealthy("after " + what);
        Waits.waitFor(() -> mirrored() > before,
                DEADLINE, () -> "the mirror stopped growing after " + what);
        LOG.info("Step '{}' done in {} ms; mirrored {} -> {} records", what, (System.nanoTime() - startedNanos) / 1_000_000,
                before, mirrored());
    }

    /** Records in the mirror (its partitions' end offsets: the mirror starts at 0 and has no gaps here). */
    private static long mirrored() throws Exception {
        long total = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            total += clusters.destination().endOffset(new TopicPartition(TOPIC, p));
        }
        return total;
    }

    private static void assertHealthy(String when) throws InterruptedException {
        assertEquals("ACTIVE", LinkState.state(clusters, "rolling", TOPIC), when + ": " + LinkState.mirror(clusters, "rolling", TOPIC));
        for (String connector : List.of("rolling", "rolling-offsets")) {
            Waits.waitFor(() -> running(clusters.connect().connectorStatus(connector)), DEADLINE,
                    () -> when + ": " + connector + " is not running: " + clusters.connect().connectorStatus(connector));
        }
    }

    private static boolean running(ConnectorStateInfo status) {
        return "RUNNING".equals(status.connector().state()) && !status.tasks().isEmpty()
                && status.tasks().stream().allMatch(task -> "RUNNING".equals(task.state()));
    }

    private static Map<TopicPartition, Long> committed(String bootstrap) {
        try {
            return ConsumerGroups.committedOffsets(bootstrap, "readers");
        } catch (Exception e) {
            return Map.of();
        }
    }
}
