package dev.kafkalink.source.health;

import java.util.EnumMap;
import java.util.Map;

import dev.kafkalink.common.state.MirrorState;

/** Every mirror topic of the link at one check, and what the link-level gauges show of them. */
public record LinkHealthSnapshot(long takenMs, Map<String, TopicHealth> topics) {

    public static final LinkHealthSnapshot NONE = new LinkHealthSnapshot(-1, Map.of());

    /** Mirror topics in each state, every state present (0 when none). */
    public Map<MirrorState, Long> topicsByState() {
        Map<MirrorState, Long> counts = new EnumMap<>(MirrorState.class);
        for (MirrorState state : MirrorState.values()) {
            counts.put(state, 0L);
        }
        topics.values().forEach(topic -> counts.merge(topic.state(), 1L, Long::sum));
        return counts;
    }

    public long totalLag() {
        return topics.values().stream().mapToLong(TopicHealth::totalLag).sum();
    }

    public long maxPartitionLag() {
        return topics.values().stream().mapToLong(TopicHealth::maxPartitionLag).max().orElse(0);
    }

    public long secondsBehind(long nowMs) {
        return topics.values().stream().mapToLong(topic -> topic.secondsBehind(nowMs)).max().orElse(0);
    }
}
