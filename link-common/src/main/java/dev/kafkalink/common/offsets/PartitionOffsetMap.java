package dev.kafkalink.common.offsets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
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
 *   <li>B. Points increase strictly in destination offset. A point added at or below the last one
 *       replaces every point from its destination offset on: those were stored for records that never
 *       reached the mirror (the task resumed from the mirror's end) or that landed elsewhere.
 *   <li>C. Between consecutive points (s1, d1) and (s2, d2), destination d1 + k holds source s1 + k for
 *       0 &lt;= k &lt; d2 - d1; source offsets from s1 + (d2 - d1) up to s2 hold nothing the mirror
 *       carries (holes, markers, aborted records). After the last point the run goes on to the end.
 *   <li>D. Before the first point, and in a map without points, the mapping is the identity: the
 *       partition is aligned.
 * </ol>
 *
 * <p>A point must be stored before the record it describes is produced: if the record reaches the
 * destination, its point is there too, so the resume position is never computed from a stale map.
 *
 * <p>The points are kept in {@link OffsetChunk}s, keyed by their first destination offset, each one
 * state record. Points are appended to the last chunk (the tail), which is stored again under the same
 * key until it holds {@link #CHUNK_BYTES}; compaction keeps only its latest copy. {@link #dropBelow}
 * forgets the chunks that only describe records below the mirror's log start, keeping the one that
 * covers it. Every change a holder has yet to store is in {@link #pendingChanges}.
 */
public final class PartitionOffsetMap {

    /** A tail chunk is sealed at this size: each point written costs about half of it again while it fills. */
    public static final int CHUNK_BYTES = 512;

    private final TreeMap<Long, OffsetChunk> chunks = new TreeMap<>();
    /**
     * Keys of the chunks below {@link #keepDetailFrom}, ascending, from {@code boundsFrom} on: a holder
     * that only appends and prunes keeps eight bytes of each, to delete it once it is below the log start.
     */
    private long[] boundsOnly = new long[0];
    private int boundsFrom;
    /** Set by {@link #forgetBelow}: chunks below the first one kept were dropped without a trace. */
    private boolean tailOnly;
    /** Chunk key -> chunk to store, or null to delete; in the order they must be written. */
    private final LinkedHashMap<Long, OffsetChunk> pending = new LinkedHashMap<>();
    private OffsetChunk[] bySource;

    /** A copy that shares the (immutable) chunks and has no pending changes. */
    public PartitionOffsetMap copy() {
        PartitionOffsetMap copy = new PartitionOffsetMap();
        copy.chunks.putAll(chunks);
        copy.boundsOnly = boundsOnly;
        copy.boundsFrom = boundsFrom;
        copy.tailOnly = tailOnly;
        return copy;
    }

    public void add(OffsetPoint point) {
        addAll(List.of(point));
    }

    /** Adds points in destination order (see invariant B for a point at or below the last one). */
    public void addAll(Collection<OffsetPoint> points) {
        OffsetChunk.Builder tail = null;
        long tailKey = 0;
        for (OffsetPoint point : points) {
            Map.Entry<Long, OffsetChunk> last = chunks.lastEntry();
            OffsetPoint lastPoint = tail != null ? tail.last() : last == null ? null : last.getValue().last();
            if (lastPoint != null && point.destinationOffset() <= lastPoint.destinationOffset()) {
                if (tail != null) {
                    store(tailKey, tail.build());
                    tail = null;
                }
                truncateFrom(point.destinationOffset());
                last = chunks.lastEntry();
            }
            if (tail == null && last != null && last.getValue().size() < CHUNK_BYTES) {
                tailKey = last.getKey();
                tail = last.getValue().extend();
            }
            if (tail != null && tail.size() < CHUNK_BYTES) {
                tail.add(point);
            } else {
                if (tail != null) {
                    store(tailKey, tail.build());
                }
                tailKey = point.destinationOffset();
                tail = OffsetChunk.builder(point);
            }
        }
        if (tail != null) {
            store(tailKey, tail.build());
        }
    }

    /**
     * Forgets every point from a destination offset on: at the mirror's end when a task resumes, the
     * points stored for records that never landed (a crash between storing them and the records'
     * arrival); otherwise they would describe a run the resumed task does not write.
     */
    public void truncateFrom(long destinationOffset) {
        for (Long key : List.copyOf(chunks.tailMap(destinationOffset, true).keySet())) {
            delete(key);
        }
        Map.Entry<Long, OffsetChunk> floor = chunks.floorEntry(destinationOffset);
        if (floor != null) {
            OffsetChunk kept = floor.getValue().below(destinationOffset);
            if (kept != floor.getValue()) {
                store(floor.getKey(), kept);
            }
        }
    }

    /**
     * Forgets the chunks whose records are all below the mirror partition's log start: every chunk
     * but the last whose next chunk starts at or below it. The chunk covering the log start stays, so
     * every offset the mirror still holds translates as before. Returns how many chunks went.
     */
    public int dropBelow(long logStart) {
        List<Long> below = new ArrayList<>();
        for (int i = boundsFrom; i < boundsOnly.length && boundsOnly[i] <= logStart; i++) {
            below.add(boundsOnly[i]);
        }
        below.addAll(chunks.headMap(logStart, true).keySet());
        // The last key at or below the log start covers it: it stays.
        List<Long> gone = below.isEmpty() ? List.of() : below.subList(0, below.size() - 1);
        for (Long key : gone) {
            if (boundsFrom < boundsOnly.length && boundsOnly[boundsFrom] == key) {
                boundsFrom++;
                pending.remove(key);
                pending.put(key, null);
            } else {
                delete(key);
            }
        }
        return gone.size();
    }

    /**
     * Keeps only the keys of the chunks that end below a destination offset: for a holder that only
     * appends from there on and prunes (the task copying the partition), whose memory then stays flat.
     * Looking up an offset below it is then an error.
     */
    public void keepDetailFrom(long destinationOffset) {
        List<Long> keys = new ArrayList<>();
        for (int i = boundsFrom; i < boundsOnly.length; i++) {
            keys.add(boundsOnly[i]);
        }
        for (Map.Entry<Long, OffsetChunk> chunk : List.copyOf(chunks.entrySet())) {
            if (chunk.getValue().last().destinationOffset() < destinationOffset && !chunk.getKey().equals(chunks.lastKey())) {
                keys.add(chunk.getKey());
                chunks.remove(chunk.getKey());
            }
        }
        boundsOnly = keys.stream().mapToLong(Long::longValue).toArray();
        boundsFrom = 0;
        bySource = null;
    }

    /**
     * Keeps only the chunk holding a destination offset and those above it, and nothing of the chunks below: for a
     * holder that only ever looks up the mirror's end, which never goes back (the link's health reader), whose
     * memory then does not grow with the map. Looking up an offset below it is then an error.
     */
    public void forgetBelow(long destinationOffset) {
        Long floor = chunks.floorKey(destinationOffset);
        if (floor != null && !floor.equals(chunks.firstKey())) {
            chunks.headMap(floor).clear();
            tailOnly = true;
            bySource = null;
        }
    }

    /** Whether chunks below the first one held were dropped ({@link #keepDetailFrom}, {@link #forgetBelow}). */
    private boolean keptPartly() {
        return tailOnly || boundsFrom < boundsOnly.length;
    }

    private void store(long key, OffsetChunk chunk) {
        chunks.put(key, chunk);
        pending.remove(key);
        pending.put(key, chunk);
        bySource = null;
    }

    private void delete(long key) {
        chunks.remove(key);
        pending.remove(key);
        pending.put(key, null);
        bySource = null;
    }

    /** A chunk as read from the store (null: deleted); not a change to store. */
    public void load(long key, OffsetChunk chunk) {
        if (chunk == null) {
            chunks.remove(key);
        } else {
            chunks.put(key, chunk);
        }
        bySource = null;
    }

    /**
     * The changes not stored yet, in the order to write them: deletions of chunks above a truncation
     * before the chunks that replace them, so that a crash in between leaves no stale point above a
     * stored one.
     */
    public Map<Long, OffsetChunk> pendingChanges() {
        LinkedHashMap<Long, OffsetChunk> ordered = new LinkedHashMap<>();
        pending.forEach((key, chunk) -> {
            if (chunk == null) {
                ordered.put(key, null);
            }
        });
        pending.forEach((key, chunk) -> {
            if (chunk != null) {
                ordered.put(key, chunk);
            }
        });
        return ordered;
    }

    /** These changes are durable; later changes to the same chunks stay pending. */
    public void stored(Map<Long, OffsetChunk> changes) {
        changes.forEach((key, chunk) -> pending.remove(key, chunk));
    }

    /** The chunks, by first destination offset. */
    public Map<Long, OffsetChunk> chunks() {
        return java.util.Collections.unmodifiableMap(chunks);
    }

    /** Every point, in offset order (expands every chunk: for tests and small maps). */
    public List<OffsetPoint> points() {
        List<OffsetPoint> points = new ArrayList<>();
        chunks.values().forEach(chunk -> points.addAll(chunk.points()));
        return points;
    }

    public boolean isEmpty() {
        return chunks.isEmpty() && !keptPartly();
    }

    /** How many points the map holds (in the chunks it keeps whole). */
    public long size() {
        return chunks.values().stream().mapToLong(OffsetChunk::pointCount).sum();
    }

    /** Bytes this map keeps in memory: the chunks' stored form, and eight a chunk kept only by its key. */
    public long bytes() {
        return chunks.values().stream().mapToLong(OffsetChunk::size).sum() + 8L * (boundsOnly.length - boundsFrom);
    }

    /** The first point, if any. */
    public Optional<OffsetPoint> first() {
        if (keptPartly()) {
            throw new IllegalStateException("Only the chunks from destination offset " + chunks.firstKey() + " on were kept");
        }
        return chunks.isEmpty() ? Optional.empty() : Optional.of(chunks.firstEntry().getValue().first());
    }

    /** The last point, whose delta holds for every record mirrored after it. */
    public Optional<OffsetPoint> last() {
        return chunks.isEmpty() ? Optional.empty() : Optional.of(chunks.lastEntry().getValue().last());
    }

    /**
     * The destination offset of a source position (a consumer's committed offset: the next record it
     * would read): the destination offset of the first mirrored record at or after it.
     */
    public long destinationOffset(long sourcePosition) {
        OffsetChunk[] ordered = chunksBySource();
        int index = lastStartingAtOrBelow(ordered, sourcePosition);
        if (index < 0 && keptPartly()) {
            throw new IllegalStateException("Only the chunks from destination offset " + chunks.firstKey() + " on were kept");
        }
        if (index < 0) {
            return ordered.length == 0 ? sourcePosition : Math.min(sourcePosition, ordered[0].first().destinationOffset());
        }
        OffsetPoint[] bracket = ordered[index].bracketBySource(sourcePosition);
        OffsetPoint floor = bracket[0];
        OffsetPoint next = bracket[1] != null ? bracket[1] : index + 1 < ordered.length ? ordered[index + 1].first() : null;
        long candidate = floor.destinationOffset() + (sourcePosition - floor.sourceOffset());
        return next == null ? candidate : Math.min(candidate, next.destinationOffset());
    }

    /**
     * The source position to resume reading from when the destination ends at {@code destinationEnd}:
     * the offset after the source record that the destination's last record holds.
     */
    public long sourcePositionAfter(long destinationEnd) {
        long lastRecord = destinationEnd - 1;
        Map.Entry<Long, OffsetChunk> chunk = chunks.floorEntry(lastRecord);
        if (chunk == null && keptPartly()) {
            throw new IllegalStateException("Only the chunks from destination offset " + chunks.firstKey() + " on were kept");
        }
        if (chunk == null) {
            return destinationEnd;
        }
        OffsetPoint floor = chunk.getValue().floorByDestination(lastRecord);
        return floor.sourceOffset() + (lastRecord - floor.destinationOffset()) + 1;
    }

    private OffsetChunk[] chunksBySource() {
        if (bySource == null) {
            bySource = chunks.values().toArray(new OffsetChunk[0]);
        }
        return bySource;
    }

    /** Chunks in destination order have non-decreasing first source offsets: a binary search finds the last. */
    private static int lastStartingAtOrBelow(OffsetChunk[] ordered, long sourceOffset) {
        int low = 0;
        int high = ordered.length - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (ordered[middle].first().sourceOffset() <= sourceOffset) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found;
    }

    @Override
    public String toString() {
        return "PartitionOffsetMap" + chunks.values();
    }
}
