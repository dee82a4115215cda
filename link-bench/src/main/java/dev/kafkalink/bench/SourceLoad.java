package dev.kafkalink.bench;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/** Writes the benchmark's source data: lz4 batches of random keys and values, as issue 7 specifies. */
final class SourceLoad {

    static final int KEY_BYTES = 16;
    private static final Map<String, Object> PRODUCER = Map.of(
            "linger.ms", 20, "batch.size", 1 << 20, "compression.type", "lz4", "buffer.memory", 128L << 20);

    private SourceLoad() {
    }

    /** {@code records} records spread evenly over the partitions, each a random 16-byte key and a random value. */
    static void random(EmbeddedKafkaCluster cluster, List<TopicPartition> partitions, long records, int valueBytes) throws Exception {
        Random random = new Random(7);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = cluster.createProducer(PRODUCER)) {
            for (long i = 0; i < records && failure.get() == null; i++) {
                TopicPartition partition = partitions.get((int) (i % partitions.size()));
                producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), bytes(random, KEY_BYTES),
                        bytes(random, valueBytes)), (metadata, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Could not write the source data", failure.get());
        }
    }

    /**
     * Advances a partition by {@code count} offsets with empty records from two producers at once (only
     * the count matters), then deletes them: the partition's log then starts at its end, as a topic's
     * does after years of retention.
     */
    static void deepLogStart(EmbeddedKafkaCluster cluster, org.apache.kafka.clients.admin.Admin admin, TopicPartition partition,
                             long count) throws Exception {
        Map<String, Object> fast = Map.of("linger.ms", 50, "batch.size", 1 << 20, "compression.type", "zstd",
                "acks", "1", "enable.idempotence", false, "buffer.memory", 64L << 20);
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> writers = new java.util.ArrayList<>();
        for (int w = 0; w < 2; w++) {
            long share = count / 2 + (w == 0 ? count % 2 : 0);
            Thread writer = new Thread(() -> {
                try (KafkaProducer<byte[], byte[]> producer = cluster.createProducer(fast)) {
                    for (long i = 0; i < share && failure.get() == null; i++) {
                        producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), null, null), (m, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
                    }
                }
            }, "deep-log-writer-" + w);
            writer.start();
            writers.add(writer);
        }
        for (Thread writer : writers) {
            writer.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Could not advance " + partition, failure.get());
        }
        admin.deleteRecords(Map.of(partition, org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(count))).all().get();
    }

    static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * Writes to every partition at a steady rate in the background (CreateTime timestamps), until
     * closed: the load of the breadth and latency workloads.
     */
    static final class Steady implements AutoCloseable {
        private static final long TICK_NANOS = 10_000_000L;
        private final Thread thread;
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private volatile boolean closing;
        private volatile long sent;

        Steady(EmbeddedKafkaCluster cluster, List<TopicPartition> partitions, int perSecond, int valueBytes) {
            thread = new Thread(() -> run(cluster, partitions, perSecond, valueBytes), "steady-producer");
            thread.start();
        }

        private void run(EmbeddedKafkaCluster cluster, List<TopicPartition> partitions, int perSecond, int valueBytes) {
            Random random = new Random(11);
            byte[] value = bytes(random, valueBytes);
            try (KafkaProducer<byte[], byte[]> producer = cluster.createProducer(Map.of("linger.ms", 5, "compression.type", "lz4"))) {
                long started = System.nanoTime();
                long next = 0;
                while (!closing) {
                    long due = (System.nanoTime() - started) * perSecond / 1_000_000_000L;
                    for (; next < due; next++) {
                        TopicPartition partition = partitions.get((int) (next % partitions.size()));
                        producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), bytes(random, KEY_BYTES), value));
                    }
                    sent = next;
                    java.util.concurrent.locks.LockSupport.parkNanos(TICK_NANOS);
                }
            } catch (Exception e) {
                failure.set(e);
            }
        }

        long sent() {
            return sent;
        }

        @Override
        public void close() throws InterruptedException {
            closing = true;
            thread.join();
            if (failure.get() != null) {
                throw new IllegalStateException("The steady producer failed", failure.get());
            }
        }
    }
}
