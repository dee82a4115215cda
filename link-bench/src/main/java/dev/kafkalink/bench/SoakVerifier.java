package dev.kafkalink.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * Follows the source topic and its mirror with one consumer each, in one thread, and compares every
 * mirror record with the source record at the same partition and offset as soon as both have arrived:
 * key, value, headers, timestamp and its type. A mirror record that holds an earlier source record again
 * (its number, {@link SoakLoad}, is lower than the source's at that offset) is a duplicate, a mirror
 * offset skipped is missing, any other difference is a mismatch. It also takes, for every mirror record,
 * its end-to-end latency: arrival here minus the source timestamp (the producer's send time); and the
 * same for every source record, which tells the application's own delays (a producer retrying through a
 * source broker restart) from the link's.
 */
final class SoakVerifier implements AutoCloseable {

    /** What the verifier has seen so far, and the latencies since the previous snapshot. */
    record Snapshot(long compared, long duplicates, long missing, long mismatched, long lag, long sourceRead,
                    long[] latenciesMs, long[] sourceLatenciesMs, List<String> firstDifferences) {
        long differences() {
            return duplicates + missing + mismatched;
        }
    }

    private static final int DIFFERENCES_KEPT = 20;

    private final Thread thread;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean closing;

    // Owned by the verifier's thread; snapshots read them under the lock.
    private final Map<Integer, Map<Long, ConsumerRecord<byte[], byte[]>>> sourcePending = new HashMap<>();
    private final Map<Integer, Map<Long, ConsumerRecord<byte[], byte[]>>> mirrorPending = new HashMap<>();
    private final Map<Integer, Long> sourceNext = new HashMap<>();
    private final Map<Integer, Long> mirrorNext = new HashMap<>();
    private final List<String> firstDifferences = new ArrayList<>();
    private long compared;
    private long duplicates;
    private long missing;
    private long mismatched;
    private long sourceRead;
    private final Latencies latencies = new Latencies();
    private final Latencies sourceLatencies = new Latencies();

    SoakVerifier(EmbeddedKafkaCluster source, String sourceTopic, EmbeddedKafkaCluster destination, String mirrorTopic,
                 int partitions) {
        thread = new Thread(() -> run(source, sourceTopic, destination, mirrorTopic, partitions), "soak-verifier");
        thread.start();
    }

    private void run(EmbeddedKafkaCluster source, String sourceTopic, EmbeddedKafkaCluster destination, String mirrorTopic,
                     int partitions) {
        Map<String, Object> settings = Map.of("max.poll.records", 5000, "isolation.level", "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> sourceConsumer = source.createConsumer(settings);
             KafkaConsumer<byte[], byte[]> mirrorConsumer = destination.createConsumer(settings)) {
            List<TopicPartition> sourcePartitions = BenchClusters.partitions(sourceTopic, partitions);
            List<TopicPartition> mirrorPartitions = BenchClusters.partitions(mirrorTopic, partitions);
            sourceConsumer.assign(sourcePartitions);
            sourceConsumer.seekToBeginning(sourcePartitions);
            mirrorConsumer.assign(mirrorPartitions);
            mirrorConsumer.seekToBeginning(mirrorPartitions);
            for (int p = 0; p < partitions; p++) {
                sourcePending.put(p, new HashMap<>());
                mirrorPending.put(p, new HashMap<>());
                sourceNext.put(p, 0L);
                mirrorNext.put(p, 0L);
            }
            while (!closing) {
                var fromSource = sourceConsumer.poll(Duration.ofMillis(100));
                long arrivedInSource = System.currentTimeMillis();
                var fromMirror = mirrorConsumer.poll(Duration.ofMillis(100));
                long arrived = System.currentTimeMillis();
                synchronized (this) {
                    for (ConsumerRecord<byte[], byte[]> record : fromSource) {
                        sourceRead++;
                        sourceLatencies.add(arrivedInSource - record.timestamp());
                        sourceNext.put(record.partition(), record.offset() + 1);
                        ConsumerRecord<byte[], byte[]> mirrored = mirrorPending.get(record.partition()).remove(record.offset());
                        if (mirrored == null) {
                            sourcePending.get(record.partition()).put(record.offset(), record);
                        } else {
                            compare(record, mirrored);
                        }
                    }
                    for (ConsumerRecord<byte[], byte[]> record : fromMirror) {
                        arrivedInMirror(record, arrived);
                    }
                }
            }
        } catch (Exception e) {
            failure.set(e);
        }
    }

    private void arrivedInMirror(ConsumerRecord<byte[], byte[]> record, long arrived) {
        long expected = mirrorNext.get(record.partition());
        if (record.offset() > expected) {
            missing += record.offset() - expected;
            difference("partition %d: mirror offsets %d to %d skipped", record.partition(), expected, record.offset() - 1);
        }
        mirrorNext.put(record.partition(), record.offset() + 1);
        latencies.add(arrived - record.timestamp());
        ConsumerRecord<byte[], byte[]> original = sourcePending.get(record.partition()).remove(record.offset());
        if (original == null) {
            mirrorPending.get(record.partition()).put(record.offset(), record);
        } else {
            compare(original, record);
        }
    }

    private void compare(ConsumerRecord<byte[], byte[]> original, ConsumerRecord<byte[], byte[]> mirrored) {
        compared++;
        if (Arrays.equals(original.key(), mirrored.key()) && Arrays.equals(original.value(), mirrored.value())
                && original.timestamp() == mirrored.timestamp() && original.timestampType() == mirrored.timestampType()
                && headers(original).equals(headers(mirrored))) {
            return;
        }
        if (SoakLoad.number(mirrored.value()) < SoakLoad.number(original.value())) {
            duplicates++;
            difference("partition %d offset %d: the mirror holds record %d again (source: %d)", original.partition(),
                    original.offset(), SoakLoad.number(mirrored.value()), SoakLoad.number(original.value()));
        } else {
            mismatched++;
            difference("partition %d offset %d: mirror record %d, timestamp %d differs from source record %d, timestamp %d",
                    original.partition(), original.offset(), SoakLoad.number(mirrored.value()), mirrored.timestamp(),
                    SoakLoad.number(original.value()), original.timestamp());
        }
    }

    private static List<String> headers(ConsumerRecord<byte[], byte[]> record) {
        List<String> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(header.key() + "=" + (header.value() == null ? "null"
                    : new String(header.value(), StandardCharsets.ISO_8859_1)));
        }
        return headers;
    }

    private void difference(String format, Object... args) {
        if (firstDifferences.size() < DIFFERENCES_KEPT) {
            firstDifferences.add(String.format(format, args));
        }
    }

    /** Latencies since the last snapshot. */
    private static final class Latencies {
        private long[] values = new long[1024];
        private int count;

        void add(long ms) {
            if (count == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[count++] = ms;
        }

        long[] take() {
            long[] taken = Arrays.copyOf(values, count);
            count = 0;
            if (values.length > 1 << 16) {
                values = new long[1024];
            }
            return taken;
        }
    }

    /** The counts so far, and the latencies since the previous call (which it forgets). */
    synchronized Snapshot snapshot() {
        long lag = 0;
        for (Map.Entry<Integer, Long> source : sourceNext.entrySet()) {
            lag += Math.max(0, source.getValue() - mirrorNext.get(source.getKey()));
        }
        return new Snapshot(compared, duplicates, missing, mismatched, lag, sourceRead, latencies.take(), sourceLatencies.take(),
                List.copyOf(firstDifferences));
    }

    /**
     * Source records that the mirror does not hold at the end: those read from the source below the
     * mirror's end in each partition were counted as skipped already; those above it are missing now.
     */
    synchronized long notYetMirrored() {
        long count = 0;
        for (Map.Entry<Integer, Map<Long, ConsumerRecord<byte[], byte[]>>> partition : sourcePending.entrySet()) {
            long mirrorEnd = mirrorNext.get(partition.getKey());
            count += partition.getValue().keySet().stream().filter(offset -> offset >= mirrorEnd).count();
        }
        return count;
    }

    /** Mirror records whose source record the verifier has not read (a mirror ahead of its source would be one). */
    synchronized long unmatchedInMirror() {
        return mirrorPending.values().stream().mapToLong(Map::size).sum();
    }

    void check() {
        if (failure.get() != null) {
            throw new IllegalStateException("The verifier failed", failure.get());
        }
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        thread.join();
        check();
    }
}
