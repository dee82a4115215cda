package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.RecordComparison;
import dev.kafkalink.testkit.TopicReader;
import dev.kafkalink.testkit.Topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's demo ({@code bin/kafka-link-demo}): two embedded clusters, a Connect cluster loaded
 * from the plugin archive, one link submitted as JSON through the REST API, and a record-by-record
 * comparison of source and mirror, printed for a person to read.
 */
class DemoIT {

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().build();

    @Test
    void demo() throws Exception {
        say("Source cluster %s, destination cluster %s, Connect REST %s", clusters.source().bootstrapServers(),
                clusters.destination().bootstrapServers(), clusters.connect().endpointForResource(""));
        Topics.create(clusters.source(), "orders", 3, Map.of());
        try (KafkaProducer<byte[], byte[]> producer = clusters.source().createProducer(Map.of())) {
            for (int i = 0; i < 30_000; i++) {
                producer.send(new ProducerRecord<>("orders", i % 3, bytes("customer-" + (i % 101)), bytes("order " + i)));
            }
        }
        try (Admin admin = clusters.source().createAdminClient()) {
            admin.deleteRecords(Map.of(new TopicPartition("orders", 1), RecordsToDelete.beforeOffset(4_000))).all().get();
        }
        say("Produced 30,000 records to 'orders' (3 partitions) and deleted the first 4,000 of partition 1 (retention)");

        Map<String, String> config = clusters.sourceLinkConfig("demo");
        config.put("mirror.topics", "orders");
        config.put("tasks.max", "2");
        clusters.connect().configureConnector("demo-link", config);
        say("Submitted connector 'demo-link' (SourceLinkConnector) to the Connect REST API");

        MirrorAssertions.awaitMirrored(clusters, "orders", "orders");
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> source = TopicReader.readAll(clusters.source().bootstrapServers(), "orders");
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> mirror = TopicReader.readAll(clusters.destination().bootstrapServers(), "orders");
        say("%-10s %14s %14s %14s %14s", "partition", "source first", "mirror first", "source end", "mirror end");
        for (int p : source.keySet()) {
            List<ConsumerRecord<byte[], byte[]>> s = source.get(p);
            List<ConsumerRecord<byte[], byte[]>> m = mirror.get(p);
            say("%-10d %14d %14d %14d %14d", p, s.get(0).offset(), m.get(0).offset(), s.get(s.size() - 1).offset() + 1,
                    m.get(m.size() - 1).offset() + 1);
        }
        List<String> differences = RecordComparison.aligned(source, mirror);
        say("Compared %d records (partition, offset, key, value, headers, timestamp): %d differences",
                TopicReader.count(source), differences.size());
        say("Connector state: %s", clusters.connect().connectorStatus("demo-link").connector().state());
        assertEquals(List.of(), differences);
    }

    private static void say(String format, Object... args) {
        System.out.println("[kafka-link demo] " + String.format(format, args)); // the demo's own output, for a person
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
