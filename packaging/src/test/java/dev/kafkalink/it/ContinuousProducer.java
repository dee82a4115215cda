package dev.kafkalink.it;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/** Produces numbered records into a topic on its own thread until stopped. */
final class ContinuousProducer implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;

    ContinuousProducer(EmbeddedKafkaCluster cluster, String topic, int partitions) {
        thread = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> producer = cluster.createProducer(Map.of("linger.ms", 5))) {
                for (long i = 0; running.get(); i++) {
                    producer.send(new ProducerRecord<>(topic, (int) (i % partitions), bytes("k" + i), bytes("v" + i)),
                            (metadata, error) -> {
                                if (error != null) {
                                    failure.compareAndSet(null, error);
                                }
                            });
                    sent.incrementAndGet();
                    if (i % 200 == 0) {
                        producer.flush(); // keeps the rate modest on a shared 2-core machine
                    }
                }
            }
        }, "continuous-producer-" + topic);
        thread.start();
    }

    long sent() {
        return sent.get();
    }

    @Override
    public void close() throws Exception {
        running.set(false);
        thread.join();
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
