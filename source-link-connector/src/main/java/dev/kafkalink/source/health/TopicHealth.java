package dev.kafkalink.source.health;

import java.util.List;

import dev.kafkalink.common.state.MirrorState;

/**
 * One mirror topic as the link-level check saw it: its state from the state topic (since when and why)
 * and, for a mirror still linked to its source, the lag of each partition.
 */
public record TopicHealth(String mirror, MirrorState state, long stateSinceMs, String reason, List<PartitionHealth> partitions) {

    public long totalLag() {
        return partitions.stream().mapToLong(PartitionHealth::lag).sum();
    }

    public long maxPartitionLag() {
        return partitions.stream().mapToLong(PartitionHealth::lag).max().orElse(0);
    }

    public long secondsBehind(long nowMs) {
        return partitions.stream().mapToLong(partition -> partition.secondsBehind(nowMs)).max().orElse(0);
    }
}
