package dev.kafkalink.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionAssignerTest {

    private static List<TopicPartition> partitions(String topic, int count) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        return partitions;
    }

    @Test
    void spreadsPartitionsEvenlyOverTasks() {
        List<TopicPartition> all = new ArrayList<>(partitions("a", 7));
        all.addAll(partitions("b", 10));
        List<List<TopicPartition>> plan = PartitionAssigner.assign(all, 4);
        assertEquals(4, plan.size());
        int min = plan.stream().mapToInt(List::size).min().orElseThrow();
        int max = plan.stream().mapToInt(List::size).max().orElseThrow();
        assertTrue(max - min <= 1, plan.toString());
        assertEquals(new HashSet<>(all), plan.stream().flatMap(List::stream).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void samePartitionsInAnyOrderGiveTheSamePlan() {
        List<TopicPartition> all = new ArrayList<>(partitions("orders", 12));
        List<List<TopicPartition>> first = PartitionAssigner.assign(all, 5);
        Collections.shuffle(all, new java.util.Random(7));
        assertEquals(first, PartitionAssigner.assign(all, 5));
    }

    @Test
    void neverMoreTasksThanPartitionsAndNoneForNothing() {
        assertEquals(2, PartitionAssigner.assign(partitions("x", 2), 8).size());
        assertEquals(List.of(), PartitionAssigner.assign(List.of(), 8));
    }

    @Test
    void taskConfigEncodingRoundTrips() {
        List<TopicPartition> share = List.of(new TopicPartition("fleet.trucks-1_x", 3), new TopicPartition("a", 0));
        assertEquals(share, PartitionAssigner.decode(PartitionAssigner.encode(share)));
        assertEquals(List.of(), PartitionAssigner.decode(""));
    }
}
