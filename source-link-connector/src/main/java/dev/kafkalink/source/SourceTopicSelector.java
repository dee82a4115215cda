package dev.kafkalink.source;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import dev.kafkalink.common.filter.NameFilter;

/**
 * Which source topics the link mirrors: those listed in {@code mirror.topics}, and with auto-creation
 * those matching its filters. Internal topics never, even when listed.
 */
final class SourceTopicSelector {

    private final Set<String> listed;
    private final NameFilter filter;

    SourceTopicSelector(Collection<String> listed, NameFilter filter) {
        this.listed = Set.copyOf(listed);
        this.filter = filter;
    }

    /** The selected topics among {@code sourceTopics} (Kafka's own internal topics already left out). */
    Set<String> select(Collection<String> sourceTopics) {
        Set<String> selected = new TreeSet<>();
        for (String topic : sourceTopics) {
            if (!isInternal(topic) && (listed.contains(topic) || filter.matches(topic))) {
                selected.add(topic);
            }
        }
        return selected;
    }

    boolean isListed(String topic) {
        return listed.contains(topic);
    }

    static boolean isInternal(String topic) {
        return topic.startsWith("__") || topic.startsWith("_kafka-link-") || topic.startsWith("_confluent");
    }
}
