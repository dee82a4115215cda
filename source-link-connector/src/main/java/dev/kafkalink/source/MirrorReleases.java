package dev.kafkalink.source;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.kafkalink.common.state.LinkStateStore;
import dev.kafkalink.common.state.MirrorState;
import dev.kafkalink.common.state.MirrorTopicState;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task's side of promote and failover (see {@link MirrorOperations}): for a partition whose
 * mirror is PENDING_STOPPED it stops reading (failover: at once; promote: once the partition is
 * caught up and the source was quiet since the last check), waits until none of its records is in
 * flight, and records the release with where it stopped; from then on it writes nothing more to it.
 * A promote that the connector renews (the source got records after all) reads the partition again.
 * A STOPPED mirror's partition is never read. Checks the link's state at most once a second.
 */
final class MirrorReleases {

    private static final Logger log = LoggerFactory.getLogger(MirrorReleases.class);
    static final long CHECK_INTERVAL_MS = 1_000;

    private final LinkStateStore store;
    private final SourceReader reader;
    private final Collection<PartitionProgress> partitions;
    private final Set<TopicPartition> releasedHere = new HashSet<>();
    private final Map<TopicPartition, Long> positionAtLastCheck = new HashMap<>();
    private long lastCheckMs = -CHECK_INTERVAL_MS;

    MirrorReleases(LinkStateStore store, SourceReader reader, Collection<PartitionProgress> partitions) {
        this.store = store;
        this.reader = reader;
        this.partitions = partitions;
    }

    /** Checks when a second has passed since the last check. */
    void check(long nowMs) {
        if (nowMs - lastCheckMs < CHECK_INTERVAL_MS) {
            return;
        }
        lastCheckMs = nowMs;
        store.refresh(java.time.Duration.ofMillis(SourceLinkTask.CHECK_TIMEOUT_MS));
        for (PartitionProgress partition : partitions) {
            Optional<MirrorTopicState> state = store.mirrorState(partition.mirror.topic());
            if (state.isEmpty()) {
                continue;
            }
            if (state.get().state() == MirrorState.STOPPED) {
                reader.stop(partition.source);
            } else if (state.get().state() == MirrorState.PENDING_STOPPED) {
                release(partition, state.get());
            }
        }
    }

    private void release(PartitionProgress partition, MirrorTopicState pending) {
        Optional<LinkStateStore.Release> released = store.release(partition.mirror);
        if (released.filter(release -> release.stateUpdatedMs() == pending.updatedMs()).isPresent()) {
            reader.stop(partition.source); // released before, perhaps by this task's previous run: never read again
            releasedHere.add(partition.source);
            return;
        }
        if (releasedHere.remove(partition.source)) {
            reader.restart(partition.source); // a renewed promote: the source got records after the release
        }
        boolean failover = !MirrorOperations.PROMOTE_PENDING.equals(pending.reason());
        if (failover || caughtUpAndQuiet(partition)) {
            reader.stop(partition.source);
        }
        if (reader.isStopped(partition.source) && partition.idle()) {
            long position = reader.position(partition.source);
            store.putRelease(partition.mirror, new LinkStateStore.Release(pending.updatedMs(), position));
            releasedHere.add(partition.source);
            log.info("Released mirror partition {} at source position {} ({}): this task writes nothing more to it",
                    partition.mirror, position, failover ? "failover" : "promote, caught up with the source");
        }
    }

    /** No lag now, and the position did not move since the last check: nothing came in for a second. */
    private boolean caughtUpAndQuiet(PartitionProgress partition) {
        long position = reader.position(partition.source);
        Long before = positionAtLastCheck.put(partition.source, position);
        return reader.lag(partition.source).orElse(-1) == 0 && before != null && before == position;
    }
}
