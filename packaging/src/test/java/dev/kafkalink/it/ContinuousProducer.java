package dev.kafkalink.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * Produces numbered records ({@code k<i>}, {@code v<i>}) into a topic on its own thread until stopped, at
 * about {@link #RECORDS_PER_SECOND} (unpaced, a producer writes over 100,000 small records a second here,
 * more than a mirror on the shared machine can follow for minutes).
 * Its producer is idempotent and retries for up to ten minutes, so that it rides out a broker outage
 * the way an application does: records wait in its buffer and arrive, each once, when the broker is back.
 * {@link #close()} gives the records still buffered {@link #CLOSE_WAIT} to arrive (plenty once the
 * clusters are healthy again), then aborts them and fails: a test that fails while a broker is away
 * ends in minutes, not after the ten-minute delivery timeout.
 */
final class ContinuousProducer implements AutoCloseable {

    static final int RECORDS_PER_SECOND = 1_000;
    private static final int BATCH = 100;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

    private static final Map<String, Object> SETTINGS = Map.of(
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000,
            ProducerConfig.MAX_BLOCK_MS_CONFIG, 600_000);

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile KafkaProducer<byte[], byte[]> producer;

    ContinuousProducer(EmbeddedKafkaCluster cluster, String topic, int partitions) {
        thread = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> producer = cluster.createProducer(SETTINGS)) {
                this.producer = producer;
                long startedNanos = System.nanoTime();
                for (long i = 0; running.get(); i++) {
                    producer.send(new ProducerRecord<>(topic, (int) (i % partitions), bytes("k" + i), bytes("v" + i)),
                            (metadata, error) -> {
                                if (error != null) {
                                    failure.compareAndSet(null, error);
                                } else {
                                    acknowledged.incrementAndGet();
                                }
                            });
                    sent.incrementAndGet();
                    if (i % BATCH == BATCH - 1) {
                        // Waits while the broker is away: the records of a batch wait in the buffer, then arrive.
                        producer.flush();
                        long dueNanos = startedNanos + (i + 1) * 1_000_000_000L / RECORDS_PER_SECOND;
                        LockSupport.parkNanos(dueNanos - System.nanoTime());
                    }
                }
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }, "continuous-producer-" + topic);
        thread.start();
    }

    long sent() {
        return sent.get();
    }

    /** Records the source cluster acknowledged; after {@link #close()}, every record sent. */
    long acknowledged() {
        return acknowledged.get();
    }

    @Override
    public void close() throws Exception {
        running.set(false);
        thread.join(CLOSE_WAIT.toMillis());
        if (thread.isAlive()) {
            // Fails the records still waiting, which ends the flush the thread waits in.
            KafkaProducer<byte[], byte[]> open = producer;
            if (open != null) {
                open.close(Duration.ZERO);
            }
            thread.join();
            throw new IllegalStateException((sent.get() - acknowledged.get()) + " records were not acknowledged within "
                    + CLOSE_WAIT + " of closing (aborted)", failure.get());
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
