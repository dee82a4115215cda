package dev.kafkalink.source;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import org.apache.kafka.common.TopicPartition;

/**
 * Decides which source partitions each task mirrors: partitions sorted by topic and partition, dealt
 * round robin. Task sizes differ by at most one, and the same partitions always give the same plan.
 */
public final class PartitionAssigner {

    private PartitionAssigner() {
    }

    /** At most {@code maxTasks} non-empty groups; none when there is nothing to mirror. */
    public static List<List<TopicPartition>> assign(Collection<TopicPartition> partitions, int maxTasks) {
        List<TopicPartition> sorted = new ArrayList<>(partitions);
        sorted.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        int tasks = Math.min(maxTasks, sorted.size());
        List<List<TopicPartition>> plan = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            plan.add(new ArrayList<>());
        }
        for (int i = 0; i < sorted.size(); i++) {
            plan.get(i % tasks).add(sorted.get(i));
        }
        return plan;
    }

    /** {@code topic:partition,...}: topic names cannot hold ':' or ','. */
    public static String encode(List<TopicPartition> partitions) {
        StringBuilder text = new StringBuilder();
        for (TopicPartition partition : partitions) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(partition.topic()).append(':').append(partition.partition());
        }
        return text.toString();
    }

    public static List<TopicPartition> decode(String text) {
        List<TopicPartition> partitions = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return partitions;
        }
        for (String item : text.split(",")) {
            int colon = item.lastIndexOf(':');
            partitions.add(new TopicPartition(item.substring(0, colon), Integer.parseInt(item.substring(colon + 1))));
        }
        return partitions;
    }
}
