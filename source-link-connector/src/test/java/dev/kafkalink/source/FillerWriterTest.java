package dev.kafkalink.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class FillerWriterTest {

    private static final TopicPartition A = new TopicPartition("orders", 0);
    private static final TopicPartition B = new TopicPartition("orders", 1);

    @Test
    void sharesAddUpToEveryPartitionsCountAndDifferByAtMostOne() {
        Map<TopicPartition, Long> counts = Map.of(A, 50_000_001L, B, 3L);
        List<Map<TopicPartition, Long>> shares = FillerWriter.shares(counts, 2);
        assertEquals(2, shares.size());
        for (TopicPartition partition : counts.keySet()) {
            long sum = shares.stream().mapToLong(share -> share.getOrDefault(partition, 0L)).sum();
            assertEquals(counts.get(partition), sum, "fillers for " + partition);
            long difference = Math.abs(shares.get(0).getOrDefault(partition, 0L) - shares.get(1).getOrDefault(partition, 0L));
            assertTrue(difference <= 1, "uneven shares for " + partition);
        }
    }

    @Test
    void aWriterWithNothingToWriteForAPartitionLeavesItOut() {
        List<Map<TopicPartition, Long>> shares = FillerWriter.shares(Map.of(A, 1L), 2);
        assertEquals(Map.of(A, 1L), shares.get(0));
        assertEquals(Map.of(), shares.get(1));
    }

    @Test
    void aSmallJobGetsOneProducerAndALargeOneSeveral() {
        assertEquals(1, FillerWriter.writersFor(Map.of(A, 250L)));
        assertEquals(1, FillerWriter.writersFor(Map.of(A, 999_999L)));
        assertEquals(FillerWriter.MAX_WRITERS, FillerWriter.writersFor(Map.of(A, 50_000_000L)));
    }
}
