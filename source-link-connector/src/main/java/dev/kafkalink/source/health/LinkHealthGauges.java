package dev.kafkalink.source.health;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

import dev.kafkalink.common.metrics.LinkGauges;
import dev.kafkalink.common.state.MirrorState;

/**
 * The link-level gauges of the connector (tagged {@code connector} and {@code link}, no {@code task}),
 * read from the last {@link LinkHealthSnapshot}: mirror topics per state, and per link and per mirror
 * topic the lag, the largest partition lag and the seconds behind (age of the oldest record the mirror
 * does not hold yet, counted to now). A topic's gauges are added when the topic first appears.
 */
final class LinkHealthGauges {

    private final LinkGauges gauges;
    private final Set<String> topicsWithGauges = new HashSet<>();
    private volatile LinkHealthSnapshot last = LinkHealthSnapshot.NONE;

    LinkHealthGauges(LinkGauges gauges) {
        this.gauges = gauges;
        for (MirrorState state : MirrorState.values()) {
            gauges.add("mirror-topics", "Mirror topics of the link in this state", Map.of("state", state.name()),
                    () -> last.topicsByState().get(state));
        }
        gauges.add("link-lag", "Source offsets holding records that no mirror partition of the link holds yet",
                () -> last.totalLag());
        gauges.add("link-max-partition-lag", "The largest lag of one mirror partition of the link", () -> last.maxPartitionLag());
        gauges.add("link-seconds-behind", "Seconds since the oldest source record no mirror of the link holds yet was written "
                + "(0 when caught up)", () -> last.secondsBehind(System.currentTimeMillis()));
        gauges.add("last-health-check-time-ms", "When the link's state and lag were last read (epoch ms); -1 before the first",
                () -> last.takenMs());
    }

    void update(LinkHealthSnapshot snapshot) {
        last = snapshot;
        snapshot.topics().keySet().stream().filter(topicsWithGauges::add).forEach(this::addTopic);
        gauges.retryPending();
    }

    private void addTopic(String topic) {
        Map<String, String> tags = Map.of("topic", topic);
        for (MirrorState state : MirrorState.values()) {
            gauges.add("mirror-topic-state", "1 while the mirror topic is in this state, else 0",
                    orderedTags(topic, state), () -> topicValue(topic, health -> health.state() == state ? 1 : 0));
        }
        gauges.add("mirror-state-since-ms", "When the mirror topic's state was last written (epoch ms)", tags,
                () -> topicValue(topic, TopicHealth::stateSinceMs));
        gauges.add("topic-lag", "Source offsets holding records that the mirror topic does not hold yet", tags,
                () -> topicValue(topic, TopicHealth::totalLag));
        gauges.add("topic-max-partition-lag", "The largest lag of one partition of the mirror topic", tags,
                () -> topicValue(topic, TopicHealth::maxPartitionLag));
        gauges.add("topic-seconds-behind", "Seconds since the oldest source record the mirror topic does not hold yet "
                + "was written (0 when caught up)", tags, () -> topicValue(topic, health -> health.secondsBehind(System.currentTimeMillis())));
    }

    private static Map<String, String> orderedTags(String topic, MirrorState state) {
        java.util.LinkedHashMap<String, String> tags = new java.util.LinkedHashMap<>();
        tags.put("topic", topic);
        tags.put("state", state.name());
        return tags;
    }

    /** -1 for a topic no longer in the state topic. */
    private long topicValue(String topic, ToLongFunction<TopicHealth> value) {
        TopicHealth health = last.topics().get(topic);
        return health == null ? -1 : value.applyAsLong(health);
    }
}
