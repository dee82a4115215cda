package dev.kafkalink.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * The soak's application: writes numbered records at a steady rate, round robin over the partitions,
 * until closed. Record {@code n} has the key {@code "key-n"}, a value that starts with {@code n} (8
 * bytes) and a header {@code n}, so that a difference names the records involved. The producer is the
 * client's default (idempotent, acks=all): it retries through broker restarts; a send that fails in the
 * end is counted, not retried (that record never reaches the source, so the mirror must not have it).
 */
final class SoakLoad implements AutoCloseable {

    private static final int VALUE_BYTES = 100;
    private static final long TICK_NANOS = 10_000_000L;

    private final Thread thread;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closing;

    SoakLoad(EmbeddedKafkaCluster cluster, String topic, int partitions, int perSecond) {
        thread = new Thread(() -> run(cluster, topic, partitions, perSecond), "soak-producer");
        thread.start();
    }

    private void run(EmbeddedKafkaCluster cluster, String topic, int partitions, int perSecond) {
        try (KafkaProducer<byte[], byte[]> producer = cluster.createProducer(Map.of("linger.ms", 5, "compression.type", "lz4",
                "delivery.timeout.ms", 300_000))) {
            long started = System.nanoTime();
            long next = 0;
            while (!closing) {
                long due = (System.nanoTime() - started) * perSecond / 1_000_000_000L;
                for (; next < due && !closing; next++) {
                    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, (int) (next % partitions),
                            ("key-" + next).getBytes(StandardCharsets.UTF_8), value(next));
                    record.headers().add("n", Long.toString(next).getBytes(StandardCharsets.UTF_8));
                    producer.send(record, (metadata, error) -> (error == null ? acknowledged : failed).incrementAndGet());
                }
                LockSupport.parkNanos(TICK_NANOS);
            }
        }
    }

    private static byte[] value(long number) {
        ByteBuffer value = ByteBuffer.allocate(VALUE_BYTES);
        value.putLong(number);
        while (value.hasRemaining()) {
            value.put((byte) ('a' + (number + value.position()) % 26));
        }
        return value.array();
    }

    /** The number a value of this load starts with (-1 for a value that is not one). */
    static long number(byte[] value) {
        return value == null || value.length < 8 ? -1 : ByteBuffer.wrap(value).getLong();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    long failed() {
        return failed.get();
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        thread.join();
    }
}
