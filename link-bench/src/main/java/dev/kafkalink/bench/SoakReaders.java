package dev.kafkalink.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * The consumer group whose offsets the offset sync copies: reads the source topic as an application
 * would and commits after every poll. A commit that fails while a broker restarts is retried by the
 * next one.
 */
final class SoakReaders implements AutoCloseable {

    private final Thread thread;
    private volatile boolean closing;

    SoakReaders(String bootstrap, String topic, String group) {
        thread = new Thread(() -> run(bootstrap, topic, group), "soak-readers");
        thread.start();
    }

    private void run(String bootstrap, String topic, String group) {
        Map<String, Object> settings = Map.of("bootstrap.servers", bootstrap, "group.id", group,
                "enable.auto.commit", false, "auto.offset.reset", "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (!closing) {
                try {
                    consumer.poll(Duration.ofMillis(500));
                    consumer.commitSync(Duration.ofSeconds(10));
                } catch (org.apache.kafka.common.KafkaException e) {
                    Progress.say("readers: %s (the next commit retries)", e);
                }
            }
        }
    }

    /** The group's committed offsets on a cluster, sorted; empty while the cluster does not answer. */
    static Map<TopicPartition, Long> committed(EmbeddedKafkaCluster cluster, String group) {
        try (Admin admin = cluster.createAdminClient()) {
            Map<TopicPartition, Long> offsets = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().forEach((partition, offset) -> {
                if (offset != null) {
                    offsets.put(partition, offset.offset());
                }
            });
            return offsets;
        } catch (Exception e) {
            return Map.of();
        }
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        thread.join();
    }
}
