package dev.kafkalink.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import dev.kafkalink.common.clients.ListedOffsets;
import dev.kafkalink.common.offsets.PartitionOffsetMap;
import dev.kafkalink.common.state.LinkStateStore;
import dev.kafkalink.common.state.MirrorTopicState;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * What {@code kafka-link status} shows: per mirror topic its state, lag and whether its offsets are
 * aligned or mapped, per partition the ends on both clusters and the fault that stopped it, if any. Lag counts committed source records
 * the mirror does not hold yet (through the offset map where the mirror is mapped; counted one by one
 * up to {@link RecordCounter#MAX_COUNTED}, so that transaction markers are not taken for records).
 */
final class MirrorStatus {

    /**
     * One mirror partition; {@code mirroredUpTo} is the source offset the mirror holds every record before
     * (where it fetches next), {@code fault} why a fault stopped it (null while it copies).
     */
    record PartitionRow(int partition, long sourceEnd, long destinationEnd, long mirroredUpTo, long lag, String fault) {
    }

    /**
     * One mirror topic; {@code stateSinceMs} is when its state was last written, {@code reason} the state's
     * reason (the error message of a FAILED mirror) or a problem reading it.
     */
    record TopicRow(String mirror, String sourceTopic, String state, long stateSinceMs, int partitions, long totalLag, long maxLag,
                    boolean mapped, String reason, List<PartitionRow> partitionRows) {
    }

    private MirrorStatus() {
    }

    static List<TopicRow> read(LinkStateStore store, Admin source, Admin destination, RecordCounter counter)
            throws InterruptedException {
        List<TopicRow> rows = new ArrayList<>();
        for (Map.Entry<String, MirrorTopicState> entry : new TreeMap<>(store.mirrorStates()).entrySet()) {
            rows.add(row(store, source, destination, counter, entry.getKey(), entry.getValue()));
        }
        return rows;
    }

    private static TopicRow row(LinkStateStore store, Admin source, Admin destination, RecordCounter counter, String mirror,
                                MirrorTopicState state) throws InterruptedException {
        List<TopicPartition> sourcePartitions = new ArrayList<>();
        List<TopicPartition> mirrorPartitions = new ArrayList<>();
        for (int p = 0; p < state.partitions(); p++) {
            sourcePartitions.add(new TopicPartition(state.sourceTopic(), p));
            mirrorPartitions.add(new TopicPartition(mirror, p));
        }
        String problem = null;
        Map<TopicPartition, Long> sourceEnds = Map.of();
        Map<TopicPartition, Long> destinationEnds = Map.of();
        try {
            destinationEnds = ListedOffsets.ends(destination, mirrorPartitions);
            sourceEnds = ListedOffsets.stableEnds(source, sourcePartitions);
        } catch (ExecutionException e) {
            problem = "cannot read offsets: " + e.getCause().getMessage();
        }
        boolean mapped = false;
        long total = 0;
        long max = 0;
        List<PartitionRow> partitions = new ArrayList<>();
        Map<Integer, LinkStateStore.Fault> faults = store.faults(mirror);
        for (int p = 0; p < state.partitions(); p++) {
            PartitionOffsetMap map = store.offsetMap(mirrorPartitions.get(p));
            mapped |= !map.isEmpty();
            long sourceEnd = sourceEnds.getOrDefault(sourcePartitions.get(p), -1L);
            long destinationEnd = destinationEnds.getOrDefault(mirrorPartitions.get(p), -1L);
            long mirroredUpTo = destinationEnd == 0 ? 0 : map.sourcePositionAfter(destinationEnd);
            long lag = sourceEnd < 0 || destinationEnd < 0 ? -1
                    : counter.count(sourcePartitions.get(p), mirroredUpTo, sourceEnd);
            LinkStateStore.Fault fault = faults.get(p);
            partitions.add(new PartitionRow(p, sourceEnd, destinationEnd, destinationEnd < 0 ? -1 : mirroredUpTo, lag,
                    fault == null ? null : fault.reason()));
            total += Math.max(0, lag);
            max = Math.max(max, lag);
        }
        String reason = problem != null ? problem : state.reason();
        return new TopicRow(mirror, state.sourceTopic(), state.state().name(), state.updatedMs(), state.partitions(), total, max, mapped,
                reason, partitions);
    }
}
