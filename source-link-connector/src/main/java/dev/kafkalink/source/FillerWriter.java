package dev.kafkalink.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.kafkalink.common.clients.KafkaClients;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Writes filler records (empty key, null value, zstd, 1 MiB batches) into partitions, with several
 * producers at once when there are many. Fillers are all alike, so only how many land in each
 * partition matters, not which producer wrote them or in what order; each producer is idempotent,
 * so each of its fillers lands exactly once. A producer's per-record cost is what bounds this (about
 * 2.5 million fillers a second each, measured with the brokers on the same two cores), so two
 * producers on two threads write a deep partition about a third faster.
 */
final class FillerWriter {

    /** Producers for a large job; fewer fillers than {@link #PER_EXTRA_WRITER} are not worth a second one. */
    static final int MAX_WRITERS = 2;
    static final long PER_EXTRA_WRITER = 1_000_000L;

    private static final Map<String, Object> FILLER_PRODUCER = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd",
            ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20,
            ProducerConfig.LINGER_MS_CONFIG, 50,
            ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);

    /** Compaction-enabled topics refuse records without a key; a filler's empty key is fine everywhere. */
    private static final byte[] FILLER_KEY = new byte[0];

    private final Map<String, Object> destinationSettings;
    private final String clientId;

    FillerWriter(Map<String, Object> destinationSettings, String clientId) {
        this.destinationSettings = destinationSettings;
        this.clientId = clientId;
    }

    /** Writes {@code counts.get(p)} fillers into each partition p and returns once every one is acknowledged. */
    void write(Map<TopicPartition, Long> counts) throws InterruptedException {
        List<Map<TopicPartition, Long>> shares = shares(counts, writersFor(counts));
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(shares.size(),
                task -> new Thread(task, clientId + "-aligner-" + threads.incrementAndGet()));
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int writer = 0; writer < shares.size(); writer++) {
                Map<TopicPartition, Long> share = shares.get(writer);
                String producerId = clientId + "-aligner" + (writer == 0 ? "" : "-" + writer);
                done.add(pool.submit(() -> writeShare(share, producerId)));
            }
            for (Future<?> writer : done) {
                writer.get();
            }
        } catch (ExecutionException e) {
            throw new RetriableException("Could not write filler records to align mirror partitions " + counts.keySet(),
                    e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private Void writeShare(Map<TopicPartition, Long> share, String producerId) throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback onFailure = (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        };
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(Map.of(), destinationSettings, FILLER_PRODUCER,
                producerId)) {
            for (Map.Entry<TopicPartition, Long> partition : share.entrySet()) {
                TopicPartition target = partition.getKey();
                for (long i = 0; i < partition.getValue() && failure.get() == null; i++) {
                    producer.send(new ProducerRecord<>(target.topic(), target.partition(), FILLER_KEY, null), onFailure);
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return null;
    }

    static int writersFor(Map<TopicPartition, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        return (int) Math.max(1, Math.min(MAX_WRITERS, total / PER_EXTRA_WRITER));
    }

    /** Splits every partition's count over {@code writers}, as evenly as whole records allow. */
    static List<Map<TopicPartition, Long>> shares(Map<TopicPartition, Long> counts, int writers) {
        List<Map<TopicPartition, Long>> shares = new ArrayList<>();
        for (int writer = 0; writer < writers; writer++) {
            Map<TopicPartition, Long> share = new HashMap<>();
            for (Map.Entry<TopicPartition, Long> count : counts.entrySet()) {
                long part = count.getValue() / writers + (writer < count.getValue() % writers ? 1 : 0);
                if (part > 0) {
                    share.put(count.getKey(), part);
                }
            }
            shares.add(share);
        }
        return shares;
    }
}
