package dev.kafkalink.it;

import static dev.kafkalink.it.SourceData.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.TopicReader;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Configs kept in step, health metrics, and what the link refuses to do. */
class SourceLinkSafetyIT {

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().build();

    @Test
    void keepsTopicConfigsInStepAndReportsLagAndLatency() throws Exception {
        Topics.create(clusters.source(), "audit", 2, Map.of("retention.ms", "86400000", "max.message.bytes", "2000000"));
        SourceData.produceNumbered(clusters.source(), "audit", 2, 500);
        Map<String, String> config = clusters.sourceLinkConfig("configs");
        config.put("mirror.topics", "audit");
        config.put("topic.config.sync.ms", "1000");
        clusters.connect().configureConnector("configs", config);
        MirrorAssertions.awaitMirrored(clusters, "audit", "audit");
        assertEquals("86400000", mirrorConfig("audit", "retention.ms"), "created with the source's configs");
        assertEquals("2000000", mirrorConfig("audit", "max.message.bytes"));
        assertEquals("CreateTime", mirrorConfig("audit", "message.timestamp.type"), "the link keeps source timestamps");

        try (Admin admin = clusters.source().createAdminClient()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, "audit"), List.of(
                    new AlterConfigOp(new ConfigEntry("retention.ms", "3600000"), AlterConfigOp.OpType.SET)))).all().get();
        }
        Waits.waitFor(() -> "3600000".equals(mirrorConfig("audit", "retention.ms")), Duration.ofSeconds(60),
                () -> "retention.ms did not follow the source");

        ObjectName partitionMetrics = Waits.await(() -> mirrorMetrics("configs", "audit", "0"), Duration.ofSeconds(60),
                "mirror metrics of audit-0 in JMX");
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Waits.waitFor(() -> ((Number) server.getAttribute(partitionMetrics, "mirror-lag")).longValue() == 0,
                Duration.ofSeconds(60), () -> "mirror-lag did not reach 0");
        assertTrue(((Number) server.getAttribute(partitionMetrics, "replication-latency-ms")).longValue() >= 0);
        assertEquals(0L, ((Number) server.getAttribute(partitionMetrics, "offset-deviations")).longValue());
        clusters.connect().deleteConnector("configs");
    }

    @Test
    void refusesADestinationTopicHoldingRecordsTheLinkDidNotWrite() throws Exception {
        Topics.create(clusters.source(), "ledger", 1, Map.of());
        Topics.create(clusters.destination(), "ledger", 1, Map.of());
        try (KafkaProducer<byte[], byte[]> producer = clusters.destination().createProducer(Map.of())) {
            producer.send(new ProducerRecord<>("ledger", bytes("someone"), bytes("else"))).get();
        }
        Map<String, String> config = clusters.sourceLinkConfig("foreign");
        config.put("mirror.topics", "ledger");
        clusters.connect().configureConnector("foreign", config);
        Waits.waitFor(() -> "FAILED".equals(clusters.connect().connectorStatus("foreign").connector().state()),
                Duration.ofSeconds(60), () -> "the connector did not fail");
        String trace = clusters.connect().connectorStatus("foreign").connector().trace();
        assertTrue(trace.contains("ledger") && trace.contains("holds records the link did not write"), trace);
        assertEquals(1, TopicReader.count(TopicReader.readAll(clusters.destination().bootstrapServers(), "ledger")),
                "nothing was written to the foreign topic");
        clusters.connect().deleteConnector("foreign");
    }

    @Test
    void failsTheMirrorOfARecreatedSourceTopicInsteadOfMixingRecords() throws Exception {
        Topics.create(clusters.source(), "sessions", 1, Map.of());
        SourceData.produceNumbered(clusters.source(), "sessions", 1, 100);
        Map<String, String> config = clusters.sourceLinkConfig("recreate");
        config.put("mirror.topics", "sessions");
        config.put("topic.discovery.ms", "1000");
        clusters.connect().configureConnector("recreate", config);
        MirrorAssertions.awaitMirrored(clusters, "sessions", "sessions");

        clusters.source().deleteTopic("sessions");
        Waits.waitFor(() -> !clusters.source().describeTopics("sessions").get("sessions").isPresent(),
                Duration.ofSeconds(30), () -> "source topic not deleted");
        Topics.create(clusters.source(), "sessions", 1, Map.of());
        SourceData.produceNumbered(clusters.source(), "sessions", 1, 30);

        Waits.waitFor(() -> mirrorState("recreate", "sessions").contains("\"FAILED\""), Duration.ofSeconds(60),
                () -> "mirror state is " + mirrorState("recreate", "sessions"));
        String state = mirrorState("recreate", "sessions");
        assertTrue(state.contains("deleted and recreated") || state.contains("no longer exists"), state);
        List<ConsumerRecord<byte[], byte[]>> mirror =
                TopicReader.readAll(clusters.destination().bootstrapServers(), "sessions").get(0);
        assertEquals(100, mirror.size(), "no record of the new topic reached the old topic's mirror");
        clusters.connect().deleteConnector("recreate");
    }

    private static String mirrorState(String link, String mirror) {
        String key = "mirror/" + mirror;
        String latest = "";
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(clusters.destination().bootstrapServers(),
                "_kafka-link-" + link + "-state").get(0)) {
            if (key.equals(new String(record.key(), StandardCharsets.UTF_8)) && record.value() != null) {
                latest = new String(record.value(), StandardCharsets.UTF_8);
            }
        }
        return latest;
    }

    private static String mirrorConfig(String topic, String name) throws Exception {
        try (Admin admin = clusters.destination().createAdminClient()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            return config.get(name).value();
        }
    }

    private static Optional<ObjectName> mirrorMetrics(String link, String topic, String partition) throws Exception {
        Set<ObjectName> names = ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("kafka.connect:*"), null);
        return names.stream().filter(name -> link.equals(name.getKeyProperty("link"))
                && topic.equals(name.getKeyProperty("topic")) && partition.equals(name.getKeyProperty("partition")))
                .findFirst();
    }
}
