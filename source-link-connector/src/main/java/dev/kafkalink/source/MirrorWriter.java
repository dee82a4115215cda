package dev.kafkalink.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.kafkalink.common.clients.KafkaClients;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;

/**
 * Writes a task's mirror records to the destination with the link's own idempotent producer
 * ({@link MirrorProducerSettings}): Connect's producer writes nothing, so neither the worker's producer
 * defaults nor its override policy decide how safe or fast the link is.
 *
 * <p>Each record carries the destination offset the task predicted for it; the producer's thread
 * reports where it really landed to its {@link PartitionProgress}, and a record that landed elsewhere
 * is queued as {@link Misplaced} for the task to handle on its own thread. The bytes in flight stay
 * under half of {@code buffer.memory}: a slow destination slows reading ({@link #hasRoom}) instead of
 * filling the heap, and a send never waits for memory.
 *
 * <p>Mirror topics whose {@code compression.type} names a codec get a producer of that codec, so that the
 * destination broker does not compress the batches again; the others share one producer (lz4 unless the
 * user chose another).
 */
final class MirrorWriter implements AutoCloseable {

    /** How long a stopping task lets its records in flight land before it drops them. */
    static final Duration FLUSH_ON_STOP = Duration.ofSeconds(3);
    /** The fixed cost of a record in a batch, besides its key, value and headers: what in-flight bytes count. */
    private static final int RECORD_OVERHEAD_BYTES = 24;

    /** A record that landed at {@code actual} instead of the predicted {@code expected}. */
    record Misplaced(PartitionProgress partition, long sourceOffset, long expected, long actual) {
    }

    /** The first record the destination refused (not retriable, or the producer can go on no more). */
    record Refused(PartitionProgress partition, long sourceOffset, Exception error) {
    }

    private final Map<String, Object> settings;
    private final String clientId;
    private final Map<String, String> compressionByTopic;
    private final String defaultCompression;
    private final Map<String, KafkaProducer<byte[], byte[]>> producers = new ConcurrentHashMap<>();
    private final long roomBytes;
    private final Queue<Misplaced> misplaced = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Refused> refused = new AtomicReference<>();
    private final AtomicLong bytesInFlight = new AtomicLong();
    private final AtomicLong recordsWritten = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean closing;
    /** The thread inside {@link #send}, and what the producer refused there at once. */
    private Thread sender;
    private RuntimeException refusedAtOnce;

    /**
     * @param compressionByTopic the producer compression of each mirror topic that needs its own; others
     *                           get the compression of {@code settings}
     */
    MirrorWriter(Map<String, Object> settings, Map<String, String> compressionByTopic, String clientId) {
        this.settings = settings;
        this.clientId = clientId;
        this.compressionByTopic = compressionByTopic;
        this.defaultCompression = String.valueOf(settings.get(ProducerConfig.COMPRESSION_TYPE_CONFIG));
        this.roomBytes = Long.parseLong(settings.get(ProducerConfig.BUFFER_MEMORY_CONFIG).toString()) / 2;
    }

    /**
     * Fetches the metadata of the mirror topics, so that a send does not wait for it (a send that waits
     * holds up the poll that Connect needs back to stop the task).
     */
    void prepare(Collection<String> mirrorTopics) {
        mirrorTopics.forEach(topic -> producerFor(topic).partitionsFor(topic));
    }

    /** True while the records in flight leave room for another poll's worth. */
    boolean hasRoom() {
        return bytesInFlight.get() < roomBytes;
    }

    /** Waits up to {@code maxMs} for room; true once there is. */
    boolean awaitRoom(long maxMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + maxMs;
        while (!hasRoom() && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        return hasRoom();
    }

    /**
     * Sends one source record to its mirror partition, where the task predicts it lands at
     * {@code expected}. Throws when the producer refuses it at once (metadata not there in time, a record
     * larger than it may send, a closed producer): nothing of it is then in flight.
     */
    void send(PartitionProgress partition, ConsumerRecord<byte[], byte[]> record, long expected) {
        int bytes = sizeOf(record);
        long sourceOffset = record.offset();
        long timestamp = record.timestamp();
        ProducerRecord<byte[], byte[]> mirrored = new ProducerRecord<>(partition.mirror.topic(), partition.mirror.partition(),
                timestamp < 0 ? null : timestamp, record.key(), record.value(), record.headers());
        bytesInFlight.addAndGet(bytes);
        sender = Thread.currentThread();
        refusedAtOnce = null;
        try {
            producerFor(partition.mirror.topic()).send(mirrored, (metadata, error) ->
                    landed(partition, sourceOffset, expected, timestamp, bytes, metadata, error));
        } catch (RuntimeException e) {
            refusedAtOnce = e;
        } finally {
            sender = null;
        }
        if (refusedAtOnce != null) {
            bytesInFlight.addAndGet(-bytes);
            throw refusedAtOnce;
        }
    }

    /**
     * On the producer's thread, or on the sending thread itself when the producer refuses a record before
     * it is in flight (it reports such refusals to the callback, not as an exception): {@link #send} throws those.
     */
    private void landed(PartitionProgress partition, long sourceOffset, long expected, long timestamp, int bytes,
                        RecordMetadata metadata, Exception error) {
        if (error != null && Thread.currentThread() == sender) {
            refusedAtOnce = error instanceof RuntimeException runtime ? runtime : new KafkaException(error);
            return;
        }
        bytesInFlight.addAndGet(-bytes);
        if (error != null) {
            partition.dropped();
            if (!closing) {
                errors.incrementAndGet();
                refused.compareAndSet(null, new Refused(partition, sourceOffset, error));
            }
            return;
        }
        recordsWritten.incrementAndGet();
        bytesWritten.addAndGet(bytes);
        partition.committed(System.currentTimeMillis(), timestamp);
        if (metadata.offset() != expected) {
            misplaced.add(new Misplaced(partition, sourceOffset, expected, metadata.offset()));
        }
    }

    /** The records that landed elsewhere than predicted since the last call. */
    List<Misplaced> takeMisplaced() {
        List<Misplaced> taken = new ArrayList<>();
        for (Misplaced record; (record = misplaced.poll()) != null; ) {
            taken.add(record);
        }
        return taken;
    }

    /** The first record the destination refused, if any. */
    Refused refused() {
        return refused.get();
    }

    long recordsWritten() {
        return recordsWritten.get();
    }

    long bytesWritten() {
        return bytesWritten.get();
    }

    long errors() {
        return errors.get();
    }

    long bytesInFlight() {
        return bytesInFlight.get();
    }

    /** The largest value of a producer metric ({@code producer-metrics} group) over the writer's producers; -1 if none. */
    long producerMetric(String name) {
        double largest = -1;
        for (KafkaProducer<byte[], byte[]> producer : producers.values()) {
            for (Map.Entry<MetricName, ? extends Metric> metric : producer.metrics().entrySet()) {
                if (metric.getKey().name().equals(name) && metric.getKey().group().equals("producer-metrics")
                        && metric.getValue().metricValue() instanceof Double value && !value.isNaN()) {
                    largest = Math.max(largest, value);
                }
            }
        }
        return Math.round(largest);
    }

    private KafkaProducer<byte[], byte[]> producerFor(String topic) {
        String compression = compressionByTopic.getOrDefault(topic, defaultCompression);
        return producers.computeIfAbsent(compression, codec -> {
            Map<String, Object> codecSettings = new HashMap<>(settings);
            codecSettings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
            return KafkaClients.producer(Map.of(), codecSettings, Map.of(), clientId + "-writer-" + codec);
        });
    }

    private static int sizeOf(ConsumerRecord<byte[], byte[]> record) {
        int bytes = RECORD_OVERHEAD_BYTES + Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
        for (Header header : record.headers()) {
            bytes += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return bytes;
    }

    /**
     * Lets the records in flight land for up to {@link #FLUSH_ON_STOP}, then drops the rest: a task that
     * was told to stop writes nothing more, and the next one resumes from what the destination holds.
     */
    @Override
    public void close() {
        closing = true;
        long deadline = System.currentTimeMillis() + FLUSH_ON_STOP.toMillis();
        for (KafkaProducer<byte[], byte[]> producer : producers.values()) {
            long left = Math.max(0, deadline - System.currentTimeMillis());
            Utils.closeQuietly(() -> producer.close(Duration.ofMillis(left)), "mirror writer");
        }
        producers.clear();
    }
}
