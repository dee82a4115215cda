package dev.kafkalink.offsets;

import java.util.Optional;

import dev.kafkalink.common.offsets.PartitionOffsetMap;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * A source group's committed offset as the same position on the mirror: the identity where the
 * mirror is aligned, through the offset map otherwise, and never beyond the mirror's end, so that a
 * consumer resuming there after a failover cannot skip a record the mirror has not received yet.
 */
final class OffsetTranslation {

    private OffsetTranslation() {
    }

    /**
     * @param map            the mirror partition's offset map, read after {@code destinationEnd} so that it
     *                       describes every record below that end
     * @param destinationEnd the mirror partition's end offset
     */
    static OffsetAndMetadata translate(OffsetAndMetadata source, PartitionOffsetMap map, long destinationEnd) {
        long translated = Math.min(map.destinationOffset(source.offset()), destinationEnd);
        // The leader epoch belongs to the source cluster's log: the destination's would be checked against it.
        return new OffsetAndMetadata(translated, Optional.empty(), source.metadata());
    }

    /** Whether the destination already holds exactly this commit, so writing it again would change nothing. */
    static boolean same(OffsetAndMetadata wanted, OffsetAndMetadata existing) {
        return existing != null && existing.offset() == wanted.offset()
                && existing.metadata().equals(wanted.metadata());
    }
}
