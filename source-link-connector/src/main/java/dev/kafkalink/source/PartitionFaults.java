package dev.kafkalink.source;

import java.util.Map;
import java.util.stream.Collectors;

import dev.kafkalink.common.state.LinkStateStore;

/** How the partitions a fault stopped are named in an ACTIVE mirror's reason. */
final class PartitionFaults {

    private PartitionFaults() {
    }

    /** For example "partition 2 stopped by a fault (the others copy): ..." */
    static String summary(Map<Integer, LinkStateStore.Fault> faults) {
        String partitions = faults.keySet().stream().map(String::valueOf).collect(Collectors.joining(", "));
        String reasons = faults.values().stream().map(LinkStateStore.Fault::reason).distinct()
                .collect(Collectors.joining(" | "));
        return (faults.size() == 1 ? "partition " : "partitions ") + partitions
                + " stopped by a fault (the others copy): " + reasons;
    }
}
