package dev.kafkalink.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The broker operations of the test kit on a real three-broker cluster, one after another. */
class KafkaBrokersTest {

    private static EmbeddedKafkaCluster cluster;

    @BeforeAll
    static void start() {
        Properties props = new Properties();
        props.put("default.replication.factor", "3");
        props.put("min.insync.replicas", "2");
        props.put("broker.session.timeout.ms", "6000");
        cluster = new EmbeddedKafkaCluster(3, props);
        cluster.start();
    }

    @AfterAll
    static void stop() {
        cluster.stop();
    }

    @Test
    void restartsKillsElectsAndReassignsWhileRecordsAreWritten() throws Exception {
        KafkaBrokers brokers = new KafkaBrokers(cluster, "test");
        assertEquals(List.of(0, 1, 2), brokers.ids());
        cluster.createTopic("t", 3, 3, Map.of());
        TopicPartition p0 = new TopicPartition("t", 0);
        try (KafkaProducer<byte[], byte[]> producer = cluster.createProducer(Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000))) {
            int leader = brokers.leader(p0).orElseThrow();
            brokers.restart(leader);
            producer.send(new ProducerRecord<>("t", 0, null, new byte[] {1})).get();

            leader = brokers.leader(p0).orElseThrow();
            brokers.kill(leader);
            int killed = leader;
            // Without a controlled shutdown the leader stays until the controller fences the broker.
            Waits.waitFor(() -> brokers.leader(p0).map(id -> id != killed).orElse(false), Duration.ofSeconds(60),
                    () -> "the killed broker kept its leadership");
            producer.send(new ProducerRecord<>("t", 0, null, new byte[] {2})).get();
            brokers.start(killed);

            Set<TopicPartition> elected = brokers.electPreferredLeaders(Set.of("t"));
            assertTrue(elected.contains(p0) || brokers.leader(p0).orElseThrow().equals(brokers.replicas(p0).get(0)));
            Waits.waitFor(() -> brokers.leader(p0).orElseThrow().equals(brokers.replicas(p0).get(0)), Duration.ofSeconds(30),
                    () -> "no preferred leader");

            List<Integer> before = brokers.replicas(p0);
            List<Integer> moved = List.of(before.get(2), before.get(0), before.get(1));
            brokers.reassign(p0, moved);
            assertEquals(moved, brokers.replicas(p0));
            assertNotEquals(before, moved);
            producer.send(new ProducerRecord<>("t", 0, null, new byte[] {3})).get();
        }
        assertEquals(3, cluster.endOffset(p0));
    }
}
