package dev.kafkalink.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Where a restored partition diverged: found by comparing records, the reverse link's word only a start. */
class DivergenceSearchTest {

    private static ConsumerRecord<byte[], byte[]> record(long offset, String value) {
        return new ConsumerRecord<>("orders", 0, offset, 1_000 + offset, TimestampType.CREATE_TIME, 1, value.length(),
                ("k" + offset).getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8),
                new RecordHeaders(), Optional.empty());
    }

    /** Records at offsets [from, to): "common" below {@code split}, then {@code tail}. */
    private static List<ConsumerRecord<byte[], byte[]>> log(long from, long to, long split, String tail) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (long offset = from; offset < to; offset++) {
            records.add(record(offset, offset < split ? "common" : tail));
        }
        return records;
    }

    private static DivergenceSearch.Outcome find(long hint, long destinationEnd, long sourceEnd,
                                                 List<ConsumerRecord<byte[], byte[]>> destination,
                                                 List<ConsumerRecord<byte[], byte[]>> source) {
        long from = DivergenceSearch.windowStart(Math.min(hint, destinationEnd), 0, 0);
        long to = Math.min(Math.min(destinationEnd, sourceEnd), Math.min(hint, destinationEnd) + DivergenceSearch.SEARCH_AHEAD);
        return DivergenceSearch.find("orders-0", hint, 0, 0, from, to, destinationEnd, sourceEnd,
                destination.stream().filter(r -> r.offset() >= from && r.offset() < to).toList(),
                source.stream().filter(r -> r.offset() >= from && r.offset() < to).toList());
    }

    @Test
    void divergesWhereTheRecordsStopAgreeing() {
        DivergenceSearch.Outcome outcome = find(5_000, 8_000, 9_000, log(0, 8_000, 5_000, "old primary"),
                log(0, 9_000, 5_000, "new primary"));
        assertNull(outcome.problem());
        assertEquals(5_000, outcome.divergence());
    }

    @Test
    void aReleaseBelowWhatWasCopiedIsALowerBound() {
        DivergenceSearch.Outcome outcome = find(4_990, 8_000, 9_000, log(0, 8_000, 5_000, "old primary"),
                log(0, 9_000, 5_000, "new primary"));
        assertEquals(5_000, outcome.divergence());
    }

    @Test
    void noDivergenceWhenTheOldPrimaryEndsWhereTheMirrorStopped() {
        DivergenceSearch.Outcome outcome = find(5_000, 5_000, 9_000, log(0, 5_000, 5_000, "-"),
                log(0, 9_000, 5_000, "new primary"));
        assertNull(outcome.problem());
        assertEquals(5_000, outcome.divergence());
    }

    @Test
    void refusesWhenRecordsBelowTheReleaseDiffer() {
        DivergenceSearch.Outcome outcome = find(5_000, 8_000, 9_000, log(0, 8_000, 4_500, "old primary"),
                log(0, 9_000, 5_000, "new primary"));
        assertTrue(outcome.problem().contains("offset 4500 differ"), outcome.problem());
    }

    @Test
    void refusesWhenTheSourceEndsBelowWhatTheReverseLinkMirrored() {
        DivergenceSearch.Outcome outcome = find(5_000, 8_000, 4_000, log(0, 8_000, 8_000, "-"), log(0, 4_000, 4_000, "-"));
        assertTrue(outcome.problem().contains("the source ends at 4000"), outcome.problem());
    }

    @Test
    void refusesWhenTheSourceNoLongerHoldsTheCommonRecords() {
        DivergenceSearch.Outcome outcome = DivergenceSearch.find("orders-0", 5_000, 0, 6_000, 6_000, 6_000, 8_000, 9_000,
                List.of(), List.of());
        assertTrue(outcome.problem().contains("its log starts at 6000"), outcome.problem());
    }
}
