package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.TopicReader;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How long a new mirror of a partition whose log starts at S takes to be aligned, not part of CI:
 * {@code mvn -pl packaging failsafe:integration-test -Dit.test=AlignmentCost -Dit.quiet=false -Dalign.start=20000000}.
 */
class AlignmentCost {

    private static final long START = Long.getLong("align.start", 20_000_000L);

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().build();

    @Test
    void alignsAnEmptyMirrorPartitionToAHighLogStart() throws Exception {
        Topics.create(clusters.source(), "deep", 1, Map.of());
        TopicPartition partition = new TopicPartition("deep", 0);
        try (KafkaProducer<byte[], byte[]> producer = clusters.source().createProducer(Map.of(
                "linger.ms", 50, "batch.size", 1 << 20, "compression.type", "zstd"))) {
            for (long i = 0; i < START; i++) {
                producer.send(new ProducerRecord<>("deep", 0, new byte[0], null));
            }
            producer.send(new ProducerRecord<>("deep", 0, "first".getBytes(), "kept".getBytes()));
        }
        try (Admin admin = clusters.source().createAdminClient()) {
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(START))).all().get();
        }
        Map<String, String> config = clusters.sourceLinkConfig("deep");
        config.put("mirror.topics", "deep");
        long t0 = System.nanoTime();
        clusters.connect().configureConnector("deep", config);
        Waits.waitFor(() -> TopicReader.count(TopicReader.readAll(clusters.destination().bootstrapServers(), "deep")) == 1,
                Duration.ofMinutes(10), () -> "the mirror did not get its record");
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<ConsumerRecord<byte[], byte[]>> mirror = TopicReader.readAll(clusters.destination().bootstrapServers(), "deep").get(0);
        assertEquals(START, mirror.get(0).offset());
        try (Admin admin = clusters.destination().createAdminClient()) {
            assertEquals(START, admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).all().get().get(partition).offset());
        }
        System.out.printf("[align] mirror of a partition starting at %,d aligned and first record at %,d after %.1f s "
                + "(connector creation to record readable)%n", START, mirror.get(0).offset(), seconds);
    }
}
