package dev.kafkalink.it;

import static dev.kafkalink.it.SourceData.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import javax.management.ObjectName;

import dev.kafkalink.testkit.ConnectorMetrics;
import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.RecordComparison;
import dev.kafkalink.testkit.TopicReader;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.TransactionalWrites;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OffsetSyncConnector next to a SourceLinkConnector on real clusters, both loaded from the plugin
 * archive and driven through Connect's REST API. Each test has its own link, topics and groups.
 */
class OffsetSyncIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().build();

    @Test
    void consumersResumeOnAnAlignedMirrorExactlyWhereTheSourceGroupStopped() throws Exception {
        Topics.create(clusters.source(), "orders", 3, Map.of());
        SourceData.produceNumbered(clusters.source(), "orders", 3, 900);
        startMirror("aligned", "orders");
        String source = clusters.source().bootstrapServers();
        ConsumerGroups.consumeAndCommit(source, "app-classic", "classic", "orders", 300, "classic-checkpoint");
        ConsumerGroups.consumeAndCommit(source, "app-modern", "consumer", "orders", 500, "modern-checkpoint");
        ConsumerGroups.consumeAndCommit(source, "app-secret", "classic", "orders", 100, "");
        ConsumerGroups.consumeAndCommit(source, "other-team", "classic", "orders", 100, "");

        Map<String, String> config = clusters.offsetSyncConfig("aligned");
        config.put("consumer.offset.group.filters", "{\"groupFilters\":["
                + "{\"name\":\"app-\",\"patternType\":\"PREFIXED\",\"filterType\":\"INCLUDE\"},"
                + "{\"name\":\"app-secret\",\"patternType\":\"LITERAL\",\"filterType\":\"EXCLUDE\"}]}");
        config.put("consumer.offset.sync.ms", "1000");
        clusters.connect().configureConnector("aligned-offsets", config);

        for (String group : List.of("app-classic", "app-modern")) {
            awaitSameOffsets(group, group);
            Map<TopicPartition, OffsetAndMetadata> mirrored = ConsumerGroups.committed(destination(), group);
            mirrored.values().forEach(offset -> assertEquals(group.substring(4) + "-checkpoint", offset.metadata(),
                    "the committed metadata is kept"));
        }
        assertResumesExactly("app-classic", "classic", "orders");
        assertResumesExactly("app-modern", "consumer", "orders");

        assertEquals(Optional.empty(), ConsumerGroups.listing(destination(), "app-secret"), "an excluded group");
        assertEquals(Optional.empty(), ConsumerGroups.listing(destination(), "other-team"), "a group outside the filters");

        // A restart finds every offset in place and writes nothing.
        clusters.connect().stopConnector("aligned-offsets");
        Waits.waitFor(() -> "STOPPED".equals(clusters.connect().connectorStatus("aligned-offsets").connector().state())
                && ConnectorMetrics.find("aligned-offsets").isEmpty(), DEADLINE, () -> "the offset sync task did not stop");
        long restarted = System.currentTimeMillis();
        clusters.connect().resumeConnector("aligned-offsets");
        Waits.waitFor(() -> ConnectorMetrics.value("aligned-offsets", "last-sync-time-ms") > restarted, DEADLINE,
                () -> "no sweep after the restart");
        ObjectName afterRestart = ConnectorMetrics.await("aligned-offsets");
        assertEquals(0L, ConnectorMetrics.value(afterRestart, "offsets-written-total"), "offsets rewritten after a restart");
        assertEquals(2L, ConnectorMetrics.value(afterRestart, "groups-synced"));
        assertTrue(ConnectorMetrics.value(afterRestart, "sync-duration-ms") >= 0);
        clusters.connect().deleteConnector("aligned-offsets");
        clusters.connect().deleteConnector("aligned");
    }

    @Test
    void translatesThroughTheOffsetMapAcrossCompactionHolesAndAbortedTransactions() throws Exception {
        Topics.create(clusters.source(), "ledger", 2, Map.of("cleanup.policy", "compact", "segment.ms", "100",
                "min.cleanable.dirty.ratio", "0.01", "delete.retention.ms", "100"));
        Topics.create(clusters.source(), "transfers", 2, Map.of());
        try (KafkaProducer<byte[], byte[]> producer = clusters.source().createProducer(Map.of())) {
            for (int i = 0; i < 600; i++) {
                producer.send(new ProducerRecord<>("ledger", i % 2, bytes("k" + (i % 40)), bytes("v" + i))).get();
            }
        }
        TransactionalWrites.run(clusters.source(), "transfers-writer", 12, (producer, t) -> {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>("transfers", i % 2, bytes("t" + t + "-" + i), bytes("x" + i)));
            }
        }, t -> t % 3 == 1);
        Waits.waitFor(() -> TopicReader.readAll(clusters.source().bootstrapServers(), "ledger").get(0).size() < 150,
                DEADLINE, () -> "the source topic was not compacted");
        Map<String, String> mirror = clusters.sourceLinkConfig("gaps");
        mirror.put("mirror.topics", "ledger,transfers");
        mirror.put("topic.config.sync.include", "cleanup.policy");
        clusters.connect().configureConnector("gaps", mirror);
        MirrorAssertions.awaitMirrored(clusters, "ledger", "ledger");
        MirrorAssertions.awaitMirrored(clusters, "transfers", "transfers");

        // Groups at every kind of position: in holes, on markers, in aborted runs, at the start and the end.
        List<String> groups = new ArrayList<>();
        try (Admin admin = clusters.source().createAdminClient()) {
            for (String topic : List.of("ledger", "transfers")) {
                Map<Integer, Long> ends = Topics.endOffsets(clusters.source(), topic, 2);
                for (long position = 0; position <= ends.get(0); position += 23) {
                    String group = "gap-" + topic + "-" + position;
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    offsets.put(new TopicPartition(topic, 0), new OffsetAndMetadata(position, "p" + position));
                    offsets.put(new TopicPartition(topic, 1), new OffsetAndMetadata(ends.get(1), "end"));
                    admin.alterConsumerGroupOffsets(group, offsets).all().get();
                    groups.add(group);
                }
            }
        }
        Map<String, String> config = clusters.offsetSyncConfig("gaps");
        config.put("consumer.offset.group.filters",
                "{\"groupFilters\":[{\"name\":\"gap-\",\"patternType\":\"PREFIXED\",\"filterType\":\"INCLUDE\"}]}");
        config.put("consumer.offset.sync.ms", "1000");
        clusters.connect().configureConnector("gaps-offsets", config);

        Map<Integer, TreeMap<Long, Long>> ledgerPoints = MirrorAssertions.offsetMapPoints(clusters, "gaps", "ledger");
        assertFalse(ledgerPoints.isEmpty(), "compaction holes need offset map points");
        for (String group : groups) {
            Waits.waitFor(() -> ConsumerGroups.committed(destination(), group).size() == 2, DEADLINE,
                    () -> group + " was not synced");
        }
        for (String topic : List.of("ledger", "transfers")) {
            Map<Integer, List<ConsumerRecord<byte[], byte[]>>> sourceRecords = TopicReader.readAll(
                    clusters.source().bootstrapServers(), topic);
            Map<Integer, List<ConsumerRecord<byte[], byte[]>>> mirrorRecords = TopicReader.readAll(destination(), topic);
            Map<Integer, TreeMap<Long, Long>> points = MirrorAssertions.offsetMapPoints(clusters, "gaps", topic);
            for (String group : groups.stream().filter(g -> g.startsWith("gap-" + topic + "-")).toList()) {
                Map<TopicPartition, Long> sourcePositions = ConsumerGroups.committedOffsets(
                        clusters.source().bootstrapServers(), group);
                Map<TopicPartition, Long> mirrorPositions = ConsumerGroups.committedOffsets(destination(), group);
                for (int partition = 0; partition < 2; partition++) {
                    TopicPartition tp = new TopicPartition(topic, partition);
                    assertSameRemainder(sourceRecords.get(partition), sourcePositions.get(tp), mirrorRecords.get(partition),
                            mirrorPositions.get(tp), points.getOrDefault(partition, new TreeMap<>()), group + " " + tp);
                }
            }
        }
        clusters.connect().deleteConnector("gaps-offsets");
        clusters.connect().deleteConnector("gaps");
    }

    /**
     * An exactly-once source gets a transaction marker in every partition at every commit, so its
     * mirror's offset map has a point at nearly every transaction. The link stores it in a few compact
     * chunks per partition, drops those below the mirror's log start once retention moved it, and
     * still translates every record and every group position above it exactly.
     */
    @Test
    void keepsTheMapOfATransactionalMirrorSmallAndExactAfterRetentionMovesTheLogStart() throws Exception {
        Topics.create(clusters.source(), "payouts", 3, Map.of());
        writeTransactions("payouts", 600, 6);
        writeTransactions("payouts", 200, 1); // single-record transactions: a point at every record
        Map<String, String> mirror = clusters.sourceLinkConfig("eos");
        mirror.put("mirror.topics", "payouts");
        clusters.connect().configureConnector("eos", mirror);
        MirrorAssertions.awaitMirrored(clusters, "payouts", "payouts");
        MirrorAssertions.assertMappedExactly(clusters, "eos", "payouts", "payouts");

        Map<Integer, TreeMap<Long, Long>> points = MirrorAssertions.offsetMapPoints(clusters, "eos", "payouts");
        long pointCount = points.values().stream().mapToLong(TreeMap::size).sum();
        long chunkBytes = OffsetMapRecords.chunkBytes(clusters, "eos", "payouts");
        assertTrue(pointCount >= 3 * 700, pointCount + " points: about one per transaction and partition");
        assertTrue(chunkBytes <= 4 * pointCount, chunkBytes + " bytes of chunks for " + pointCount + " points");

        // Retention moves the log start of both topics to the middle of the mirror.
        Map<TopicPartition, RecordsToDelete> mirrorStarts = new HashMap<>();
        Map<TopicPartition, RecordsToDelete> sourceStarts = new HashMap<>();
        Map<Integer, Long> sourceLogStarts = new HashMap<>();
        Map<Integer, Long> mirrorEnds = Topics.endOffsets(clusters.destination(), "payouts", 3);
        for (int partition = 0; partition < 3; partition++) {
            long mirrorStart = mirrorEnds.get(partition) / 2;
            long sourceStart = sourceOffsetOf(points.get(partition), mirrorStart);
            sourceLogStarts.put(partition, sourceStart);
            mirrorStarts.put(new TopicPartition("payouts", partition), RecordsToDelete.beforeOffset(mirrorStart));
            sourceStarts.put(new TopicPartition("payouts", partition), RecordsToDelete.beforeOffset(sourceStart));
        }
        try (Admin source = clusters.source().createAdminClient(); Admin destination = clusters.destination().createAdminClient()) {
            source.deleteRecords(sourceStarts).all().get();
            destination.deleteRecords(mirrorStarts).all().get();
        }
        long chunksBefore = OffsetMapRecords.chunkCount(clusters, "eos", "payouts");
        clusters.connect().restartConnectorAndTasks("eos", false, true, false);
        Waits.waitFor(() -> OffsetMapRecords.chunkCount(clusters, "eos", "payouts") < chunksBefore, DEADLINE,
                () -> "the chunks below the mirror's log start were not dropped (" + chunksBefore + " chunks)");
        assertTrue(OffsetMapRecords.chunkBytes(clusters, "eos", "payouts") < chunkBytes * 0.75,
                "state bytes after pruning: " + OffsetMapRecords.chunkBytes(clusters, "eos", "payouts") + " of " + chunkBytes);

        writeTransactions("payouts", 100, 6);
        MirrorAssertions.awaitMirrored(clusters, "payouts", "payouts");
        MirrorAssertions.assertMappedExactly(clusters, "eos", "payouts", "payouts");

        // Groups anywhere above the new log start translate exactly.
        List<String> groups = new ArrayList<>();
        try (Admin admin = clusters.source().createAdminClient()) {
            Map<Integer, Long> ends = Topics.endOffsets(clusters.source(), "payouts", 3);
            for (long position = sourceLogStarts.get(0); position <= ends.get(0); position += 97) {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (int partition = 0; partition < 3; partition++) {
                    long at = Math.min(ends.get(partition), sourceLogStarts.get(partition) + position - sourceLogStarts.get(0));
                    offsets.put(new TopicPartition("payouts", partition), new OffsetAndMetadata(at));
                }
                String group = "payouts-at-" + position;
                admin.alterConsumerGroupOffsets(group, offsets).all().get();
                groups.add(group);
            }
        }
        Map<String, String> config = clusters.offsetSyncConfig("eos");
        config.put("consumer.offset.group.filters",
                "{\"groupFilters\":[{\"name\":\"payouts-at-\",\"patternType\":\"PREFIXED\",\"filterType\":\"INCLUDE\"}]}");
        config.put("consumer.offset.sync.ms", "1000");
        clusters.connect().configureConnector("eos-offsets", config);
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> sourceRecords = TopicReader.readAll(clusters.source().bootstrapServers(), "payouts");
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> mirrorRecords = TopicReader.readAll(destination(), "payouts");
        Map<Integer, TreeMap<Long, Long>> pruned = MirrorAssertions.offsetMapPoints(clusters, "eos", "payouts");
        for (String group : groups) {
            Waits.waitFor(() -> ConsumerGroups.committed(destination(), group).size() == 3, DEADLINE, () -> group + " was not synced");
            Map<TopicPartition, Long> sourcePositions = ConsumerGroups.committedOffsets(clusters.source().bootstrapServers(), group);
            Map<TopicPartition, Long> mirrorPositions = ConsumerGroups.committedOffsets(destination(), group);
            for (int partition = 0; partition < 3; partition++) {
                TopicPartition tp = new TopicPartition("payouts", partition);
                assertSameRemainder(sourceRecords.get(partition), sourcePositions.get(tp), mirrorRecords.get(partition),
                        mirrorPositions.get(tp), pruned.get(partition), group + " " + tp);
            }
        }
        clusters.connect().deleteConnector("eos-offsets");
        clusters.connect().deleteConnector("eos");
    }

    /** A link upgraded from a version that stored one state record per point goes on exactly, its map moved into chunks. */
    @Test
    void movesAMapStoredOnePointPerRecordByAnOlderVersionIntoChunks() throws Exception {
        Topics.create(clusters.source(), "refunds", 3, Map.of());
        writeTransactions("refunds", 150, 4);
        Map<String, String> mirror = clusters.sourceLinkConfig("upgraded");
        mirror.put("mirror.topics", "refunds");
        clusters.connect().configureConnector("upgraded", mirror);
        MirrorAssertions.awaitMirrored(clusters, "refunds", "refunds");
        clusters.connect().deleteConnector("upgraded");
        Waits.waitFor(() -> ConnectorMetrics.find("upgraded").isEmpty(), DEADLINE, () -> "the link's task did not stop");

        Map<Integer, TreeMap<Long, Long>> points = MirrorAssertions.offsetMapPoints(clusters, "upgraded", "refunds");
        OffsetMapRecords.rewriteAsOnePointPerRecord(clusters, "upgraded", "refunds");
        assertEquals(0, OffsetMapRecords.chunkCount(clusters, "upgraded", "refunds"));
        assertEquals(points.values().stream().mapToLong(TreeMap::size).sum(),
                OffsetMapRecords.legacyPointCount(clusters, "upgraded", "refunds"));

        writeTransactions("refunds", 100, 4);
        clusters.connect().configureConnector("upgraded", mirror);
        MirrorAssertions.awaitMirrored(clusters, "refunds", "refunds");
        Waits.waitFor(() -> OffsetMapRecords.legacyPointCount(clusters, "upgraded", "refunds") == 0, DEADLINE,
                () -> "the points stored one per record were not deleted");
        MirrorAssertions.assertMappedExactly(clusters, "upgraded", "refunds", "refunds");
        Map<Integer, TreeMap<Long, Long>> moved = MirrorAssertions.offsetMapPoints(clusters, "upgraded", "refunds");
        points.forEach((partition, old) -> assertEquals(old, moved.get(partition).headMap(old.lastKey(), true),
                "partition " + partition + ": the old points, in chunks"));
        clusters.connect().deleteConnector("upgraded");
    }

    /** Transactions that each write 1 to {@code maxRecords} records to every partition; every tenth is aborted. */
    private static void writeTransactions(String topic, int transactions, int maxRecords) {
        java.util.Random random = new java.util.Random(transactions);
        TransactionalWrites.run(clusters.source(), topic + "-writer", transactions, (producer, t) -> {
            for (int partition = 0; partition < 3; partition++) {
                for (int i = 1 + random.nextInt(maxRecords); i > 0; i--) {
                    producer.send(new ProducerRecord<>(topic, partition, bytes("t" + t + "-" + i), bytes("v" + t)));
                }
            }
        }, t -> t % 10 == 9);
    }

    /** The source offset of the mirror record at a destination offset, through the map's points. */
    private static long sourceOffsetOf(TreeMap<Long, Long> points, long destinationOffset) {
        long source = destinationOffset;
        for (Map.Entry<Long, Long> point : points.entrySet()) {
            if (point.getValue() <= destinationOffset) {
                source = point.getKey() + (destinationOffset - point.getValue());
            }
        }
        return source;
    }

    @Test
    void holdsACommitBackToWhatTheMirrorHoldsAndAdvancesItWhenTheMirrorCatchesUp() throws Exception {
        Topics.create(clusters.source(), "events", 1, Map.of());
        SourceData.produceNumbered(clusters.source(), "events", 1, 200);
        startMirror("clamp", "events");
        clusters.connect().pauseConnector("clamp");
        Waits.waitFor(() -> "PAUSED".equals(clusters.connect().connectorStatus("clamp").tasks().get(0).state()),
                DEADLINE, () -> "the mirror did not pause");
        SourceData.produceNumbered(clusters.source(), "events", 1, 100);
        ConsumerGroups.consumeAndCommit(clusters.source().bootstrapServers(), "ahead", "classic", "events", 300, "");
        TopicPartition events = new TopicPartition("events", 0);
        assertEquals(Map.of(events, 300L), ConsumerGroups.committedOffsets(clusters.source().bootstrapServers(), "ahead"));

        Map<String, String> config = clusters.offsetSyncConfig("clamp");
        config.put("consumer.offset.group.filters", "{\"groupFilters\":[{\"name\":\"ahead\"}]}");
        config.put("consumer.offset.sync.ms", "1000");
        clusters.connect().configureConnector("clamp-offsets", config);
        Waits.waitFor(() -> Map.of(events, 200L).equals(ConsumerGroups.committedOffsets(destination(), "ahead")), DEADLINE,
                () -> "the commit was not held back to the mirror's end 200");
        assertTrue(ConnectorMetrics.value("clamp-offsets", "offsets-clamped") >= 1);

        clusters.connect().resumeConnector("clamp");
        awaitSameOffsets("ahead", "ahead");
        assertResumesExactly("ahead", "classic", "events");
        clusters.connect().deleteConnector("clamp-offsets");
        clusters.connect().deleteConnector("clamp");
    }

    @Test
    void leavesAGroupWithMembersOnTheDestinationAloneUntilItIsEmpty() throws Exception {
        Topics.create(clusters.source(), "clicks", 2, Map.of());
        SourceData.produceNumbered(clusters.source(), "clicks", 2, 400);
        startMirror("busy", "clicks");
        ConsumerGroups.consumeAndCommit(clusters.source().bootstrapServers(), "reader", "consumer", "clicks", 150, "r");

        try (KafkaConsumer<byte[], byte[]> member = ConsumerGroups.consumer(destination(), "reader", "consumer")) {
            member.subscribe(List.of("clicks"));
            Waits.waitFor(() -> {
                member.poll(Duration.ofMillis(100));
                return member.assignment().size() == 2;
            }, DEADLINE, () -> "the destination member did not join");
            Map<String, String> config = clusters.offsetSyncConfig("busy");
            config.put("consumer.offset.group.filters", "{\"groupFilters\":[{\"name\":\"reader\"}]}");
            config.put("consumer.offset.sync.ms", "1000");
            clusters.connect().configureConnector("busy-offsets", config);
            Waits.waitFor(() -> {
                member.poll(Duration.ofMillis(100));
                return ConnectorMetrics.value("busy-offsets", "groups-skipped-active") == 1;
            }, DEADLINE, () -> "the active group was not reported as skipped");
            assertEquals(Map.of(), ConsumerGroups.committed(destination(), "reader"), "an active group was written");
        }
        awaitSameOffsets("reader", "reader");
        assertResumesExactly("reader", "consumer", "clicks");
        clusters.connect().deleteConnector("busy-offsets");
        clusters.connect().deleteConnector("busy");
    }

    @Test
    void validateNamesTheKeyThatIsWrong() {
        Map<String, String> config = clusters.offsetSyncConfig("invalid");
        config.put("name", "invalid");
        config.put("consumer.offset.group.filters", "{\"groupFilters\":[{\"name\":\"app-\",\"patternType\":\"REGEX\"}");
        config.put("consumer.offset.sync.ms", "-5");
        Map<String, List<String>> errors = ValidateErrors.of(clusters.connect(), "OffsetSyncConnector", config);
        assertEquals(Set.of("consumer.offset.group.filters", "consumer.offset.sync.ms"), errors.keySet(), "errors: " + errors);
        assertTrue(errors.get("consumer.offset.group.filters").toString().contains("JSON"), errors.toString());
        assertTrue(errors.get("consumer.offset.sync.ms").toString().contains("at least 100"), errors.toString());
    }

    private static void startMirror(String link, String topic) throws InterruptedException {
        Map<String, String> config = clusters.sourceLinkConfig(link);
        config.put("mirror.topics", topic);
        clusters.connect().configureConnector(link, config);
        MirrorAssertions.awaitMirrored(clusters, topic, topic);
    }

    private static String destination() {
        return clusters.destination().bootstrapServers();
    }

    private static void awaitSameOffsets(String sourceGroup, String destinationGroup) throws InterruptedException {
        Waits.waitFor(() -> {
            Map<TopicPartition, Long> expected = ConsumerGroups.committedOffsets(clusters.source().bootstrapServers(), sourceGroup);
            return !expected.isEmpty() && expected.equals(ConsumerGroups.committedOffsets(destination(), destinationGroup));
        }, DEADLINE, () -> destinationGroup + " on the destination did not get the offsets of " + sourceGroup);
    }

    /** A destination consumer of the group reads exactly the records the source group had not read: no gap, no duplicate. */
    private static void assertResumesExactly(String group, String protocol, String topic) throws Exception {
        Map<TopicPartition, Long> committed = ConsumerGroups.committedOffsets(clusters.source().bootstrapServers(), group);
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> unread = new TreeMap<>();
        Map<TopicPartition, Long> ends = new HashMap<>();
        TopicReader.readAll(clusters.source().bootstrapServers(), topic).forEach((partition, records) -> {
            long from = committed.getOrDefault(new TopicPartition(topic, partition), 0L);
            unread.put(partition, records.stream().filter(r -> r.offset() >= from).toList());
            ends.put(new TopicPartition(topic, partition), records.isEmpty() ? 0 : records.get(records.size() - 1).offset() + 1);
        });
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> read = ConsumerGroups.readRemaining(destination(), group,
                protocol, topic, ends);
        unread.keySet().forEach(partition -> read.putIfAbsent(partition, List.of()));
        assertEquals(List.of(), RecordComparison.aligned(unread, read), group + " on the destination");
    }

    /**
     * From the group's translated position the mirror holds exactly the records the source holds from
     * the group's source position, each where the offset map says.
     */
    private static void assertSameRemainder(List<ConsumerRecord<byte[], byte[]>> source, long sourcePosition,
                                            List<ConsumerRecord<byte[], byte[]>> mirror, long mirrorPosition,
                                            TreeMap<Long, Long> points, String what) {
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> expected = Map.of(0,
                source.stream().filter(r -> r.offset() >= sourcePosition).toList());
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> actual = Map.of(0,
                mirror.stream().filter(r -> r.offset() >= mirrorPosition).toList());
        assertEquals(List.of(), RecordComparison.compare(expected, actual, p -> MirrorAssertions.translation(points)),
                what + " at source position " + sourcePosition + " -> destination " + mirrorPosition);
    }
}
