package dev.kafkalink.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Consumer groups as applications use them: consume, commit, and read what a group would read next. */
final class ConsumerGroups {

    private ConsumerGroups() {
    }

    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String group, String protocol) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Joins {@code group}, consumes at least {@code atLeast} records of {@code topic} and commits the
     * position after the last record it consumed of each partition, with {@code metadata}.
     */
    static void consumeAndCommit(String bootstrap, String group, String protocol, String topic, int atLeast,
                                 String metadata) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, group, protocol)) {
            consumer.subscribe(List.of(topic));
            Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
            int consumed = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumed < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    consumed++;
                    commits.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1, metadata));
                }
            }
            if (consumed < atLeast) {
                throw new AssertionError(group + " consumed only " + consumed + " records of " + topic);
            }
            consumer.commitSync(commits);
        }
    }

    /** Joins {@code group} and reads until it has every record up to the end offsets, as an application would. */
    static Map<Integer, List<ConsumerRecord<byte[], byte[]>>> readRemaining(String bootstrap, String group, String protocol,
                                                                        String topic, Map<TopicPartition, Long> ends) {
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> read = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, group, protocol)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!caughtUp(consumer, ends) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record);
                }
            }
            if (!caughtUp(consumer, ends)) {
                throw new AssertionError(group + " did not reach the end offsets " + ends);
            }
        }
        return read;
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        Set<TopicPartition> assigned = consumer.assignment();
        if (!assigned.containsAll(ends.keySet())) {
            return false;
        }
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    /** Committed offsets of a group: partition -> offset and metadata; empty when it has none. */
    static Map<TopicPartition, OffsetAndMetadata> committed(String bootstrap, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }
    }

    /** Committed offsets only, for comparisons: partition -> offset. */
    static Map<TopicPartition, Long> committedOffsets(String bootstrap, String group) throws Exception {
        return committed(bootstrap, group).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    static Optional<GroupListing> listing(String bootstrap, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listGroups().all().get().stream().filter(g -> g.groupId().equals(group)).findFirst();
        }
    }
}
