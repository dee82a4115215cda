package dev.kafkalink.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import dev.kafkalink.common.clients.KafkaClients;
import dev.kafkalink.common.clients.ListedOffsets;
import dev.kafkalink.common.clients.TopicReadiness;
import dev.kafkalink.common.state.MirrorRestoreState.PartitionRestore;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets the diverged records of a restored topic aside before the topic is deleted: each partition's
 * records from its divergence point to its end go to the same partition of the diverged topic, which
 * is first advanced to the divergence point ({@link DestinationAligner}) so that they keep their
 * offsets (where the range has no transaction markers), with their keys, values, headers and
 * timestamps. Then the diverged topic is read back and compared record by record: only a complete
 * copy lets the restore go on.
 *
 * <p>Restartable: a copy interrupted by a crash goes on after the records already in the diverged
 * topic (counted, not trusted: the read-back compares them all).
 */
final class DivergedRecordsCopier {

    private static final Logger log = LoggerFactory.getLogger(DivergedRecordsCopier.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, Object> destinationSettings;
    private final Admin destination;
    private final DestinationAligner aligner;
    private final short replicationFactor;
    private final String clientId;

    DivergedRecordsCopier(Map<String, Object> destinationSettings, Admin destination, DestinationAligner aligner,
                          short replicationFactor, String clientId) {
        this.destinationSettings = destinationSettings;
        this.destination = destination;
        this.aligner = aligner;
        this.replicationFactor = replicationFactor;
        this.clientId = clientId;
    }

    /** Copies and compares; returns the partitions with the number of records set aside in each. */
    List<PartitionRestore> setAside(String topic, String divergedTopic, int partitionCount, List<PartitionRestore> partitions)
            throws ExecutionException, InterruptedException {
        ensureTopic(divergedTopic, partitionCount);
        List<PartitionRestore> diverged = partitions.stream().filter(p -> p.divergence() < p.end()).toList();
        alignDivergedPartitions(divergedTopic, diverged);
        List<PartitionRestore> counted = new ArrayList<>();
        try (PartitionRecords reader = new PartitionRecords(destinationSettings, clientId + "-diverged-reader");
             KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(Map.of(), destinationSettings,
                     Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                             ProducerConfig.LINGER_MS_CONFIG, 20),
                     clientId + "-diverged-writer")) {
            for (PartitionRestore partition : partitions) {
                long count = partition.divergence() < partition.end()
                        ? copy(reader, producer, topic, divergedTopic, partition) : 0;
                counted.add(new PartitionRestore(partition.partition(), partition.divergence(), partition.end(), count));
            }
        }
        return counted;
    }

    private long copy(PartitionRecords reader, KafkaProducer<byte[], byte[]> producer, String topic, String divergedTopic,
                      PartitionRestore partition) throws ExecutionException, InterruptedException {
        TopicPartition from = new TopicPartition(topic, partition.partition());
        TopicPartition to = new TopicPartition(divergedTopic, partition.partition());
        List<ConsumerRecord<byte[], byte[]>> records = reader.read(from, partition.divergence(), partition.end());
        int already = reader.read(to, partition.divergence(), end(to)).size();
        for (ConsumerRecord<byte[], byte[]> record : records.subList(Math.min(already, records.size()), records.size())) {
            producer.send(new ProducerRecord<>(divergedTopic, partition.partition(), record.timestamp(), record.key(),
                    record.value(), record.headers()));
        }
        producer.flush();
        List<ConsumerRecord<byte[], byte[]>> copied = reader.read(to, partition.divergence(), end(to));
        compare(from, to, records, copied);
        log.info("Set aside {} diverged records of {} (offsets {} to {}) in {}", records.size(), from,
                partition.divergence(), partition.end() - 1, divergedTopic);
        return records.size();
    }

    private static void compare(TopicPartition from, TopicPartition to, List<ConsumerRecord<byte[], byte[]>> records,
                                List<ConsumerRecord<byte[], byte[]>> copied) {
        if (copied.size() != records.size()) {
            throw new ConnectException("The diverged topic partition " + to + " holds " + copied.size() + " records where "
                    + records.size() + " diverged records of " + from + " were set aside: something else writes to it. "
                    + "The restore stops before deleting anything; empty or delete " + to.topic() + " and restart the connector");
        }
        for (int i = 0; i < records.size(); i++) {
            if (!PartitionRecords.same(records.get(i), copied.get(i))) {
                throw new ConnectException("The diverged record at offset " + records.get(i).offset() + " of " + from
                        + " differs from its copy at offset " + copied.get(i).offset() + " of " + to + ": the restore "
                        + "stops before deleting anything");
            }
        }
    }

    /** Diverged partitions still below their divergence point are advanced to it, so the records keep their offsets. */
    private void alignDivergedPartitions(String divergedTopic, List<PartitionRestore> diverged)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> targets = new HashMap<>();
        diverged.forEach(p -> targets.put(new TopicPartition(divergedTopic, p.partition()), p.divergence()));
        Map<TopicPartition, Long> ends = ListedOffsets.ends(destination, targets.keySet());
        targets.entrySet().removeIf(target -> ends.get(target.getKey()) >= target.getValue());
        if (!targets.isEmpty()) {
            aligner.align(targets);
        }
    }

    private void ensureTopic(String divergedTopic, int partitionCount) throws ExecutionException, InterruptedException {
        Map<String, String> configs = new HashMap<>(TopicConfigSync.MIRROR_ONLY);
        // The diverged records are the only copy left of what the old primary got: never deleted by retention.
        configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
        configs.put(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        try {
            destination.createTopics(List.of(new NewTopic(divergedTopic, Optional.of(partitionCount),
                    Optional.of(replicationFactor)).configs(configs))).all().get();
            log.info("Created the diverged topic {} ({} partitions)", divergedTopic, partitionCount);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitionCount; p++) {
            all.add(new TopicPartition(divergedTopic, p));
        }
        TopicReadiness.awaitListOffsets(destination, all, READY_TIMEOUT);
    }

    private long end(TopicPartition partition) throws ExecutionException, InterruptedException {
        return ListedOffsets.ends(destination, List.of(partition)).get(partition);
    }
}
