package dev.kafkalink.testkit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/** Topic set-up for tests. */
public final class Topics {

    /** The broker's {@code default.replication.factor}, which {@link LinkClusters} sets to its number of brokers. */
    private static final int CLUSTER_DEFAULT_REPLICATION = -1;

    private Topics() {
    }

    /**
     * Creates a topic with the cluster's default replication factor (every broker of a {@link LinkClusters}
     * cluster holds a replica: one on a one-broker cluster, three on a three-broker one, so that a broker
     * killed there leaves its partitions a replica to lead) and waits until every partition answers
     * {@code listOffsets}: producing earlier can lose an idempotent batch (KAFKA-15591).
     */
    public static void create(EmbeddedKafkaCluster cluster, String topic, int partitions, Map<String, String> configs)
            throws InterruptedException {
        cluster.createTopic(topic, partitions, CLUSTER_DEFAULT_REPLICATION, configs);
        awaitReady(cluster, topic, partitions);
    }

    public static void awaitReady(EmbeddedKafkaCluster cluster, String topic, int partitions) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try (Admin admin = cluster.createAdminClient()) {
            Waits.waitFor(() -> {
                admin.listOffsets(request).all().get();
                return true;
            }, Duration.ofSeconds(60), () -> "Partitions of " + topic + " did not become ready");
        }
    }

    /** End offsets of every partition of a topic. */
    public static Map<Integer, Long> endOffsets(EmbeddedKafkaCluster cluster, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<Integer, Long> ends = new HashMap<>();
        try (Admin admin = cluster.createAdminClient()) {
            admin.listOffsets(request).all().get().forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
        }
        return ends;
    }
}
