package dev.kafkalink.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkalink.common.offsets.OffsetPoint;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionProgressTest {

    private static PartitionProgress progress(long sourcePosition, long destinationEnd) {
        return new PartitionProgress(new TopicPartition("t", 0), new TopicPartition("p.t", 0), sourcePosition,
                destinationEnd, destinationEnd == 0);
    }

    @Test
    void alignedRecordsNeedNoPoint() {
        PartitionProgress progress = progress(10, 10);
        assertNull(progress.take(10));
        assertNull(progress.take(11));
        assertEquals(12, progress.nextDestination());
    }

    @Test
    void aGapGivesAPointAtTheFirstRecordAfterIt() {
        PartitionProgress progress = progress(10, 10);
        progress.take(10);
        assertEquals(new OffsetPoint(14, 11), progress.take(14));
        assertNull(progress.take(15), "the run after the gap needs no more points");
    }

    @Test
    void restoreForgetsRecordsThatWereNotHandedOver() {
        PartitionProgress progress = progress(0, 0);
        PartitionProgress.Snapshot snapshot = progress.snapshot();
        progress.take(5);
        progress.restore(snapshot);
        assertEquals(0, progress.nextDestination());
        assertEquals(new OffsetPoint(5, 0), progress.take(5), "the point is predicted again");
    }

    @Test
    void destinationStaysEmptyUntilRecordsAreHandedOver() {
        PartitionProgress progress = progress(0, 0);
        assertTrue(progress.destinationEmpty());
        progress.advancedTo(7);
        assertNull(progress.take(7), "advanced to the next record: aligned");
        progress.handedOver(1);
        assertFalse(progress.destinationEmpty());
    }
}
