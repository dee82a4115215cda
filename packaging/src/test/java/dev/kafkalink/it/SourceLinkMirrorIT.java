package dev.kafkalink.it;

import static dev.kafkalink.it.SourceData.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.TopicReader;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.TransactionalWrites;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SourceLinkConnector on real clusters, loaded from the plugin archive and driven through Connect's REST API. */
class SourceLinkMirrorIT {

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().build();

    @Test
    void mirrorsEveryRecordByteForByteAtTheSameOffsets() throws Exception {
        // Its records carry 2023 timestamps: without retention.ms=-1 (the mirror takes it from the source) the
        // brokers' first retention check, 30 s after they start, deletes them on one side while the test runs.
        Topics.create(clusters.source(), "orders", 8, Map.of("retention.ms", "-1"));
        Topics.create(clusters.source(), "appended", 2, Map.of("message.timestamp.type", "LogAppendTime"));
        try (KafkaProducer<byte[], byte[]> producer = clusters.source().createProducer(Map.of())) {
            for (int i = 0; i < 4000; i++) {
                RecordHeaders headers = new RecordHeaders();
                if (i % 3 == 0) {
                    headers.add("trace", bytes("t" + i));
                    headers.add("trace", bytes("again" + i));
                    headers.add("empty", null);
                }
                byte[] key = i % 5 == 0 ? null : bytes("key-" + (i % 97));
                byte[] value = i % 13 == 0 ? null : bytes("value-" + i);
                producer.send(new ProducerRecord<>("orders", i % 8, 1_700_000_000_000L + i * 7L, key, value, headers));
                producer.send(new ProducerRecord<>("appended", i % 2, 1_000L, key, value, headers));
            }
        }
        Map<String, String> config = clusters.sourceLinkConfig("bytes");
        config.put("mirror.topics", "orders,appended");
        config.put("tasks.max", "3");
        clusters.connect().configureConnector("bytes", config);

        MirrorAssertions.awaitMirrored(clusters, "orders", "orders");
        MirrorAssertions.awaitMirrored(clusters, "appended", "appended");
        MirrorAssertions.assertAligned(clusters, "orders", "orders");
        MirrorAssertions.assertAligned(clusters, "appended", "appended");
        assertEquals(8, clusters.destination().describeTopics("orders").get("orders").orElseThrow().partitions().size());
        clusters.connect().deleteConnector("bytes");
    }

    @Test
    void recordsAtTheTopicsMaximumSizeAThousandHeadersAndEmptyOrNullKeysAndValuesArriveExactly() throws Exception {
        int maxMessageBytes = 2_000_000;
        Topics.create(clusters.source(), "large", 1, Map.of("max.message.bytes", Integer.toString(maxMessageBytes)));
        byte[] largest = new byte[maxMessageBytes - 1_000]; // the batch and record overhead stay below the limit
        new java.util.Random(7).nextBytes(largest);
        RecordHeaders thousand = new RecordHeaders();
        for (int i = 0; i < 1_000; i++) {
            thousand.add("h" + (i % 10), i % 7 == 0 ? null : bytes("header-" + i));
        }
        try (KafkaProducer<byte[], byte[]> producer = clusters.source().createProducer(Map.of("max.request.size", 10_485_760))) {
            producer.send(new ProducerRecord<>("large", 0, bytes("largest"), largest)).get();
            producer.send(new ProducerRecord<>("large", 0, null, bytes("headers"), bytes("a thousand"), thousand)).get();
            producer.send(new ProducerRecord<>("large", 0, new byte[0], new byte[0])).get();
            producer.send(new ProducerRecord<>("large", 0, null, null)).get();
            producer.send(new ProducerRecord<>("large", 0, bytes("largest again"), largest)).get();
        }
        Map<String, String> config = clusters.sourceLinkConfig("large");
        config.put("mirror.topics", "large");
        clusters.connect().configureConnector("large", config);

        MirrorAssertions.awaitMirrored(clusters, "large", "large");
        MirrorAssertions.assertAligned(clusters, "large", "large");
        clusters.connect().deleteConnector("large");
    }

    @Test
    void alignsMirrorPartitionsWhoseSourceLogStartsAboveZero() throws Exception {
        Topics.create(clusters.source(), "trimmed", 3, Map.of());
        SourceData.produceNumbered(clusters.source(), "trimmed", 3, 3000);
        try (Admin admin = clusters.source().createAdminClient()) {
            admin.deleteRecords(Map.of(
                    new TopicPartition("trimmed", 1), RecordsToDelete.beforeOffset(250),
                    new TopicPartition("trimmed", 2), RecordsToDelete.beforeOffset(999))).all().get();
        }
        Map<String, String> config = clusters.sourceLinkConfig("trimmed");
        config.put("mirror.topics", "trimmed");
        clusters.connect().configureConnector("trimmed", config);

        MirrorAssertions.awaitMirrored(clusters, "trimmed", "trimmed");
        MirrorAssertions.assertAligned(clusters, "trimmed", "trimmed");
        Map<Integer, List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>>> mirror =
                TopicReader.readAll(clusters.destination().bootstrapServers(), "trimmed");
        assertEquals(250, mirror.get(1).get(0).offset(), "first mirrored record of partition 1");
        assertEquals(999, mirror.get(2).get(0).offset(), "first mirrored record of partition 2");
        assertTrue(MirrorAssertions.offsetMapPoints(clusters, "trimmed", "trimmed").isEmpty(),
                "an aligned mirror needs no offset map points");
        clusters.connect().deleteConnector("trimmed");
    }

    @Test
    void recordsCompactionHolesAndAbortedTransactionsExactlyInTheOffsetMap() throws Exception {
        Topics.create(clusters.source(), "compacted", 2, Map.of("cleanup.policy", "compact", "segment.ms", "100",
                "min.cleanable.dirty.ratio", "0.01", "delete.retention.ms", "100"));
        Topics.create(clusters.source(), "payments", 2, Map.of());
        try (KafkaProducer<byte[], byte[]> producer = clusters.source().createProducer(Map.of())) {
            for (int i = 0; i < 600; i++) {
                producer.send(new ProducerRecord<>("compacted", i % 2, bytes("k" + (i % 40)), bytes("v" + i))).get();
            }
        }
        TransactionalWrites.run(clusters.source(), "payments-writer", 15, (producer, t) -> {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>("payments", i % 2, bytes("t" + t + "-" + i), bytes("x" + i)));
            }
        }, t -> t % 3 == 2);
        Waits.waitFor(() -> TopicReader.readAll(clusters.source().bootstrapServers(), "compacted").get(0).size() < 150,
                Duration.ofSeconds(60), () -> "the source topic was not compacted");
        Map<String, String> config = clusters.sourceLinkConfig("gaps");
        config.put("mirror.topics", "compacted,payments");
        // Keep the mirror's own compaction lazy so that it holds the records as they were copied.
        config.put("topic.config.sync.include", "cleanup.policy");
        clusters.connect().configureConnector("gaps", config);

        MirrorAssertions.awaitMirrored(clusters, "compacted", "compacted");
        MirrorAssertions.awaitMirrored(clusters, "payments", "payments");
        MirrorAssertions.assertMappedExactly(clusters, "gaps", "compacted", "compacted");
        MirrorAssertions.assertMappedExactly(clusters, "gaps", "payments", "payments");
        Map<Integer, TreeMap<Long, Long>> paymentPoints = MirrorAssertions.offsetMapPoints(clusters, "gaps", "payments");
        assertFalse(paymentPoints.isEmpty(), "transaction markers and aborted records need offset map points");
        assertEquals(10 * 20, TopicReader.count(TopicReader.readAll(clusters.destination().bootstrapServers(), "payments")),
                "only records of committed transactions are mirrored");
        clusters.connect().deleteConnector("gaps");
    }

    @Test
    void picksUpNewMatchingTopicsAndPartitionIncreasesWhileRunning() throws Exception {
        Topics.create(clusters.source(), "fleet.trucks", 2, Map.of());
        Topics.create(clusters.source(), "other.things", 1, Map.of());
        SourceData.produceNumbered(clusters.source(), "fleet.trucks", 2, 200);
        Map<String, String> config = clusters.sourceLinkConfig("fleet");
        config.put("auto.create.mirror.topics.enable", "true");
        config.put("auto.create.mirror.topics.filters",
                "{\"topicFilters\":[{\"name\":\"fleet.\",\"patternType\":\"PREFIXED\",\"filterType\":\"INCLUDE\"}]}");
        config.put("cluster.link.prefix", "dc1.");
        config.put("topic.discovery.ms", "2000");
        config.put("tasks.max", "2");
        clusters.connect().configureConnector("fleet", config);
        MirrorAssertions.awaitMirrored(clusters, "fleet.trucks", "dc1.fleet.trucks");

        Topics.create(clusters.source(), "fleet.vans", 3, Map.of());
        SourceData.produceNumbered(clusters.source(), "fleet.vans", 3, 300);
        try (Admin admin = clusters.source().createAdminClient()) {
            admin.createPartitions(Map.of("fleet.trucks", NewPartitions.increaseTo(4))).all().get();
        }
        Topics.awaitReady(clusters.source(), "fleet.trucks", 4);
        SourceData.produceNumbered(clusters.source(), "fleet.trucks", 4, 400);

        Waits.waitFor(() -> clusters.destination().describeTopics("dc1.fleet.trucks").get("dc1.fleet.trucks").orElseThrow()
                .partitions().size() == 4, Duration.ofSeconds(60), () -> "the mirror did not follow the partition increase");
        MirrorAssertions.awaitMirrored(clusters, "fleet.vans", "dc1.fleet.vans");
        MirrorAssertions.awaitMirrored(clusters, "fleet.trucks", "dc1.fleet.trucks");
        MirrorAssertions.assertAligned(clusters, "fleet.vans", "dc1.fleet.vans");
        MirrorAssertions.assertAligned(clusters, "fleet.trucks", "dc1.fleet.trucks");
        assertFalse(clusters.destination().describeTopics("dc1.other.things").get("dc1.other.things").isPresent(),
                "a topic the filter does not match is not mirrored");
        clusters.connect().deleteConnector("fleet");
    }

    @Test
    void validateNamesTheKeyThatIsWrong() {
        Map<String, String> config = clusters.sourceLinkConfig("ignored");
        config.put("name", "invalid");
        config.remove("link.name");
        config.put("auto.create.mirror.topics.enable", "true");
        config.put("auto.create.mirror.topics.filters", "{\"topicFilters\":[{\"name\":\"x\",\"patternType\":\"REGEX\"}]}");
        config.put("mirror.start.offset.spec", "yesterday");
        Map<String, List<String>> errors = ValidateErrors.of(clusters.connect(), "SourceLinkConnector", config);
        assertEquals(java.util.Set.of("link.name", "auto.create.mirror.topics.filters", "mirror.start.offset.spec"),
                errors.keySet(), "errors: " + errors);
        assertTrue(errors.get("auto.create.mirror.topics.filters").toString().contains("patternType"));
        assertTrue(errors.get("mirror.start.offset.spec").toString().contains("earliest"));
    }

    @Test
    void validateReportsAnUnreachableClusterOnItsBootstrapKey() {
        Map<String, String> config = clusters.sourceLinkConfig("unreachable");
        config.put("name", "unreachable");
        config.put("mirror.topics", "orders");
        config.put("source.bootstrap.servers", "localhost:1");
        List<String> errors = ValidateErrors.of(clusters.connect(), "SourceLinkConnector", config).entrySet().stream()
                .map(error -> error.getKey() + ": " + error.getValue()).toList();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("source.bootstrap.servers: ") && errors.get(0).contains("localhost:1"),
                errors.toString());
    }
}
