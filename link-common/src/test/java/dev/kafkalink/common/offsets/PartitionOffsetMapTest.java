package dev.kafkalink.common.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
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
    void removedPointNoLongerCounts() {
        PartitionOffsetMap map = javadocExample();
        map.remove(7);
        assertEquals(List.of(new OffsetPoint(8, 5)), map.points());
        assertEquals(13, map.destinationOffset(16));
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
}
