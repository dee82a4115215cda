package dev.kafkalink.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import dev.kafkalink.common.offsets.OffsetPoint;
import dev.kafkalink.common.offsets.PartitionOffsetMap;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

class OffsetTranslationTest {

    /** source 0..4 mirrored at 0..4, hole 5..7, 8..9 at 5..6, marker 10, 11.. at 7.. */
    private static PartitionOffsetMap mapWithGaps() {
        PartitionOffsetMap map = new PartitionOffsetMap();
        map.add(new OffsetPoint(8, 5));
        map.add(new OffsetPoint(11, 7));
        return map;
    }

    private static OffsetAndMetadata commit(long offset) {
        return new OffsetAndMetadata(offset, Optional.of(42), "meta-" + offset);
    }

    @Test
    void alignedPartitionsKeepTheOffsetAndTheMetadataButNotTheSourceLeaderEpoch() {
        OffsetAndMetadata translated = OffsetTranslation.translate(commit(120), new PartitionOffsetMap(), 500);
        assertEquals(120, translated.offset());
        assertEquals("meta-120", translated.metadata());
        assertEquals(Optional.empty(), translated.leaderEpoch());
    }

    @Test
    void positionsGoThroughTheMap() {
        PartitionOffsetMap map = mapWithGaps();
        assertEquals(3, OffsetTranslation.translate(commit(3), map, 100).offset(), "before the first gap");
        assertEquals(5, OffsetTranslation.translate(commit(5), map, 100).offset(), "in the hole: the next mirrored record");
        assertEquals(5, OffsetTranslation.translate(commit(7), map, 100).offset());
        assertEquals(5, OffsetTranslation.translate(commit(8), map, 100).offset());
        assertEquals(6, OffsetTranslation.translate(commit(9), map, 100).offset());
        assertEquals(7, OffsetTranslation.translate(commit(10), map, 100).offset(), "the marker: the record after it");
        assertEquals(7, OffsetTranslation.translate(commit(11), map, 100).offset());
        assertEquals(20, OffsetTranslation.translate(commit(24), map, 100).offset());
    }

    @Test
    void neverBeyondWhatTheMirrorHolds() {
        assertEquals(80, OffsetTranslation.translate(commit(100), new PartitionOffsetMap(), 80).offset());
        assertEquals(6, OffsetTranslation.translate(commit(24), mapWithGaps(), 6).offset());
        assertEquals(0, OffsetTranslation.translate(commit(24), new PartitionOffsetMap(), 0).offset());
    }

    @Test
    void sameOnlyWhenOffsetAndMetadataMatch() {
        OffsetAndMetadata wanted = new OffsetAndMetadata(10, Optional.empty(), "m");
        assertTrue(OffsetTranslation.same(wanted, new OffsetAndMetadata(10, Optional.of(3), "m")));
        assertFalse(OffsetTranslation.same(wanted, new OffsetAndMetadata(11, Optional.empty(), "m")));
        assertFalse(OffsetTranslation.same(wanted, new OffsetAndMetadata(10, Optional.empty(), "")));
        assertFalse(OffsetTranslation.same(wanted, null));
    }
}
