package dev.kafkalink.common.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class PartitionOffsetMapTest {

    /** The example of the class Javadoc: holes at 5-7, a marker at 10. */
    private static PartitionOffsetMap javadocExample() {
        PartitionOffsetMap map = new PartitionOffsetMap();
        map.add(new OffsetPoint(8, 5));
        map.add(new OffsetPoint(11, 7));
        return map;
    }

    @Test
    void pointSaysWhereItsSourceRecordIs() { // invariant A
        PartitionOffsetMap map = javadocExample();
        assertEquals(5, map.destinationOffset(8));
        assertEquals(7, map.destinationOffset(11));
    }

    @Test
    void laterPointForTheSameDestinationOffsetReplacesTheEarlierOne() { // invariant B
        PartitionOffsetMap map = new PartitionOffsetMap();
        map.add(new OffsetPoint(100, 100));
        map.add(new OffsetPoint(103, 100));
        assertEquals(List.of(new OffsetPoint(103, 100)), map.points());
        assertEquals(100, map.destinationOffset(101), "a position inside the replaced run maps to the next record");
    }

    @Test
    void recordsBetweenPointsAreContiguousAndGapsMapToTheNextMirroredRecord() { // invariant C
        PartitionOffsetMap map = javadocExample();
        assertEquals(6, map.destinationOffset(9), "inside the run after (8 -> 5)");
        assertEquals(7, map.destinationOffset(10), "the marker maps to the next mirrored record");
        assertEquals(5, map.destinationOffset(5), "a compaction hole maps to the next mirrored record");
        assertEquals(5, map.destinationOffset(7));
        assertEquals(9, map.destinationOffset(13), "after the last point the run goes on");
    }

    @Test
    void withoutPointsAndBeforeTheFirstPointTheMappingIsTheIdentity() { // invariant D
        assertEquals(42, new PartitionOffsetMap().destinationOffset(42));
        assertEquals(42, new PartitionOffsetMap().sourcePositionAfter(42));
        assertEquals(3, javadocExample().destinationOffset(3));
        assertEquals(4, javadocExample().sourcePositionAfter(4));
    }

    @Test
    void resumesAfterTheSourceRecordThatTheLastMirrorRecordHolds() {
        PartitionOffsetMap map = javadocExample();
        assertEquals(5, map.sourcePositionAfter(5), "mirror ends with source 4; the hole 5-7 is skipped by the consumer");
        assertEquals(9, map.sourcePositionAfter(6), "mirror's last record is source 8");
        assertEquals(10, map.sourcePositionAfter(7), "mirror's last record is source 9; 10 is a marker");
        assertEquals(12, map.sourcePositionAfter(8));
    }

    @Test
    void laterPointBelowTheLastReplacesEveryPointFromItsDestinationOffsetOn() { // invariant B
        PartitionOffsetMap map = javadocExample();
        map.add(new OffsetPoint(20, 12));
        map.add(new OffsetPoint(9, 6)); // the task resumed at destination end 6: (11 -> 7) and (20 -> 12) never landed
        assertEquals(List.of(new OffsetPoint(8, 5), new OffsetPoint(9, 6)), map.points());
        assertEquals(8, map.destinationOffset(11));
    }

    /**
     * A random source log with random gaps, mirrored the way the task does it (contiguous destination
     * offsets, a point whenever the delta changes): every consumer position and every destination end
     * translate exactly.
     */
    @Test
    void translatesEveryPositionOfARandomGappedLogExactly() {
        Random random = new Random(20261122);
        for (int round = 0; round < 50; round++) {
            List<Long> sourceOffsets = new ArrayList<>();
            long offset = random.nextInt(5);
            for (int i = 0; i < 2_000; i++) {
                offset += random.nextInt(10) < 7 ? 1 : 1 + random.nextInt(6);
                sourceOffsets.add(offset);
            }
            PartitionOffsetMap map = new PartitionOffsetMap();
            long delta = 0;
            for (int d = 0; d < sourceOffsets.size(); d++) {
                if (sourceOffsets.get(d) - d != delta) {
                    delta = sourceOffsets.get(d) - d;
                    map.add(new OffsetPoint(sourceOffsets.get(d), d));
                }
            }
            int next = 0;
            long last = sourceOffsets.get(sourceOffsets.size() - 1);
            for (long position = 0; position <= last; position++) {
                while (sourceOffsets.get(next) < position) {
                    next++;
                }
                assertEquals(next, map.destinationOffset(position), "round " + round + ", source position " + position);
            }
            for (int end = 1; end <= sourceOffsets.size(); end++) {
                assertEquals(sourceOffsets.get(end - 1) + 1, map.sourcePositionAfter(end), "round " + round + ", end " + end);
            }
            assertTrue(map.size() < sourceOffsets.size());
        }
    }

    /** A map as the task writes it for an exactly-once source: transactions of 1 to 50 records, each with its marker. */
    private static PartitionOffsetMap transactionalMap(int transactions, List<OffsetPoint> points) {
        Random random = new Random(7);
        long source = 0;
        long destination = 0;
        for (int i = 0; i < transactions; i++) {
            int records = 1 + random.nextInt(50);
            source += records + 1;
            destination += records;
            points.add(new OffsetPoint(source, destination));
        }
        PartitionOffsetMap map = new PartitionOffsetMap();
        for (int i = 0; i < points.size(); i += 7) {
            map.addAll(points.subList(i, Math.min(points.size(), i + 7))); // a poll's worth at a time
        }
        return map;
    }

    @Test
    void fillsChunksOfBoundedSizeWhoseChangesAreStoredInOrder() {
        List<OffsetPoint> points = new ArrayList<>();
        PartitionOffsetMap map = transactionalMap(10_000, points);
        assertEquals(points, map.points());
        assertTrue(map.chunks().size() > 10, map.chunks().size() + " chunks");
        map.chunks().values().forEach(chunk -> assertTrue(chunk.size() <= PartitionOffsetMap.CHUNK_BYTES + 30, chunk.toString()));
        assertTrue(map.bytes() <= 2.2 * points.size(), map.bytes() + " bytes for " + points.size() + " points");
        Map<Long, OffsetChunk> pending = map.pendingChanges();
        assertEquals(map.chunks(), pending, "every chunk is still to be stored, each once, with its latest content");
        map.stored(pending);
        assertTrue(map.pendingChanges().isEmpty());
        map.add(new OffsetPoint(points.get(points.size() - 1).sourceOffset() + 9, points.get(points.size() - 1).destinationOffset() + 3));
        assertEquals(List.of(map.chunks().keySet().stream().max(Long::compare).orElseThrow()), List.copyOf(map.pendingChanges().keySet()),
                "only the tail is written again");
    }

    @Test
    void dropsTheChunksBelowTheLogStartAndKeepsTheOneCoveringIt() {
        List<OffsetPoint> points = new ArrayList<>();
        PartitionOffsetMap map = transactionalMap(10_000, points);
        map.stored(map.pendingChanges());
        long logStart = points.get(6_000).destinationOffset() + 3;
        long before = map.bytes();
        int dropped = map.dropBelow(logStart);
        assertTrue(dropped > 0);
        assertTrue(map.first().orElseThrow().destinationOffset() <= logStart, "the chunk covering the log start stays");
        assertTrue(map.bytes() < before * 0.5, map.bytes() + " of " + before + " bytes left");
        assertEquals(dropped, map.pendingChanges().values().stream().filter(java.util.Objects::isNull).count(),
                "one deletion per dropped chunk");
        PartitionOffsetMap whole = transactionalMap(10_000, new ArrayList<>());
        for (int i = 6_001; i < points.size(); i += 13) {
            OffsetPoint point = points.get(i);
            assertEquals(whole.destinationOffset(point.sourceOffset() - 1), map.destinationOffset(point.sourceOffset() - 1));
            assertEquals(whole.sourcePositionAfter(point.destinationOffset()), map.sourcePositionAfter(point.destinationOffset()));
        }
        map.dropBelow(points.get(points.size() - 1).destinationOffset() + 1_000);
        assertEquals(1, map.chunks().size(), "the last chunk always stays: it describes every record after it");
        assertEquals(points.get(points.size() - 1), map.last().orElseThrow());
    }

    /**
     * A crash in the middle of storing a change leaves a prefix of the pending writes: a map read back
     * from that prefix still holds every point whose record could have been handed over (all points
     * stored by earlier completed writes), and no point above a truncation.
     */
    @Test
    void aMapReadBackAfterACrashInTheMiddleOfAWriteHoldsEveryPointOfEarlierWrites() {
        List<OffsetPoint> points = new ArrayList<>();
        PartitionOffsetMap writer = transactionalMap(3_000, points);
        Map<Long, OffsetChunk> stored = new java.util.TreeMap<>(writer.pendingChanges());
        writer.stored(writer.pendingChanges());
        List<OffsetPoint> durable = writer.points();
        // The task restarts at a destination end below its last points (their records never landed) and goes on.
        OffsetPoint resumeAt = points.get(2_500);
        List<OffsetPoint> next = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            next.add(new OffsetPoint(resumeAt.sourceOffset() + 5 + 3L * i, resumeAt.destinationOffset() + 2L * i));
        }
        writer.addAll(next);
        List<Map.Entry<Long, OffsetChunk>> writes = List.copyOf(writer.pendingChanges().entrySet());
        assertTrue(writes.size() > 2, "deletions above the truncation, the truncated chunk and new chunks");
        for (int crashAfter = 0; crashAfter <= writes.size(); crashAfter++) {
            Map<Long, OffsetChunk> log = new java.util.TreeMap<>(stored);
            writes.subList(0, crashAfter).forEach(write -> {
                if (write.getValue() == null) {
                    log.remove(write.getKey());
                } else {
                    log.put(write.getKey(), write.getValue());
                }
            });
            PartitionOffsetMap read = new PartitionOffsetMap();
            log.forEach((key, chunk) -> read.load(key, OffsetChunk.decode(chunk.encoded())));
            for (OffsetPoint point : durable) {
                if (point.destinationOffset() < resumeAt.destinationOffset()) {
                    assertEquals(point.destinationOffset(), read.destinationOffset(point.sourceOffset()),
                            "after " + crashAfter + " writes: " + point);
                }
            }
            if (crashAfter == writes.size()) {
                assertEquals(writer.points(), read.points());
            }
        }
    }

    @Test
    void aReaderOfTheMirrorsEndKeepsOnlyTheChunkHoldingItAndWhatComesAfter() {
        List<OffsetPoint> points = new ArrayList<>();
        PartitionOffsetMap full = transactionalMap(20_000, points);
        PartitionOffsetMap tail = full.copy();
        OffsetPoint middle = points.get(10_000);
        tail.forgetBelow(middle.destinationOffset());
        assertTrue(tail.chunks().size() < full.chunks().size() / 2 + 2, tail.chunks().size() + " of " + full.chunks().size());
        for (int i = 10_000; i < points.size(); i++) {
            long end = points.get(i).destinationOffset() + 1;
            assertEquals(full.sourcePositionAfter(end), tail.sourcePositionAfter(end), "mirror end " + end);
        }
        OffsetPoint last = points.get(points.size() - 1);
        tail.load(last.destinationOffset() + 10,
                OffsetChunk.builder(new OffsetPoint(last.sourceOffset() + 20, last.destinationOffset() + 10)).build());
        assertEquals(last.sourceOffset() + 26, tail.sourcePositionAfter(last.destinationOffset() + 16), "chunks read later are kept");
        assertThrows(IllegalStateException.class, () -> tail.sourcePositionAfter(points.get(0).destinationOffset() + 1),
                "an end below what was kept is an error, not a wrong answer");
    }

    @Test
    void aWriterKeepsEightBytesOfEachChunkBelowWhereItAppendsAndStillPrunesThem() {
        List<OffsetPoint> points = new ArrayList<>();
        PartitionOffsetMap map = transactionalMap(20_000, points);
        map.stored(map.pendingChanges());
        int chunks = map.chunks().size();
        OffsetPoint end = points.get(points.size() - 1);
        map.keepDetailFrom(end.destinationOffset() + 1);
        assertEquals(1, map.chunks().size(), "only the tail is kept whole");
        assertTrue(map.bytes() <= PartitionOffsetMap.CHUNK_BYTES + 30 + 8L * chunks, map.bytes() + " bytes");
        assertEquals(end.sourceOffset() + 5, map.sourcePositionAfter(end.destinationOffset() + 5));
        int dropped = map.dropBelow(points.get(10_000).destinationOffset());
        assertTrue(dropped > chunks / 3, dropped + " of " + chunks + " chunks dropped");
        assertEquals(dropped, map.pendingChanges().size(), "each dropped chunk is deleted from the store");
        map.add(new OffsetPoint(end.sourceOffset() + 10, end.destinationOffset() + 3));
        assertEquals(new OffsetPoint(end.sourceOffset() + 10, end.destinationOffset() + 3), map.last().orElseThrow());
    }

    /**
     * A task's whole life against a model: a gapped source mirrored in polls, crashes that lose the
     * records in flight (the task resumes at the mirror's end and writes its points again), retention
     * moving the log start and the map pruned, the map stored and read back after every change. Every
     * source position and mirror end above the log start translates as the mirror really holds it.
     */
    @Test
    void translatesExactlyThroughCrashesRestartsAndPruningAgainstAModel() {
        Random random = new Random(20261205);
        for (int round = 0; round < 20; round++) {
            List<Long> mirrored = new ArrayList<>(); // destination offset -> source offset of what really landed
            PartitionOffsetMap writer = new PartitionOffsetMap();
            Map<Long, OffsetChunk> stored = new java.util.TreeMap<>();
            long source = random.nextInt(3);
            long delta = 0;
            long logStart = 0;
            for (int poll = 0; poll < 300; poll++) {
                long nextDestination = mirrored.size();
                List<OffsetPoint> points = new ArrayList<>();
                List<Long> batch = new ArrayList<>();
                for (int i = random.nextInt(40); i > 0; i--) {
                    source += random.nextInt(4) == 0 ? 2 + random.nextInt(3) : 1;
                    long destination = nextDestination + batch.size();
                    if (source - destination != delta) {
                        delta = source - destination;
                        points.add(new OffsetPoint(source, destination));
                    }
                    batch.add(source);
                }
                writer.addAll(points);
                store(writer, stored);
                if (random.nextInt(10) == 0) {
                    // A crash: the batch never landed; the task restarts from the mirror's end and reads the map back.
                    PartitionOffsetMap read = readBack(stored);
                    source = read.sourcePositionAfter(mirrored.size()) - 1;
                    delta = read.sourcePositionAfter(mirrored.size()) - mirrored.size();
                    writer = read;
                    writer.truncateFrom(mirrored.size());
                    writer.keepDetailFrom(mirrored.size());
                    store(writer, stored);
                    continue;
                }
                mirrored.addAll(batch);
                if (random.nextInt(15) == 0) {
                    logStart = Math.max(logStart, random.nextInt(mirrored.size() + 1));
                    writer.dropBelow(logStart);
                }
            }
            PartitionOffsetMap read = readBack(stored);
            for (int d = (int) logStart; d < mirrored.size(); d++) {
                assertEquals(mirrored.get(d) + 1, read.sourcePositionAfter(d + 1), "round " + round + ", mirror end " + (d + 1));
                assertEquals(d, read.destinationOffset(mirrored.get(d)), "round " + round + ", source " + mirrored.get(d));
                if (d > logStart && mirrored.get(d) - mirrored.get(d - 1) > 1) {
                    assertEquals(d, read.destinationOffset(mirrored.get(d) - 1), "round " + round + ", a gap before source "
                            + mirrored.get(d));
                }
            }
        }
    }

    /** Writes a map's pending changes into a model of the compacted state topic (key -> latest chunk). */
    private static void store(PartitionOffsetMap writer, Map<Long, OffsetChunk> stored) {
        writer.pendingChanges().forEach((key, chunk) -> {
            if (chunk == null) {
                stored.remove(key);
            } else {
                stored.put(key, chunk);
            }
        });
        writer.stored(writer.pendingChanges());
    }

    private static PartitionOffsetMap readBack(Map<Long, OffsetChunk> stored) {
        PartitionOffsetMap read = new PartitionOffsetMap();
        stored.forEach((key, chunk) -> read.load(key, OffsetChunk.decode(chunk.encoded())));
        return read;
    }
}
