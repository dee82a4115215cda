package dev.kafkalink.common.state;

import java.util.List;

/**
 * Where the restore of one topic stands (a {@code restore/<mirror topic>} record): the topic on the
 * destination was the source of the reverse link, which stopped mirroring it at
 * {@code reverseStoppedMs}; the restore makes it a mirror of this link's source again. Each phase is
 * stored before the step that follows it, so a restore interrupted anywhere goes on from its record.
 *
 * @param phase              how far the restore got
 * @param reason             why it is refused (phase REFUSED) or waits; null otherwise
 * @param reverseStoppedMs   the {@code updatedMs} of the reverse link's STOPPED state: a restore runs once per stop
 * @param destinationTopicId the topic id of the destination topic that was verified (the one to set aside and delete)
 * @param divergedTopic      where diverged records are set aside
 * @param partitions         per partition: where it diverged, where it ended and how many records were set aside
 * @param updatedMs          when this was written
 */
public record MirrorRestoreState(Phase phase, String reason, long reverseStoppedMs, String destinationTopicId,
                                 String divergedTopic, List<PartitionRestore> partitions, long updatedMs) {

    public enum Phase {
        /** Not started: the reason says what to fix; tried again at every discovery sweep. */
        REFUSED,
        /** Divergence points found and checked by comparing records; nothing changed yet. */
        VERIFIED,
        /** The diverged records are in the diverged topic, read back and compared: the topic may go. */
        SET_ASIDE,
        /** The topic is a mirror of this link's source again (in place, or re-created). */
        DONE
    }

    /**
     * One partition of the restored topic.
     *
     * @param divergence the first offset whose record the source does not hold (the source holds every record below it)
     * @param end        the partition's end offset when it was verified; records in [divergence, end) are set aside
     * @param diverged   records set aside (known once SET_ASIDE)
     */
    public record PartitionRestore(int partition, long divergence, long end, long diverged) {
    }

    /** Whether no partition holds a record the source does not: the topic is kept and mirrored in place. */
    public boolean inPlace() {
        return partitions.stream().allMatch(p -> p.divergence() >= p.end());
    }

    public long divergedTotal() {
        return partitions.stream().mapToLong(PartitionRestore::diverged).sum();
    }

    /** The same phase, waiting for what {@code why} says. */
    public MirrorRestoreState waiting(String why, long nowMs) {
        return new MirrorRestoreState(phase, why, reverseStoppedMs, destinationTopicId, divergedTopic, partitions, nowMs);
    }

    public MirrorRestoreState to(Phase next, List<PartitionRestore> withPartitions, long nowMs) {
        return new MirrorRestoreState(next, null, reverseStoppedMs, destinationTopicId, divergedTopic, withPartitions, nowMs);
    }
}
