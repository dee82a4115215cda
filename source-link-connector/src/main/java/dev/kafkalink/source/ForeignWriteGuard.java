package dev.kafkalink.source;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import dev.kafkalink.common.clients.ListedOffsets;
import dev.kafkalink.common.state.LinkStateStore;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the link from interleaving its records with anyone else's. A mirror partition of an ACTIVE
 * mirror must end exactly where the task's next record will land: checked once a second for each
 * partition with nothing in flight, and on every record whose landing offset differs from the
 * prediction. A partition that fails the check is stopped and reported as a fault; the connector then
 * fails the mirror with that reason.
 */
final class ForeignWriteGuard {

    private static final Logger log = LoggerFactory.getLogger(ForeignWriteGuard.class);
    static final long CHECK_INTERVAL_MS = 1_000;

    private final Admin destination;
    private final LinkStateStore store;
    private final SourceReader reader;
    private final Collection<PartitionProgress> partitions;
    private long lastCheckMs;

    ForeignWriteGuard(Admin destination, LinkStateStore store, SourceReader reader, Collection<PartitionProgress> partitions) {
        this.destination = destination;
        this.store = store;
        this.reader = reader;
        this.partitions = partitions;
    }

    /** Compares the ends of idle mirror partitions with where the link's next record would land. */
    void check(long nowMs) throws ExecutionException, InterruptedException {
        if (nowMs - lastCheckMs < CHECK_INTERVAL_MS) {
            return;
        }
        lastCheckMs = nowMs;
        List<PartitionProgress> idle = partitions.stream()
                .filter(partition -> !reader.isStopped(partition.source) && partition.idle()).toList();
        Map<TopicPartition, Long> ends = ListedOffsets.ends(destination, idle.stream().map(partition -> partition.mirror).toList());
        for (PartitionProgress partition : idle) {
            long end = ends.get(partition.mirror);
            if (end > partition.nextDestination()) {
                fail(partition, "it ends at offset " + end + " while the link wrote up to " + partition.nextDestination());
            } else if (end < partition.nextDestination()) {
                fail(partition, "it ends at offset " + end + ", before the records the link wrote (up to "
                        + partition.nextDestination() + "): it was deleted or truncated");
            }
        }
    }

    /** A record from {@code sourceOffset} landed at {@code actual} instead of {@code expected}. */
    void recordMisplaced(PartitionProgress partition, long sourceOffset, long expected, long actual) {
        fail(partition, "the record from source offset " + sourceOffset + " landed at offset " + actual + ", not " + expected);
    }

    private void fail(PartitionProgress partition, String what) {
        if (reader.isStopped(partition.source)) {
            return;
        }
        reader.stop(partition.source);
        String reason = "mirror partition " + partition.mirror + " was written by something other than the link: " + what
                + ". The link stopped copying it rather than interleave records; fail the mirror over or recreate it";
        log.error(reason);
        store.putFault(partition.mirror, new LinkStateStore.Fault(System.currentTimeMillis(), reason));
    }
}
