package dev.kafkalink.common.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import dev.kafkalink.common.offsets.OffsetChunk;
import dev.kafkalink.common.offsets.OffsetPoint;
import dev.kafkalink.common.offsets.PartitionOffsetMap;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetMapsTest {

    private static final TopicPartition MINE = new TopicPartition("orders", 0);
    private static final TopicPartition OTHERS = new TopicPartition("orders", 1);

    private static String text(byte[] key) {
        return StateRecords.text(key);
    }

    private static void applyChunk(OffsetMaps maps, TopicPartition partition, OffsetChunk chunk) {
        maps.apply(text(StateRecords.mapKey(partition, chunk.first().destinationOffset())), chunk.encoded());
    }

    @Test
    void holdsOnlyTheMapsOfThePartitionsItWasOpenedFor() {
        OffsetMaps maps = new OffsetMaps(MINE::equals);
        OffsetChunk chunk = OffsetChunk.builder(new OffsetPoint(10, 5)).add(new OffsetPoint(20, 7)).build();
        applyChunk(maps, MINE, chunk);
        applyChunk(maps, OTHERS, chunk);
        assertEquals(chunk.points(), maps.copyOf(MINE).points());
        assertTrue(maps.copyOf(OTHERS).isEmpty(), "a partition it was not opened for");
        assertEquals(chunk.size(), maps.bytes());
        assertThrows(IllegalStateException.class, () -> maps.forWriting(OTHERS));
    }

    @Test
    void aCopyHandedOutDoesNotChangeWithLaterRecords() {
        OffsetMaps maps = new OffsetMaps(partition -> true);
        applyChunk(maps, MINE, OffsetChunk.builder(new OffsetPoint(10, 5)).build());
        PartitionOffsetMap before = maps.copyOf(MINE);
        applyChunk(maps, MINE, OffsetChunk.builder(new OffsetPoint(10, 5)).add(new OffsetPoint(20, 7)).build());
        assertEquals(1, before.size());
        assertEquals(2, maps.copyOf(MINE).size());
    }

    @Test
    void readsPointsStoredOnePerRecordAndTheirWriterMovesThemIntoChunks() {
        OffsetMaps maps = new OffsetMaps(partition -> true);
        maps.apply(text(StateRecords.offsetKey(MINE, 5)), StateRecords.encodeSourceOffset(10));
        maps.apply(text(StateRecords.offsetKey(MINE, 7)), StateRecords.encodeSourceOffset(20));
        maps.apply(text(StateRecords.offsetKey(MINE, 9)), StateRecords.encodeSourceOffset(30));
        maps.apply(text(StateRecords.offsetKey(MINE, 9)), null);
        assertEquals(List.of(new OffsetPoint(10, 5), new OffsetPoint(20, 7)), maps.copyOf(MINE).points());

        PartitionOffsetMap writing = maps.forWriting(MINE);
        Map<Long, OffsetChunk> pending = writing.pendingChanges();
        assertEquals(List.of(5L), List.copyOf(pending.keySet()), "the moved points are one chunk to store");
        assertEquals(2, maps.legacyKeys(MINE).size(), "then the records of the two live points are deleted");
    }

    @Test
    void chunksWinOverPointsStoredOnePerRecordWhenAMoveWasInterrupted() {
        OffsetMaps maps = new OffsetMaps(partition -> true);
        maps.apply(text(StateRecords.offsetKey(MINE, 5)), StateRecords.encodeSourceOffset(10));
        applyChunk(maps, MINE, OffsetChunk.builder(new OffsetPoint(10, 5)).add(new OffsetPoint(20, 7)).build());
        assertEquals(2, maps.copyOf(MINE).size());
        assertEquals(2, maps.forWriting(MINE).size());
    }

    @Test
    void itsWriterDoesNotApplyItsOwnRecordsWhenItReadsThemBack() {
        OffsetMaps maps = new OffsetMaps(partition -> true);
        PartitionOffsetMap writing = maps.forWriting(MINE);
        writing.addAll(List.of(new OffsetPoint(10, 5), new OffsetPoint(20, 7)));
        applyChunk(maps, MINE, OffsetChunk.builder(new OffsetPoint(10, 5)).build()); // an older copy of its tail
        assertEquals(2, maps.copyOf(MINE).size());
    }
}
