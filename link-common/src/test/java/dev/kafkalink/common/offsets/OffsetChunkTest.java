package dev.kafkalink.common.offsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class OffsetChunkTest {

    private static OffsetChunk chunkOf(List<OffsetPoint> points) {
        OffsetChunk.Builder builder = OffsetChunk.builder(points.get(0));
        points.subList(1, points.size()).forEach(builder::add);
        return builder.build();
    }

    /** Points of an exactly-once source: transactions of 1 to 100 records, each followed by its marker. */
    private static List<OffsetPoint> transactionalPoints(Random random, int transactions) {
        List<OffsetPoint> points = new ArrayList<>();
        long source = 1_000_000_000L;
        long destination = 900_000_000L;
        for (int i = 0; i < transactions; i++) {
            points.add(new OffsetPoint(source, destination));
            int records = 1 + random.nextInt(100);
            source += records + 1;
            destination += records;
        }
        return points;
    }

    @Test
    void decodesWhatItEncodes() {
        List<OffsetPoint> points = transactionalPoints(new Random(1), 5_000);
        OffsetChunk chunk = chunkOf(points);
        OffsetChunk read = OffsetChunk.decode(chunk.encoded());
        assertEquals(points, read.points());
        assertEquals(points.get(0), read.first());
        assertEquals(points.get(points.size() - 1), read.last());
        assertEquals(points.size(), read.pointCount());
        assertArrayEquals(chunk.encoded(), read.encoded());
    }

    @Test
    void aTransactionMarkerCostsAtMostTwoBytes() {
        int transactions = 100_000;
        OffsetChunk chunk = chunkOf(transactionalPoints(new Random(2), transactions));
        assertTrue(chunk.size() <= 2 * transactions + 20, chunk.size() + " bytes for " + transactions + " points");
    }

    @Test
    void aGapAfterEveryRecordCollapsesIntoOneRun() {
        // Single-record transactions: every record is followed by a marker, a point at every record.
        List<OffsetPoint> points = new ArrayList<>();
        for (long d = 0; d < 1_000_000; d++) {
            points.add(new OffsetPoint(5 + 2 * d, d));
        }
        OffsetChunk chunk = chunkOf(points);
        assertTrue(chunk.size() < 16, chunk.size() + " bytes");
        assertEquals(1_000_000, OffsetChunk.decode(chunk.encoded()).pointCount());
        assertEquals(new OffsetPoint(5 + 2 * 777_777, 777_777), chunk.floorByDestination(777_777));
        OffsetPoint[] bracket = chunk.bracketBySource(6 + 2 * 1234);
        assertEquals(new OffsetPoint(5 + 2 * 1234, 1234), bracket[0]);
        assertEquals(new OffsetPoint(5 + 2 * 1235, 1235), bracket[1]);
    }

    @Test
    void findsTheFloorOfEveryOffsetLikeAPlainSearch() {
        Random random = new Random(3);
        for (int round = 0; round < 20; round++) {
            List<OffsetPoint> points = new ArrayList<>();
            long source = random.nextInt(1000);
            long destination = random.nextInt(1000);
            for (int i = 0; i < 300; i++) {
                points.add(new OffsetPoint(source, destination));
                // Runs of equal steps, and steps of all sizes.
                int step = random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(5);
                source += step + (random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(3));
                destination += step;
            }
            OffsetChunk chunk = OffsetChunk.decode(chunkOf(points).encoded());
            OffsetPoint last = points.get(points.size() - 1);
            for (long d = points.get(0).destinationOffset() - 2; d <= last.destinationOffset() + 2; d++) {
                assertEquals(floorByDestination(points, d), chunk.floorByDestination(d), "round " + round + ", destination " + d);
            }
            for (long s = points.get(0).sourceOffset() - 2; s <= last.sourceOffset() + 2; s++) {
                OffsetPoint[] bracket = chunk.bracketBySource(s);
                assertEquals(floorBySource(points, s), bracket[0], "round " + round + ", source " + s);
                assertEquals(higherBySource(points, s), bracket[1], "round " + round + ", source " + s);
            }
        }
    }

    @Test
    void keepsThePointsBelowADestinationOffset() {
        List<OffsetPoint> points = transactionalPoints(new Random(4), 50);
        OffsetChunk chunk = chunkOf(points);
        OffsetPoint cut = points.get(20);
        assertEquals(points.subList(0, 20), chunk.below(cut.destinationOffset()).points());
        assertEquals(points.subList(0, 21), chunk.below(cut.destinationOffset() + 1).points());
        assertNull(chunk.below(points.get(0).destinationOffset()));
    }

    private static OffsetPoint floorByDestination(List<OffsetPoint> points, long destination) {
        OffsetPoint floor = null;
        for (OffsetPoint point : points) {
            if (point.destinationOffset() <= destination) {
                floor = point;
            }
        }
        return floor;
    }

    private static OffsetPoint floorBySource(List<OffsetPoint> points, long source) {
        OffsetPoint floor = null;
        for (OffsetPoint point : points) {
            if (point.sourceOffset() <= source) {
                floor = point;
            }
        }
        return floor;
    }

    private static OffsetPoint higherBySource(List<OffsetPoint> points, long source) {
        return points.stream().filter(point -> point.sourceOffset() > source).findFirst().orElse(null);
    }
}
