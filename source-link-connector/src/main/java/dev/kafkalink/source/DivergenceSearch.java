package dev.kafkalink.source;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Finds where a partition of a restored topic (the destination's, which was the reverse link's source)
 * stopped agreeing with this link's source (which was the reverse link's mirror, so it holds the same
 * records at the same offsets up to where that mirror stopped), by comparing records.
 *
 * <p>The reverse link's release says where its mirror stopped (the hint). It is checked, not trusted:
 * every record in the window below the hint must be the same on both sides, or the restore is refused;
 * from the hint on, the first offset whose records differ (or the end of either side) is the
 * divergence point. Offsets without a committed record on both sides (transaction markers) agree.
 */
final class DivergenceSearch {

    /** Records below the hint compared on both sides. */
    static final int VERIFIED_WINDOW = 1_000;
    /** Records from the hint on that may still agree (the reverse link's release is a lower bound of what it copied). */
    static final int SEARCH_AHEAD = 10_000;

    /** The divergence point, or why there is none that the records confirm. */
    record Outcome(long divergence, String problem) {
        static Outcome at(long divergence) {
            return new Outcome(divergence, null);
        }

        static Outcome refused(String problem) {
            return new Outcome(-1, problem);
        }
    }

    private DivergenceSearch() {
    }

    /** Where the comparison starts: below it, one of the two logs no longer holds records. */
    static long windowStart(long hint, long destinationStart, long sourceStart) {
        return Math.max(Math.max(destinationStart, sourceStart), hint - VERIFIED_WINDOW);
    }

    /**
     * @param hint        where the reverse link stopped mirroring, as its state says
     * @param from        the first offset compared ({@link #windowStart})
     * @param to          the first offset not compared: the end of either side, or {@link #SEARCH_AHEAD} past the hint
     * @param sourceEnd   the source partition's end offset
     * @param destination the destination's committed records in [from, to)
     * @param source      the source's committed records in [from, to)
     */
    static Outcome find(String partition, long hint, long destinationStart, long sourceStart, long from, long to,
                        long destinationEnd, long sourceEnd,
                        List<ConsumerRecord<byte[], byte[]>> destination, List<ConsumerRecord<byte[], byte[]>> source) {
        long expected = Math.min(hint, destinationEnd);
        if (sourceEnd < expected) {
            return Outcome.refused(partition + ": the source ends at " + sourceEnd + ", below offset " + expected
                    + " that the reverse link had mirrored: it does not hold the records the restore would keep");
        }
        if (destinationStart < expected && sourceStart >= expected) {
            return Outcome.refused(partition + ": the source no longer holds the records below offset " + expected
                    + " (its log starts at " + sourceStart + "), so they cannot be compared");
        }
        Map<Long, ConsumerRecord<byte[], byte[]>> sourceByOffset = new HashMap<>();
        source.forEach(record -> sourceByOffset.put(record.offset(), record));
        Map<Long, ConsumerRecord<byte[], byte[]>> destinationByOffset = new HashMap<>();
        destination.forEach(record -> destinationByOffset.put(record.offset(), record));
        for (long offset = from; offset < to; offset++) {
            ConsumerRecord<byte[], byte[]> mine = destinationByOffset.get(offset);
            ConsumerRecord<byte[], byte[]> theirs = sourceByOffset.get(offset);
            boolean agree = mine == null ? theirs == null : theirs != null && PartitionRecords.same(mine, theirs);
            if (agree) {
                continue;
            }
            if (offset < expected) {
                return Outcome.refused(partition + ": the records at offset " + offset + " differ, although the reverse "
                        + "link's state says it had mirrored up to " + expected + ": this topic is not what that link mirrored");
            }
            return Outcome.at(offset);
        }
        if (to < Math.min(destinationEnd, sourceEnd)) {
            return Outcome.refused(partition + ": the records still agree at offset " + to + ", far beyond offset " + expected
                    + " where the reverse link stopped mirroring");
        }
        return Outcome.at(to);
    }
}
