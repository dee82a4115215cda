package dev.kafkalink.common.offsets;

/** The source record at {@code sourceOffset} is the destination record at {@code destinationOffset}. */
public record OffsetPoint(long sourceOffset, long destinationOffset) {

    /** How far the destination is behind the source at this point. */
    public long delta() {
        return sourceOffset - destinationOffset;
    }
}
