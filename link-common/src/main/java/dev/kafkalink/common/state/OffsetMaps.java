package dev.kafkalink.common.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import dev.kafkalink.common.offsets.OffsetChunk;
import dev.kafkalink.common.offsets.OffsetPoint;
import dev.kafkalink.common.offsets.PartitionOffsetMap;

import org.apache.kafka.common.TopicPartition;

/**
 * The offset maps a state store holds: only those of the mirror partitions its holder reads (a task
 * its own partitions, the offset sync all of them, the connector none), so that what a worker keeps
 * grows with the partitions it serves and not with every partition of the link.
 *
 * <p>A partition this holder writes is its own: the store does not apply its records when it reads
 * them back, the in-memory map is ahead of them. Maps stored one point per record (before chunks)
 * are read too, and moved into chunks by the partition's writer ({@link #forWriting}).
 */
final class OffsetMaps {

    private final Predicate<TopicPartition> loaded;
    private final Map<TopicPartition, PartitionOffsetMap> maps = new HashMap<>();
    private final Map<TopicPartition, TreeMap<Long, Long>> legacyPoints = new HashMap<>();
    private final Set<TopicPartition> writtenHere = new HashSet<>();
    /** Copies handed out since the partition last changed: a sweep asks for the same map many times. */
    private final Map<TopicPartition, PartitionOffsetMap> copies = new HashMap<>();

    OffsetMaps(Predicate<TopicPartition> loaded) {
        this.loaded = loaded;
    }

    /** Applies a state record if it is part of an offset map; false if it is not. */
    boolean apply(String key, byte[] value) {
        if (key.startsWith(StateRecords.MAP)) {
            StateRecords.OffsetKey chunkKey = StateRecords.parseOffsetKey(key, StateRecords.MAP);
            if (loaded.test(chunkKey.partition()) && !writtenHere.contains(chunkKey.partition())) {
                copies.remove(chunkKey.partition());
                maps.computeIfAbsent(chunkKey.partition(), p -> new PartitionOffsetMap())
                        .load(chunkKey.destinationOffset(), value == null ? null : OffsetChunk.decode(value));
            }
            return true;
        }
        if (key.startsWith(StateRecords.OFFSET)) {
            StateRecords.OffsetKey pointKey = StateRecords.parseOffsetKey(key, StateRecords.OFFSET);
            if (loaded.test(pointKey.partition()) && !writtenHere.contains(pointKey.partition())) {
                copies.remove(pointKey.partition());
                TreeMap<Long, Long> points = legacyPoints.computeIfAbsent(pointKey.partition(), p -> new TreeMap<>());
                if (value == null) {
                    points.remove(pointKey.destinationOffset());
                } else {
                    points.put(pointKey.destinationOffset(), StateRecords.decodeSourceOffset(value));
                }
            }
            return true;
        }
        return false;
    }

    /**
     * A partition's map as it is now (empty when aligned, or when this holder does not load it), to
     * read only: later changes do not reach it.
     */
    PartitionOffsetMap copyOf(TopicPartition mirrorPartition) {
        if (writtenHere.contains(mirrorPartition)) {
            return maps.get(mirrorPartition).copy();
        }
        return copies.computeIfAbsent(mirrorPartition, partition -> {
            PartitionOffsetMap map = maps.get(partition);
            return map != null && !map.isEmpty() ? map.copy() : fromLegacy(partition).copy();
        });
    }

    /**
     * The map a partition's writer changes; its first call moves points stored one per record into
     * chunks (pending in the map; {@link #legacyKeys} are deleted once those are stored).
     */
    PartitionOffsetMap forWriting(TopicPartition mirrorPartition) {
        if (!loaded.test(mirrorPartition)) {
            throw new IllegalStateException("The offset map of " + mirrorPartition + " was not loaded by this holder");
        }
        if (writtenHere.add(mirrorPartition)) {
            PartitionOffsetMap map = maps.get(mirrorPartition);
            if (map == null || map.isEmpty()) {
                maps.put(mirrorPartition, fromLegacy(mirrorPartition));
            }
        }
        return maps.get(mirrorPartition);
    }

    /** Keys of the points stored one per record that a partition's chunks now hold. */
    List<byte[]> legacyKeys(TopicPartition mirrorPartition) {
        List<byte[]> keys = new ArrayList<>();
        TreeMap<Long, Long> points = legacyPoints.get(mirrorPartition);
        if (points != null) {
            points.keySet().forEach(destinationOffset -> keys.add(StateRecords.offsetKey(mirrorPartition, destinationOffset)));
        }
        return keys;
    }

    void legacyDeleted(TopicPartition mirrorPartition) {
        legacyPoints.remove(mirrorPartition);
    }

    /** Chunks written by a link since 0.2 hold every point the legacy records held: those win when both exist. */
    private PartitionOffsetMap fromLegacy(TopicPartition mirrorPartition) {
        PartitionOffsetMap map = new PartitionOffsetMap();
        TreeMap<Long, Long> points = legacyPoints.get(mirrorPartition);
        if (points != null) {
            List<OffsetPoint> ordered = new ArrayList<>(points.size());
            points.forEach((destination, source) -> ordered.add(new OffsetPoint(source, destination)));
            map.addAll(ordered);
        }
        return map;
    }

    /** Keeps of a map this holder only reads the chunk holding {@code destinationOffset} and those above it. */
    void forgetBelow(TopicPartition mirrorPartition, long destinationOffset) {
        PartitionOffsetMap map = maps.get(mirrorPartition);
        if (map != null && !writtenHere.contains(mirrorPartition)) {
            map.forgetBelow(destinationOffset);
            copies.remove(mirrorPartition);
        }
    }

    /** Bytes of chunks held, over all partitions (for the benchmark and metrics). */
    long bytes() {
        return maps.values().stream().mapToLong(PartitionOffsetMap::bytes).sum();
    }
}
