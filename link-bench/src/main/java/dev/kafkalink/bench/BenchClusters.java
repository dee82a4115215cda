package dev.kafkalink.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * The benchmark's world: a source cluster, a destination cluster and one Connect worker on it that
 * loads Kafka Link from the plugin archive (MirrorMaker 2 from its classpath), plus an Admin
 * client of each cluster that lives as long as the run, so that watching progress costs little.
 */
final class BenchClusters implements AutoCloseable {

    // MirrorMaker 2 tuned sets its producer through producer.override.* (Kafka Link needs none).
    private final LinkClusters clusters = LinkClusters.builder()
            .workerProperty("connector.client.config.override.policy", "All").build();
    private Admin source;
    private Admin destination;

    void start() {
        clusters.start("kafka-link-bench");
        source = clusters.source().createAdminClient();
        destination = clusters.destination().createAdminClient();
    }

    EmbeddedKafkaCluster sourceCluster() {
        return clusters.source();
    }

    EmbeddedKafkaCluster destinationCluster() {
        return clusters.destination();
    }

    EmbeddedConnectCluster connect() {
        return clusters.connect();
    }

    Admin sourceAdmin() {
        return source;
    }

    Admin destinationAdmin() {
        return destination;
    }

    static List<TopicPartition> partitions(String topic, int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }

    /**
     * End offsets; while a partition does not exist yet, all count as 0 (the Admin client would retry
     * an unknown partition until its API timeout, so a short timeout keeps the samples coming).
     */
    static Map<TopicPartition, Long> ends(Admin admin, Collection<TopicPartition> partitions) throws InterruptedException {
        Map<TopicPartition, Long> ends = new HashMap<>();
        try {
            admin.listOffsets(latest(partitions), new ListOffsetsOptions().timeoutMs(2000)).all().get()
                    .forEach((partition, info) -> ends.put(partition, info.offset()));
        } catch (ExecutionException e) {
            partitions.forEach(partition -> ends.put(partition, 0L));
        }
        return ends;
    }

    /** True once every partition exists and has a leader. */
    static boolean exist(Admin admin, Collection<TopicPartition> partitions) throws InterruptedException {
        try {
            admin.listOffsets(latest(partitions), new ListOffsetsOptions().timeoutMs(2000)).all().get();
            return true;
        } catch (ExecutionException e) {
            return false;
        }
    }

    private static Map<TopicPartition, OffsetSpec> latest(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, OffsetSpec.latest()));
        return request;
    }

    static long total(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Removes a connector and waits until the worker no longer runs it. */
    void removeConnector(String name) throws InterruptedException {
        clusters.connect().deleteConnector(name);
        Waits.waitFor(() -> !clusters.connect().connectors().contains(name), Duration.ofMinutes(2),
                () -> "connector " + name + " was not removed");
    }

    /**
     * Deletes the destination topics a finished run wrote (its copies, named {@code run + "."}, and
     * {@code others}), so that every run meets the same brokers.
     */
    void deleteCopies(String run, String... others) throws ExecutionException, InterruptedException {
        Set<String> alsoDoomed = Set.of(others);
        List<String> doomed = destination.listTopics().names().get().stream()
                .filter(topic -> topic.startsWith(run + ".") || alsoDoomed.contains(topic)).toList();
        if (!doomed.isEmpty()) {
            destination.deleteTopics(doomed).all().get();
        }
    }

    @Override
    public void close() {
        if (source != null) {
            source.close();
        }
        if (destination != null) {
            destination.close();
        }
        clusters.close();
    }
}
