package dev.kafkalink.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.kafkalink.testkit.Topics;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The reference: one thread that polls a consumer and hands every record to a producer, with the
 * client settings Kafka Link runs with (its consumer defaults, its example's producer overrides).
 * Nothing else: no framework, no offsets, no checks. It is what the machine can do.
 */
final class PlainLoopContender implements Contender {

    /** Kafka Link's own consumer defaults (SourceReader), given to the loop and to MirrorMaker 2 tuned. */
    static final Map<String, Object> CONSUMER = Map.of(
            "max.poll.records", 2000,
            "max.partition.fetch.bytes", 4 << 20,
            "fetch.max.bytes", 64 << 20,
            "receive.buffer.bytes", 1 << 20);

    /**
     * The tuned producer of MirrorMaker 2 tuned and the loop: what Kafka Link's tuned example set as
     * producer.override.* before the link wrote with its own producer (now its defaults).
     */
    static final Map<String, String> PRODUCER = Map.of(
            "enable.idempotence", "true",
            "acks", "all",
            "delivery.timeout.ms", String.valueOf(Integer.MAX_VALUE),
            "max.in.flight.requests.per.connection", "5",
            "linger.ms", "20",
            "batch.size", "1048576",
            "compression.type", "lz4",
            "max.request.size", "10485760",
            "buffer.memory", "33554432");

    private final BenchClusters clusters;
    private final String run;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean stopping;
    private Thread loop;

    PlainLoopContender(BenchClusters clusters, String run) {
        this.clusters = clusters;
        this.run = run;
    }

    @Override
    public String name() {
        return "plain-loop";
    }

    @Override
    public String settings() {
        return "one thread: consumer " + CONSUMER + ", producer " + PRODUCER;
    }

    @Override
    public void start(TopicSelection selection) throws Exception {
        List<NewTopic> copies = selection.topicNames().stream()
                .map(topic -> new NewTopic(destinationTopic(topic), selection.partitionsPerTopic(), (short) 1)).toList();
        clusters.destinationAdmin().createTopics(copies).all().get();
        for (NewTopic copy : copies) {
            Topics.awaitReady(clusters.destinationCluster(), copy.name(), copy.numPartitions());
        }
        List<TopicPartition> partitions = selection.partitions();
        loop = new Thread(() -> copy(partitions), loopName());
        loop.start();
    }

    private void copy(List<TopicPartition> partitions) {
        Map<String, Object> producerSettings = new HashMap<>(PRODUCER);
        producerSettings.put("client.id", loopName() + "-producer");
        try (KafkaConsumer<byte[], byte[]> consumer = clusters.sourceCluster().createConsumer(new HashMap<>(CONSUMER));
             KafkaProducer<byte[], byte[]> producer = clusters.destinationCluster().createProducer(producerSettings)) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    producer.send(new ProducerRecord<>(destinationTopic(record.topic()), record.partition(), record.timestamp(),
                            record.key(), record.value(), record.headers()));
                }
            }
        } catch (Exception e) {
            failure.set(e);
        }
    }

    private String loopName() {
        return "plain-loop-" + run;
    }

    @Override
    public boolean ownsThread(String threadName) {
        return Contenders.names(threadName, loopName());
    }

    @Override
    public String run() {
        return run;
    }

    @Override
    public void stop() throws Exception {
        stopping = true;
        loop.join(Duration.ofMinutes(1).toMillis());
        if (failure.get() != null) {
            throw new IllegalStateException("The plain loop failed", failure.get());
        }
        clusters.deleteCopies(run);
    }
}
