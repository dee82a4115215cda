package dev.kafkalink.schemas;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kafkalink.common.clients.KafkaClients;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source registry's storage topic ({@code _schemas}) read as a change feed: Confluent Schema
 * Registry, Karapace and Redpanda write one record per change, keyed by JSON that names the subject
 * ({@code {"keytype":"SCHEMA","subject":"orders-value","version":3}}, also CONFIG, MODE,
 * DELETE_SUBJECT, CLEAR_SUBJECT). Only which subjects changed is taken from it; their versions are
 * still read through REST, so the feed never has to be parsed beyond the key.
 *
 * <p>It starts at the topic's end when opened, before the first full sweep, so no change is missed.
 */
final class SchemaChangeFeed implements AutoCloseable {

    /** Stands for the global compatibility or mode in a set of changed subjects. */
    static final String GLOBAL = "";

    private static final Logger log = LoggerFactory.getLogger(SchemaChangeFeed.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int MAX_POLLS_PER_READ = 500;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;

    private final String topic;
    private final Object servers;

    private SchemaChangeFeed(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, String topic,
                             Object servers) {
        this.consumer = consumer;
        this.partitions = partitions;
        this.topic = topic;
        this.servers = servers;
    }

    static SchemaChangeFeed open(Map<String, Object> clusterSettings, String topic, String clientId) {
        KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(Map.of(), clusterSettings,
                Map.of("isolation.level", "read_committed"), clientId);
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            if (partitions.isEmpty()) {
                throw new ConnectException("The source registry's topic " + topic + " does not exist on "
                        + clusterSettings.get("bootstrap.servers") + ": check " + SchemaExportConfig.FEED_TOPIC);
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            return new SchemaChangeFeed(consumer, partitions, topic, clusterSettings.get("bootstrap.servers"));
        } catch (AuthorizationException e) {
            consumer.close(Duration.ZERO);
            throw notAuthorized(topic, clusterSettings.get("bootstrap.servers"), e);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    /** Kafka names the topic, not the cluster or the ACL that is missing: this says both. */
    private static ConnectException notAuthorized(String topic, Object servers, AuthorizationException e) {
        return new ConnectException("The principal of " + SchemaExportConfig.FEED_KAFKA_PREFIX + "* may not read the source "
                + "registry's topic " + topic + " on " + servers + ": grant it READ on topic " + topic + " (" + e.getMessage() + ")", e);
    }

    /** Adds the subjects changed since the last read (and {@link #GLOBAL}) to {@code changed}; reads up to the current end. */
    void readChanges(Set<String> changed) {
        try {
            readUpToTheEnd(changed);
        } catch (AuthorizationException e) {
            throw notAuthorized(topic, servers, e);
        }
    }

    private void readUpToTheEnd(Set<String> changed) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (int polls = 0; polls < MAX_POLLS_PER_READ && !caughtUp(ends); polls++) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                String subject = subjectOf(record.key());
                if (subject != null) {
                    changed.add(subject);
                }
            }
        }
    }

    /** How far the feed was read: the sum of the next offsets of its partitions, the export's position. */
    long position() {
        return partitions.stream().mapToLong(consumer::position).sum();
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    /** The subject a record's key names, {@link #GLOBAL} for global settings, null for records about no subject. */
    static String subjectOf(byte[] key) {
        if (key == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(key);
            String type = node.path("keytype").asText();
            if (!List.of("SCHEMA", "CONFIG", "MODE", "DELETE_SUBJECT", "CLEAR_SUBJECT").contains(type)) {
                return null;
            }
            JsonNode subject = node.get("subject");
            return subject == null || subject.isNull() ? GLOBAL : subject.asText();
        } catch (java.io.IOException e) {
            log.debug("Skipping a record of the source registry's topic whose key is not JSON");
            return null;
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
