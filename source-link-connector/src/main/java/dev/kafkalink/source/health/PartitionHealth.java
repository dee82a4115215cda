package dev.kafkalink.source.health;

/**
 * One mirror partition as the link-level check saw it.
 *
 * @param sourceEnd           the source partition's last stable offset (where a read_committed reader ends)
 * @param mirroredUpTo        the source position the mirror holds every record before (through the offset map)
 * @param lag                 offsets between the two that hold a record: 0 when only transaction markers remain
 * @param oldestUnmirroredMs  the source timestamp of the first record the mirror does not hold yet; -1 when none
 */
public record PartitionHealth(int partition, long sourceEnd, long mirroredUpTo, long lag, long oldestUnmirroredMs) {

    /** Seconds since the oldest record the mirror does not hold was written at the source; 0 when caught up. */
    public long secondsBehind(long nowMs) {
        return oldestUnmirroredMs < 0 ? 0 : Math.max(0, (nowMs - oldestUnmirroredMs) / 1000);
    }
}
