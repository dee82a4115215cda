package dev.kafkalink.it;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/** Records the tests write to source topics. */
final class SourceData {

    private SourceData() {
    }

    /** {@code records} numbered records, spread round robin over the partitions, each acknowledged. */
    static void produceNumbered(EmbeddedKafkaCluster cluster, String topic, int partitions, int records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = cluster.createProducer(Map.of())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, bytes("k" + i), bytes(topic + "-" + i))).get();
            }
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
