package dev.kafkalink.it;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A first side-by-side throughput measurement, not part of CI (the name does not end in IT): the
 * same records through Kafka Link as the tuned example configures it, MirrorMaker 2 with its
 * documented minimal config, and a plain consumer-to-producer loop, in one JVM and one run.
 * Run: {@code mvn -pl packaging failsafe:integration-test -Dit.test=ThroughputComparison -Dit.quiet=false}.
 * The proper benchmark (repetitions, medians, more workloads) is issue 7.
 */
class ThroughputComparison {

    private static final int RECORDS = Integer.getInteger("bench.records", 1_000_000);
    private static final int VALUE_BYTES = Integer.getInteger("bench.value.bytes", 1024);
    private static final int PARTITIONS = 8;

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().build();

    @Test
    void compare() throws Exception {
        Topics.create(clusters.source(), "bench", PARTITIONS, Map.of());
        produce();
        report("kafka-link", measure("link.bench", this::startLink));
        report("mm2-defaults", measure("src.bench", this::startMirrorMaker));
        report("plain-loop", measure("plain.bench", this::runPlainLoop));
    }

    private record Result(double seconds, double cpuSeconds) {
    }

    private Result measure(String target, ThrowingRunnable start) throws Exception {
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        start.run();
        Waits.waitFor(() -> total(target) >= RECORDS, Duration.ofMinutes(10), () -> target + " did not receive every record");
        return new Result((System.nanoTime() - t0) / 1e9, (cpuNanos() - cpu0) / 1e9);
    }

    private void startLink() {
        Map<String, String> config = clusters.sourceLinkConfig("bench");
        config.put("mirror.topics", "bench");
        config.put("cluster.link.prefix", "link.");
        config.put("producer.override.linger.ms", "20");
        config.put("producer.override.batch.size", "1048576");
        config.put("producer.override.compression.type", "lz4");
        config.put("producer.override.max.request.size", "10485760");
        config.put("producer.override.buffer.memory", "134217728");
        clusters.connect().configureConnector("bench-link", config);
    }

    private void startMirrorMaker() {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "org.apache.kafka.connect.mirror.MirrorSourceConnector");
        config.put("tasks.max", "1");
        config.put("source.cluster.alias", "src");
        config.put("target.cluster.alias", "dst");
        config.put("source.cluster.bootstrap.servers", clusters.source().bootstrapServers());
        config.put("target.cluster.bootstrap.servers", clusters.destination().bootstrapServers());
        config.put("topics", "bench");
        config.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("replication.factor", "1");
        config.put("offset-syncs.topic.replication.factor", "1");
        config.put("sync.topic.acls.enabled", "false");
        clusters.connect().configureConnector("bench-mm2", config);
    }

    private void runPlainLoop() throws Exception {
        Topics.create(clusters.destination(), "plain.bench", PARTITIONS, Map.of());
        List<TopicPartition> partitions = new java.util.ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new TopicPartition("bench", p));
        }
        try (KafkaConsumer<byte[], byte[]> consumer = clusters.source().createConsumer(Map.of(
                "max.poll.records", 2000, "max.partition.fetch.bytes", 4 << 20, "fetch.max.bytes", 64 << 20));
             KafkaProducer<byte[], byte[]> producer = clusters.destination().createProducer(Map.of(
                     "linger.ms", 20, "batch.size", 1 << 20, "compression.type", "lz4", "acks", "all",
                     "enable.idempotence", true, "buffer.memory", 128L << 20))) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long copied = 0;
            while (copied < RECORDS) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    producer.send(new ProducerRecord<>("plain.bench", record.partition(), record.timestamp(), record.key(),
                            record.value(), record.headers()));
                    copied++;
                }
            }
            producer.flush();
        }
    }

    private void produce() throws Exception {
        Random random = new Random(1);
        try (KafkaProducer<byte[], byte[]> producer = clusters.source().createProducer(Map.of(
                "linger.ms", 20, "batch.size", 1 << 20, "compression.type", "lz4", "buffer.memory", 128L << 20))) {
            for (int i = 0; i < RECORDS; i++) {
                byte[] key = new byte[16];
                byte[] value = new byte[VALUE_BYTES];
                random.nextBytes(key);
                random.nextBytes(value);
                producer.send(new ProducerRecord<>("bench", i % PARTITIONS, key, value));
            }
        }
    }

    private static long total(String topic) throws Exception {
        return Topics.endOffsets(clusters.destination(), topic, PARTITIONS).values().stream().mapToLong(Long::longValue).sum();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void report(String name, Result result) {
        System.out.printf("[bench] %-14s %8.1f s %10.0f records/s %8.1f MB/s %8.1f CPU-s per million records%n", name,
                result.seconds(), RECORDS / result.seconds(), RECORDS * (VALUE_BYTES + 16.0) / result.seconds() / 1e6,
                result.cpuSeconds() / (RECORDS / 1e6));
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
