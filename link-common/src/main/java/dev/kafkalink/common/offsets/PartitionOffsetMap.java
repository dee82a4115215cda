package dev.kafkalink.common.offsets;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where the records of one source partition are in its mirror partition.
 *
 * <pre>
 *   source       0 1 2 3 4 . . . 8 9 M 11 12      (. = compaction hole, M = transaction marker)
 *   destination  0 1 2 3 4 5 6 7 8 9                points: (8 -> 5), (11 -> 7)
 * </pre>
 *
 * <p>Invariants, each tested in {@code PartitionOffsetMapTest}:
 * <ol>
 *   <li>A. A point (s, d) says that the source record at offset s is the destination record at d.
 *   <li>B. Points increase strictly in both offsets; a later point for the same destination offset
 *       replaces the earlier one (the destination offset is the key, because it is unique).
 *   <li>C. Between consecutive points (s1, d1) and (s2, d2), destination d1 + k holds source s1 + k for
 *       0 &lt;= k &lt; d2 - d1; source offsets from s1 + (d2 - d1) up to s2 hold nothing the mirror
 *       carries (holes, markers, aborted records). After the last point the run goes on to the end.
 *   <li>D. Before the first point, and in a map without points, the mapping is the identity: the
 *       partition is aligned.
 * </ol>
 *
 * <p>A point must be stored before the record it describes is produced: if the record reaches the
 * destination, its point is there too, so the resume position is never computed from a stale map.
 */
public final class PartitionOffsetMap {

    private final TreeMap<Long, Long> sourceByDestination = new TreeMap<>();
    private final TreeMap<Long, Long> destinationBySource = new TreeMap<>();

    public void add(OffsetPoint point) {
        Long replaced = sourceByDestination.put(point.destinationOffset(), point.sourceOffset());
        if (replaced != null) {
            destinationBySource.remove(replaced);
        }
        destinationBySource.put(point.sourceOffset(), point.destinationOffset());
    }

    public void remove(long destinationOffset) {
        Long source = sourceByDestination.remove(destinationOffset);
        if (source != null) {
            destinationBySource.remove(source);
        }
    }

    /** Every point, in offset order. */
    public java.util.List<OffsetPoint> points() {
        return sourceByDestination.entrySet().stream()
                .map(e -> new OffsetPoint(e.getValue(), e.getKey()))
                .toList();
    }

    public boolean isEmpty() {
        return sourceByDestination.isEmpty();
    }

    public int size() {
        return sourceByDestination.size();
    }

    /** The first point, if any. */
    public Optional<OffsetPoint> first() {
        Map.Entry<Long, Long> first = sourceByDestination.firstEntry();
        return first == null ? Optional.empty() : Optional.of(new OffsetPoint(first.getValue(), first.getKey()));
    }

    /** The last point, whose delta holds for every record mirrored after it. */
    public Optional<OffsetPoint> last() {
        Map.Entry<Long, Long> last = sourceByDestination.lastEntry();
        return last == null ? Optional.empty() : Optional.of(new OffsetPoint(last.getValue(), last.getKey()));
    }

    /**
     * The destination offset of a source position (a consumer's committed offset: the next record it
     * would read): the destination offset of the first mirrored record at or after it.
     */
    public long destinationOffset(long sourcePosition) {
        Map.Entry<Long, Long> floor = destinationBySource.floorEntry(sourcePosition);
        long candidate = floor == null ? sourcePosition : floor.getValue() + (sourcePosition - floor.getKey());
        Map.Entry<Long, Long> next = destinationBySource.higherEntry(sourcePosition);
        return next == null ? candidate : Math.min(candidate, next.getValue());
    }

    /**
     * The source position to resume reading from when the destination ends at {@code destinationEnd}:
     * the offset after the source record that the destination's last record holds.
     */
    public long sourcePositionAfter(long destinationEnd) {
        long lastRecord = destinationEnd - 1;
        Map.Entry<Long, Long> floor = sourceByDestination.floorEntry(lastRecord);
        if (floor == null) {
            return destinationEnd;
        }
        return floor.getValue() + (lastRecord - floor.getKey()) + 1;
    }

    @Override
    public String toString() {
        return "PartitionOffsetMap" + sourceByDestination.descendingMap();
    }
}
