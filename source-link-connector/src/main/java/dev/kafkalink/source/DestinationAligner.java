package dev.kafkalink.source;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import dev.kafkalink.common.clients.KafkaClients;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Advances empty mirror partitions to the offset their first record must land at: identical filler
 * records (null key and value, zstd, 1 MiB batches: about 1.6 million offsets a second) up to the
 * target, then {@code DeleteRecords} so that no consumer ever reads a filler. An idempotent producer
 * writes each filler exactly once, and the end offset is checked before anything else is written.
 */
final class DestinationAligner {

    private static final Logger log = LoggerFactory.getLogger(DestinationAligner.class);

    private static final Map<String, Object> FILLER_PRODUCER = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd",
            ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20,
            ProducerConfig.LINGER_MS_CONFIG, 50,
            ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);

    private final Map<String, Object> destinationSettings;
    private final Admin destination;
    private final String clientId;

    DestinationAligner(Map<String, Object> destinationSettings, Admin destination, String clientId) {
        this.destinationSettings = destinationSettings;
        this.destination = destination;
        this.clientId = clientId;
    }

    /**
     * Fills each partition from its current end up to its target, then deletes everything below the
     * target. {@code ends} and {@code targets} are keyed by mirror partition.
     */
    void align(Map<TopicPartition, Long> ends, Map<TopicPartition, Long> targets)
            throws ExecutionException, InterruptedException {
        long fillers = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(Map.of(), destinationSettings, FILLER_PRODUCER,
                clientId + "-aligner")) {
            for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
                TopicPartition partition = target.getKey();
                for (long offset = ends.get(partition); offset < target.getValue() && failure.get() == null; offset++) {
                    producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), null, null),
                            (metadata, error) -> {
                                if (error != null) {
                                    failure.compareAndSet(null, error);
                                }
                            });
                    fillers++;
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new RetriableException("Could not write filler records to align mirror partitions " + targets.keySet(),
                    failure.get());
        }
        verifyEnds(targets);
        Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
        targets.forEach((partition, target) -> deletions.put(partition, RecordsToDelete.beforeOffset(target)));
        destination.deleteRecords(deletions).all().get();
        log.info("Aligned {} mirror partitions with {} filler records (now deleted)", targets.size(), fillers);
    }

    /** Deletes fillers left below the start of partitions whose alignment was interrupted before that step. */
    void deleteBelow(Map<TopicPartition, Long> starts) throws ExecutionException, InterruptedException {
        if (starts.isEmpty()) {
            return;
        }
        Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
        starts.forEach((partition, start) -> deletions.put(partition, RecordsToDelete.beforeOffset(start)));
        destination.deleteRecords(deletions).all().get();
    }

    private void verifyEnds(Map<TopicPartition, Long> targets) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        targets.keySet().forEach(partition -> request.put(partition, OffsetSpec.latest()));
        for (var end : destination.listOffsets(request).all().get().entrySet()) {
            long expected = targets.get(end.getKey());
            if (end.getValue().offset() != expected) {
                throw new ConnectException("Aligning mirror partition " + end.getKey() + " to offset " + expected
                        + " ended at " + end.getValue().offset() + ": something else writes to the mirror topic");
            }
        }
    }
}
