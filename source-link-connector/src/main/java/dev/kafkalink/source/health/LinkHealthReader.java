package dev.kafkalink.source.health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import dev.kafkalink.common.clients.ListedOffsets;
import dev.kafkalink.common.state.LinkStateStore;
import dev.kafkalink.common.state.MirrorState;
import dev.kafkalink.common.state.MirrorTopicState;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * Takes one {@link LinkHealthSnapshot}: the state of every mirror topic from the state topic, and for the
 * mirrors that copy or will copy again (ACTIVE, PAUSED, PENDING_STOPPED) the lag of each partition,
 * counted as the kafka-link command does: source last stable offset against the position the mirror holds
 * every record before (through the offset map, so compaction holes and transaction markers the mirror
 * cannot hold are no lag), in offsets, and 0 where only transaction markers remain. Of each offset map it keeps
 * only the part that holds the mirror's end. A FAILED,
 * SOURCE_UNAVAILABLE or STOPPED mirror keeps the lag seen at the last check that could read it.
 */
final class LinkHealthReader {

    private static final Set<MirrorState> LINKED = Set.of(MirrorState.ACTIVE, MirrorState.PAUSED, MirrorState.PENDING_STOPPED);

    private final LinkStateStore store;
    private final Admin source;
    private final Admin destination;
    private final OldestRecords oldest;

    LinkHealthReader(LinkStateStore store, Admin source, Admin destination, OldestRecords oldest) {
        this.store = store;
        this.source = source;
        this.destination = destination;
        this.oldest = oldest;
    }

    LinkHealthSnapshot read(LinkHealthSnapshot previous, long nowMs) throws ExecutionException, InterruptedException {
        store.refresh();
        Map<String, MirrorTopicState> states = new TreeMap<>(store.mirrorStates());
        Map<TopicPartition, TopicPartition> sourceByMirror = new LinkedHashMap<>();
        states.forEach((mirror, state) -> {
            if (LINKED.contains(state.state())) {
                for (int p = 0; p < state.partitions(); p++) {
                    sourceByMirror.put(new TopicPartition(mirror, p), new TopicPartition(state.sourceTopic(), p));
                }
            }
        });
        Map<TopicPartition, PartitionHealth> partitions = partitions(sourceByMirror);
        Map<String, TopicHealth> topics = new LinkedHashMap<>();
        states.forEach((mirror, state) -> {
            List<PartitionHealth> rows = new ArrayList<>();
            if (LINKED.contains(state.state())) {
                for (int p = 0; p < state.partitions(); p++) {
                    rows.add(partitions.get(new TopicPartition(mirror, p)));
                }
            } else if (previous.topics().containsKey(mirror)) {
                rows.addAll(previous.topics().get(mirror).partitions());
            }
            topics.put(mirror, new TopicHealth(mirror, state.state(), state.updatedMs(), state.reason(), List.copyOf(rows)));
        });
        return new LinkHealthSnapshot(nowMs, topics);
    }

    /** A mirror partition whose end went below what the reader kept of its offset map (re-created, restored). */
    static final class MapTailForgotten extends RuntimeException {
        MapTailForgotten(TopicPartition mirror, RuntimeException cause) {
            super("the end of " + mirror + " went below the part of its offset map this reader kept: " + cause.getMessage(), cause);
        }
    }

    private long positionAfter(TopicPartition mirror, long destinationEnd) {
        try {
            return store.offsetMap(mirror).sourcePositionAfter(destinationEnd);
        } catch (IllegalStateException | java.util.NoSuchElementException e) {
            throw new MapTailForgotten(mirror, e);
        }
    }

    private Map<TopicPartition, PartitionHealth> partitions(Map<TopicPartition, TopicPartition> sourceByMirror)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> destinationEnds = ListedOffsets.ends(destination, sourceByMirror.keySet());
        Map<TopicPartition, Long> sourceEnds = ListedOffsets.stableEnds(source, sourceByMirror.values());
        Map<TopicPartition, Long> mirroredUpTo = new HashMap<>();
        Map<TopicPartition, Long> lagging = new HashMap<>();
        Map<TopicPartition, Long> lastRecords = new HashMap<>();
        sourceByMirror.forEach((mirror, sourcePartition) -> {
            long destinationEnd = destinationEnds.get(mirror);
            long position = destinationEnd == 0 ? 0 : positionAfter(mirror, destinationEnd);
            mirroredUpTo.put(mirror, position);
            if (sourceEnds.get(sourcePartition) > position) {
                lagging.put(sourcePartition, position);
            }
            if (destinationEnd > 0) {
                lastRecords.put(mirror, destinationEnd - 1);
            }
        });
        // A mirror's end only moves on: the chunks below it are not needed again.
        store.forgetOffsetMapsBelow(lastRecords);
        Map<TopicPartition, Long> timestamps = oldest.timestamps(lagging, sourceEnds);
        Map<TopicPartition, PartitionHealth> partitions = new HashMap<>();
        sourceByMirror.forEach((mirror, sourcePartition) -> {
            long end = sourceEnds.get(sourcePartition);
            long position = mirroredUpTo.get(mirror);
            long timestamp = timestamps.getOrDefault(sourcePartition, OldestRecords.NONE);
            boolean onlyMarkers = timestamps.get(sourcePartition) != null && timestamp == OldestRecords.NONE;
            long lag = onlyMarkers ? 0 : Math.max(0, end - position);
            partitions.put(mirror, new PartitionHealth(mirror.partition(), end, position, lag, lag == 0 ? -1 : timestamp));
        });
        return partitions;
    }
}
