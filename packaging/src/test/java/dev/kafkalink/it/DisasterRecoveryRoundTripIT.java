package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.RecordComparison;
import dev.kafkalink.testkit.TopicReader;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The disaster-recovery round trip of issue 16 on one pair of clusters, A (the primary, the kit's
 * source) and B (the disaster-recovery site, the Connect worker's cluster), with producers writing
 * throughout and records compared one by one at every stage:
 * <ol>
 *   <li>link dc1 mirrors A -> B, its offset sync carries group offsets;
 *   <li>an unplanned failover on B while the mirror lags by thousands of records; producers and
 *       consumers move to B, and A keeps the records B never got (the diverged records);
 *   <li>the reverse link dc1-back B -> A, written by {@code kafka-link reverse}, restores A: the diverged records are set aside in
 *       {@code orders.diverged} at their offsets, then A's topic is re-created and mirrors B. An
 *       application still reading the topic on A holds the restore after the set-aside, and the worker
 *       is restarted right there: the restore goes on from its record;
 *   <li>a planned promote on A: consumers fail back with nothing skipped or read twice;
 *   <li>{@code kafka-link reverse} again: dc1 is restored in place, no divergence, nothing copied again.
 * </ol>
 * And two links in opposite directions with prefixes and a {@code *} filter (active-active), with
 * producers on both sides: each cluster's own topics are mirrored once, the mirrors never back.
 */
class DisasterRecoveryRoundTripIT {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String TOPIC = "orders";
    private static final String GROUP = "billing";
    private static final int PARTITIONS = 2;

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().build();

    @Test
    void failsOverRestoresTheOldPrimaryWithItsDivergedRecordsSetAsideAndFailsBackWithoutLosingARecord() throws Exception {
        EmbeddedKafkaCluster a = clusters.source();
        EmbeddedKafkaCluster b = clusters.destination();
        Topics.create(a, TOPIC, PARTITIONS, Map.of());

        // 1. dc1 mirrors A -> B; an application produces and consumes on A.
        Map<String, String> dc1 = link("dc1", a, b);
        Map<String, String> dc1Offsets = offsetSync("dc1", a, b);
        Map<String, Long> divergedPerPartition = new HashMap<>();
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> aBeforeRestore;
        try (ContinuousProducer onA = new ContinuousProducer(a, TOPIC, PARTITIONS)) {
            clusters.connect().configureConnector("dc1", dc1);
            clusters.connect().configureConnector("dc1-offsets", dc1Offsets);
            Waits.waitFor(() -> count(b, TOPIC) > 2000, DEADLINE, () -> "dc1 did not start mirroring");
            ConsumerGroups.consumeAndCommit(a.bootstrapServers(), GROUP, "classic", TOPIC, 1000, "");

            // 2. The mirror falls behind (paused), then an unplanned failover while A still takes records.
            dc1.put("mirror.topics.pause", TOPIC);
            clusters.connect().configureConnector("dc1", dc1);
            awaitState(b, "dc1", "PAUSED");
            long sent = onA.sent();
            Waits.waitFor(() -> onA.sent() > sent + 6000, DEADLINE, () -> "the producer on A stalled");
            dc1.remove("mirror.topics.pause");
            dc1.put("mirror.topics.failover", TOPIC);
            clusters.connect().configureConnector("dc1", dc1);
            awaitState(b, "dc1", "STOPPED");
            long stopped = onA.sent();
            Waits.waitFor(() -> onA.sent() > stopped + 1000, DEADLINE, () -> "the producer on A stalled");
        }
        // A is gone for the applications now: what it holds beyond B's copy never reached B.
        aBeforeRestore = TopicReader.readAll(a.bootstrapServers(), TOPIC);
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> bAtFailover = TopicReader.readAll(b.bootstrapServers(), TOPIC);
        long divergedTotal = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            long diverged = aBeforeRestore.get(p).size() - bAtFailover.get(p).size();
            assertTrue(diverged > 0, "partition " + p + " of A holds nothing beyond B's copy");
            divergedPerPartition.put(Integer.toString(p), diverged);
            divergedTotal += diverged;
        }
        assertTrue(divergedTotal > 2000, "the failover lagged by only " + divergedTotal + " records");
        assertEquals(List.of(), RecordComparison.aligned(prefix(aBeforeRestore, bAtFailover), bAtFailover),
                "B's copy at the failover is A's beginning");

        try (ContinuousProducer onB = new ContinuousProducer(b, TOPIC, PARTITIONS)) {
            // Consumers moved to B with the synced offsets and go on there.
            ConsumerGroups.consumeAndCommit(b.bootstrapServers(), GROUP, "classic", TOPIC, 1000, "");

            // 3-4. A is back. An application on A still reads the topic, so the restore sets the diverged
            // records aside and then waits; the worker is restarted right there.
            Uuid oldTopicId = topicId(a, TOPIC);
            try (KafkaConsumer<byte[], byte[]> straggler = memberReading(a, "straggler")) {
                // kafka-link writes the reverse link and its offset sync from dc1's configuration.
                KafkaLinkProcess.Run reverse = cli("--connector", "dc1", "reverse", TOPIC);
                assertEquals(0, reverse.exitCode(), reverse.out() + reverse.err());
                assertTrue(reverse.out().contains("Connector dc1-back (link dc1-back): restores orders from link dc1")
                        && reverse.out().contains("Connector dc1-offsets-back"), reverse.out());
                JsonNode waiting = Waits.await(() -> {
                    JsonNode restore = restoreRecord(a, "dc1-back");
                    return java.util.Optional.ofNullable(restore != null && "SET_ASIDE".equals(restore.path("phase").asText())
                            && restore.path("reason").asText().contains("straggler") ? restore : null);
                }, DEADLINE, "the restore waiting for the application on A after the set-aside");
                assertSetAside(aBeforeRestore, bAtFailover, waiting);
                assertEquals(oldTopicId, topicId(a, TOPIC), "the topic was deleted while an application read it");
                restartTheWorker();
            }
            awaitState(a, "dc1-back", "ACTIVE");
            JsonNode done = restoreRecord(a, "dc1-back");
            assertEquals("DONE", done.path("phase").asText());
            assertTrue(!oldTopicId.equals(topicId(a, TOPIC)), "A's topic was not re-created");
            for (JsonNode partition : done.path("partitions")) {
                assertEquals(divergedPerPartition.get(partition.path("partition").asText()).longValue(),
                        partition.path("diverged").asLong(), "diverged records counted in " + partition);
            }
            assertSideTopicHoldsTheDivergedRecords(aBeforeRestore, bAtFailover);
            Waits.waitFor(() -> count(a, TOPIC) > count(bAtFailover) + 2000, DEADLINE, () -> "dc1-back does not mirror B");
            assertPrefixMirrored(b, a);

            // 5. A planned promote on A: B's producers stop, the consumers' last position on B is synced.
            ConsumerGroups.consumeAndCommit(b.bootstrapServers(), GROUP, "classic", TOPIC, 1000, "");
        }
        KafkaLinkProcess.Run status = cli("--connector", "dc1-back", "status");
        assertTrue(status.out().contains("DONE (re-created)") && status.out().contains(TOPIC + ".diverged"), status.out());
        KafkaLinkProcess.Run promote = cli("--connector", "dc1-back", "promote", TOPIC, "--wait");
        assertEquals(0, promote.exitCode(), promote.out() + promote.err());
        awaitState(a, "dc1-back", "STOPPED");
        assertEquals(List.of(), RecordComparison.aligned(TopicReader.readAll(b.bootstrapServers(), TOPIC),
                TopicReader.readAll(a.bootstrapServers(), TOPIC)), "A holds exactly B's records at B's offsets");
        Map<TopicPartition, Long> committedOnB = ConsumerGroups.committedOffsets(b.bootstrapServers(), GROUP);
        assertEquals(committedOnB, ConsumerGroups.committedOffsets(a.bootstrapServers(), GROUP),
                "the group's offsets failed back B -> A");
        assertConsumersResumeExactly(a, b, committedOnB);

        // Reverse again, A -> B: no divergence, so B's topic stays and dc1 continues at its end.
        Uuid bTopicId = topicId(b, TOPIC);
        long bRecords = count(b, TOPIC);
        KafkaLinkProcess.Run again = cli("--connector", "dc1-back", "reverse", TOPIC);
        assertTrue(again.out().contains("Connector dc1 (link dc1): restores orders from link dc1-back"), again.out());
        awaitState(b, "dc1", "ACTIVE");
        JsonNode inPlace = restoreRecord(b, "dc1");
        assertEquals("DONE", inPlace.path("phase").asText());
        inPlace.path("partitions").forEach(p -> assertEquals(p.path("divergence").asLong(), p.path("end").asLong(),
                "no divergence on a planned reverse: " + p));
        assertEquals(bTopicId, topicId(b, TOPIC), "the planned reverse re-created B's topic");
        try (ContinuousProducer onA = new ContinuousProducer(a, TOPIC, PARTITIONS)) {
            Waits.waitFor(() -> count(b, TOPIC) > bRecords + 2000, DEADLINE, () -> "dc1 does not mirror A again");
        }
        Waits.waitFor(() -> count(b, TOPIC) == count(a, TOPIC), DEADLINE, () -> "dc1 did not catch up");
        assertEquals(List.of(), RecordComparison.aligned(TopicReader.readAll(a.bootstrapServers(), TOPIC),
                TopicReader.readAll(b.bootstrapServers(), TOPIC)), "B mirrors A again, record by record");
        for (String connector : List.of("dc1", "dc1-offsets", "dc1-back", "dc1-offsets-back")) {
            clusters.connect().deleteConnector(connector);
        }
    }

    @Test
    void activeActiveLinksWithPrefixesAndAStarFilterNeverMirrorEachOthersMirrors() throws Exception {
        EmbeddedKafkaCluster a = clusters.source();
        EmbeddedKafkaCluster b = clusters.destination();
        Topics.create(a, "payments", PARTITIONS, Map.of());
        Topics.create(b, "payments", PARTITIONS, Map.of());
        Map<String, String> east = activeActive("east", a, b, "a.");
        Map<String, String> west = activeActive("west", b, a, "b.");
        try (ContinuousProducer onA = new ContinuousProducer(a, "payments", PARTITIONS);
             ContinuousProducer onB = new ContinuousProducer(b, "payments", PARTITIONS)) {
            clusters.connect().configureConnector("east", east);
            clusters.connect().configureConnector("west", west);
            Waits.waitFor(() -> count(b, "a.payments") > 2000 && count(a, "b.payments") > 2000, DEADLINE,
                    () -> "the active-active links did not start");
            // Several discovery sweeps see each other's mirrors, and write nothing back.
            awaitState(b, "east", "a.payments", "ACTIVE");
            awaitState(a, "west", "b.payments", "ACTIVE");
            long sent = onA.sent();
            Waits.waitFor(() -> onA.sent() > sent + 5000, DEADLINE, () -> "the producer on A stalled");
        }
        Waits.waitFor(() -> count(b, "a.payments") == count(a, "payments") && count(a, "b.payments") == count(b, "payments"),
                DEADLINE, () -> "the active-active links did not catch up");
        assertEquals(List.of(), RecordComparison.aligned(TopicReader.readAll(a.bootstrapServers(), "payments"),
                TopicReader.readAll(b.bootstrapServers(), "a.payments")), "A's payments on B");
        assertEquals(List.of(), RecordComparison.aligned(TopicReader.readAll(b.bootstrapServers(), "payments"),
                TopicReader.readAll(a.bootstrapServers(), "b.payments")), "B's payments on A");
        for (EmbeddedKafkaCluster cluster : List.of(a, b)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                List<String> loops = admin.listTopics().names().get().stream()
                        .filter(name -> name.startsWith("a.b.") || name.startsWith("b.a.")).toList();
                assertEquals(List.of(), loops, "mirrors of mirrors on " + cluster.bootstrapServers());
            }
        }
        clusters.connect().deleteConnector("east");
        clusters.connect().deleteConnector("west");
    }

    /** Every topic of {@code from} under a prefix, as config-examples/active-active-*.json does. */
    private static Map<String, String> activeActive(String name, EmbeddedKafkaCluster from, EmbeddedKafkaCluster to,
                                                    String prefix) {
        Map<String, String> config = link(name, from, to);
        config.remove("mirror.topics");
        config.put("cluster.link.prefix", prefix);
        config.put("auto.create.mirror.topics.enable", "true");
        // Every topic, except the round trip's and the Connect cluster's own.
        config.put("auto.create.mirror.topics.filters", "{\"topicFilters\":["
                + "{\"name\":\"*\",\"patternType\":\"LITERAL\",\"filterType\":\"INCLUDE\"},"
                + "{\"name\":\"orders\",\"patternType\":\"PREFIXED\",\"filterType\":\"EXCLUDE\"},"
                + "{\"name\":\"connect-\",\"patternType\":\"PREFIXED\",\"filterType\":\"EXCLUDE\"}]}");
        return config;
    }

    /** While it waits, the diverged topic already holds every diverged record: the restore deletes nothing before. */
    private static void assertSetAside(Map<Integer, List<ConsumerRecord<byte[], byte[]>>> aBefore,
                                       Map<Integer, List<ConsumerRecord<byte[], byte[]>>> bAtFailover, JsonNode record) {
        assertSideTopicHoldsTheDivergedRecords(aBefore, bAtFailover);
        for (JsonNode partition : record.path("partitions")) {
            int p = partition.path("partition").asInt();
            assertEquals(bAtFailover.get(p).size(), partition.path("divergence").asLong(), "divergence point of " + p);
            assertEquals(aBefore.get(p).size(), partition.path("end").asLong(), "end of " + p);
        }
    }

    /** A's records beyond B's copy, in orders.diverged at their own offsets, record by record. */
    private static void assertSideTopicHoldsTheDivergedRecords(Map<Integer, List<ConsumerRecord<byte[], byte[]>>> aBefore,
                                                               Map<Integer, List<ConsumerRecord<byte[], byte[]>>> bAtFailover) {
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> expected = new HashMap<>();
        aBefore.forEach((p, records) -> expected.put(p, records.subList(bAtFailover.get(p).size(), records.size())));
        assertEquals(List.of(), RecordComparison.aligned(expected,
                TopicReader.readAll(clusters.source().bootstrapServers(), TOPIC + ".diverged")), "the diverged topic");
    }

    /** Whatever A holds now is B's beginning at B's offsets (B's producer still writes). */
    private static void assertPrefixMirrored(EmbeddedKafkaCluster b, EmbeddedKafkaCluster a) {
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> onA = TopicReader.readAll(a.bootstrapServers(), TOPIC);
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> onB = TopicReader.readAll(b.bootstrapServers(), TOPIC);
        assertEquals(List.of(), RecordComparison.aligned(prefix(onB, onA), onA), "A mirrors B from B's log start");
    }

    /** The group reads on A from exactly where it stopped on B, every record to the end, none twice. */
    private static void assertConsumersResumeExactly(EmbeddedKafkaCluster a, EmbeddedKafkaCluster b,
                                                     Map<TopicPartition, Long> committed) throws Exception {
        Map<TopicPartition, Long> ends = new HashMap<>();
        Topics.endOffsets(a, TOPIC, PARTITIONS).forEach((p, end) -> ends.put(new TopicPartition(TOPIC, p), end));
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> read = ConsumerGroups.readRemaining(a.bootstrapServers(), GROUP,
                "classic", TOPIC, ends);
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> expected = new HashMap<>();
        TopicReader.readAll(b.bootstrapServers(), TOPIC).forEach((p, records) -> {
            // No commit on a partition: the group starts at the beginning (auto.offset.reset=earliest).
            long from = committed.getOrDefault(new TopicPartition(TOPIC, p), 0L);
            expected.put(p, new ArrayList<>(records.stream().filter(r -> r.offset() >= from).toList()));
        });
        assertEquals(List.of(), RecordComparison.aligned(expected, read), "what the group read on A after failing back");
    }

    private static Map<Integer, List<ConsumerRecord<byte[], byte[]>>> prefix(
            Map<Integer, List<ConsumerRecord<byte[], byte[]>>> records, Map<Integer, List<ConsumerRecord<byte[], byte[]>>> as) {
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> prefix = new HashMap<>();
        records.forEach((p, list) -> prefix.put(p, list.subList(0, Math.min(list.size(), as.getOrDefault(p, List.of()).size()))));
        return prefix;
    }

    /** A consumer of another application that joined a group reading the topic and stays a member. */
    private static KafkaConsumer<byte[], byte[]> memberReading(EmbeddedKafkaCluster cluster, String group)
            throws InterruptedException {
        KafkaConsumer<byte[], byte[]> consumer = ConsumerGroups.consumer(cluster.bootstrapServers(), group, "classic");
        consumer.subscribe(List.of(TOPIC));
        Waits.waitFor(() -> {
            consumer.poll(Duration.ofMillis(100));
            return !consumer.assignment().isEmpty();
        }, DEADLINE, () -> group + " got no partition");
        return consumer;
    }

    private static Map<String, String> link(String name, EmbeddedKafkaCluster from, EmbeddedKafkaCluster to) {
        Map<String, String> config = LinkClusters.sourceLinkConfig(name, from.bootstrapServers(), to.bootstrapServers());
        config.put("mirror.topics", TOPIC);
        config.put("topic.discovery.ms", "2000");
        return config;
    }

    private static Map<String, String> offsetSync(String name, EmbeddedKafkaCluster from, EmbeddedKafkaCluster to) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.kafkalink.offsets.OffsetSyncConnector");
        config.put("tasks.max", "1");
        config.put("link.name", name);
        config.put("source.bootstrap.servers", from.bootstrapServers());
        config.put("destination.bootstrap.servers", to.bootstrapServers());
        config.put("consumer.offset.group.filters",
                "{\"groupFilters\":[{\"name\":\"" + GROUP + "\",\"patternType\":\"LITERAL\",\"filterType\":\"INCLUDE\"}]}");
        config.put("consumer.offset.sync.ms", "1000");
        return config;
    }

    private static KafkaLinkProcess.Run cli(String... args) throws Exception {
        return KafkaLinkProcess.run(clusters.connect().endpointForResource(""), args);
    }

    private static JsonNode restoreRecord(EmbeddedKafkaCluster stateCluster, String link) {
        return LinkState.latest(stateCluster.bootstrapServers(), link, "restore/" + TOPIC);
    }

    private static void awaitState(EmbeddedKafkaCluster stateCluster, String link, String state) throws InterruptedException {
        awaitState(stateCluster, link, TOPIC, state);
    }

    private static void awaitState(EmbeddedKafkaCluster stateCluster, String link, String mirror, String state)
            throws InterruptedException {
        Waits.waitFor(() -> {
            JsonNode current = LinkState.latest(stateCluster.bootstrapServers(), link, "mirror/" + mirror);
            return current != null && state.equals(current.path("state").asText());
        }, DEADLINE, () -> link + ": " + mirror + " is not " + state + ": "
                + LinkState.latest(stateCluster.bootstrapServers(), link, "mirror/" + mirror) + ", restore "
                + restoreRecord(stateCluster, link));
    }

    private static long count(EmbeddedKafkaCluster cluster, String topic) {
        return TopicReader.count(TopicReader.readAll(cluster.bootstrapServers(), topic));
    }

    private static long count(Map<Integer, List<ConsumerRecord<byte[], byte[]>>> records) {
        return TopicReader.count(records);
    }

    private static Uuid topicId(EmbeddedKafkaCluster cluster, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
        }
    }

    /** The only worker leaves in the middle of the restore and a new one takes the connectors and tasks. */
    private static void restartTheWorker() throws InterruptedException {
        clusters.connect().removeWorker(clusters.connect().workers().iterator().next());
        clusters.connect().addWorker();
        Waits.waitFor(() -> clusters.connect().workers().size() == 1 && clusters.connect().healthyWorkers().size() == 1,
                DEADLINE, () -> "the new worker did not join");
    }
}
