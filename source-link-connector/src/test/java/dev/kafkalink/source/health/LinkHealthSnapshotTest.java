package dev.kafkalink.source.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import dev.kafkalink.common.state.MirrorState;

import org.junit.jupiter.api.Test;

class LinkHealthSnapshotTest {

    private static final long NOW = 1_000_000;

    @Test
    void countsEveryStateAndAggregatesLagAndSecondsBehindOverTopics() {
        TopicHealth orders = new TopicHealth("orders", MirrorState.ACTIVE, 1, null, List.of(
                new PartitionHealth(0, 100, 90, 10, NOW - 30_000), new PartitionHealth(1, 50, 50, 0, -1)));
        TopicHealth payments = new TopicHealth("payments", MirrorState.PAUSED, 1, null, List.of(
                new PartitionHealth(0, 500, 475, 25, NOW - 4_500)));
        TopicHealth gone = new TopicHealth("gone", MirrorState.FAILED, 1, "source topic recreated", List.of());
        LinkHealthSnapshot snapshot = new LinkHealthSnapshot(NOW, Map.of("orders", orders, "payments", payments, "gone", gone));

        assertEquals(Map.of(MirrorState.ACTIVE, 1L, MirrorState.PAUSED, 1L, MirrorState.PENDING_STOPPED, 0L,
                MirrorState.STOPPED, 0L, MirrorState.FAILED, 1L, MirrorState.SOURCE_UNAVAILABLE, 0L), snapshot.topicsByState());
        assertEquals(35, snapshot.totalLag());
        assertEquals(25, snapshot.maxPartitionLag());
        assertEquals(30, snapshot.secondsBehind(NOW), "the oldest unmirrored record of the link");
        assertEquals(10, orders.totalLag());
        assertEquals(4, payments.secondsBehind(NOW));
        assertEquals(0, gone.secondsBehind(NOW));
    }

    @Test
    void aCaughtUpPartitionIsNotBehindWhateverTheClock() {
        assertEquals(0, new PartitionHealth(0, 10, 10, 0, -1).secondsBehind(NOW));
        assertEquals(0, new PartitionHealth(0, 10, 9, 1, NOW + 5_000).secondsBehind(NOW), "a source clock ahead of ours");
    }
}
