package dev.kafkalink.source;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import dev.kafkalink.common.clients.ListedOffsets;
import dev.kafkalink.common.state.LinkStateStore;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the link from interleaving its records with anyone else's. A mirror partition of an ACTIVE
 * mirror must end exactly where the task's next record will land: checked once a second for each
 * partition with nothing in flight, and on every record whose landing offset differs from the
 * prediction. The mirror topic must also stay the one the task started with: a topic deleted (or
 * deleted and created again) on the destination is never written to. A partition that fails a check
 * is stopped and reported as a fault; the connector then takes it from the tasks (or fails the whole
 * mirror, {@code mirror.fault.scope=topic}) with that reason. A misplaced record behind the link's own
 * records written twice ({@link OwnDuplicates}) is reported as that, not as a foreign write. Unless
 * another instance of the task claimed the partition since ({@link PartitionClaims}): then this
 * instance is the stale one, and it only stops.
 */
final class ForeignWriteGuard {

    private static final Logger log = LoggerFactory.getLogger(ForeignWriteGuard.class);
    static final long CHECK_INTERVAL_MS = 1_000;

    private final Admin destination;
    private final LinkStateStore store;
    private final SourceReader reader;
    private final PartitionClaims claims;
    private final OwnDuplicates ownDuplicates;
    private final Collection<PartitionProgress> partitions;
    private final Map<String, Uuid> mirrorTopicIds = new HashMap<>();
    private long lastCheckMs;

    ForeignWriteGuard(Admin destination, LinkStateStore store, SourceReader reader, PartitionClaims claims,
                      OwnDuplicates ownDuplicates, Collection<PartitionProgress> partitions) {
        this.destination = destination;
        this.store = store;
        this.reader = reader;
        this.claims = claims;
        this.ownDuplicates = ownDuplicates;
        this.partitions = partitions;
    }

    /**
     * Checks that each mirror topic is still the one the task started with (not deleted, not created
     * again), and compares the ends of idle mirror partitions with where the link's next record would land.
     */
    void check(long nowMs) throws ExecutionException, InterruptedException {
        if (nowMs - lastCheckMs < CHECK_INTERVAL_MS) {
            return;
        }
        lastCheckMs = nowMs;
        checkTopicIds();
        List<PartitionProgress> idle = partitions.stream()
                .filter(partition -> !reader.isStopped(partition.source) && partition.idle()).toList();
        Map<TopicPartition, Long> ends = ListedOffsets.ends(destination, idle.stream().map(partition -> partition.mirror).toList(),
                SourceLinkTask.CHECK_TIMEOUT_MS);
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

    /** The first check pins each mirror topic's id; later ones fail the partitions of a topic that is gone or new. */
    private void checkTopicIds() throws ExecutionException, InterruptedException {
        Set<String> topics = new HashSet<>();
        partitions.stream().filter(partition -> !reader.isStopped(partition.source))
                .forEach(partition -> topics.add(partition.mirror.topic()));
        Map<String, Uuid> ids = new HashMap<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> topic : destination.describeTopics(topics,
                new DescribeTopicsOptions().timeoutMs(SourceLinkTask.CHECK_TIMEOUT_MS)).topicNameValues().entrySet()) {
            try {
                ids.put(topic.getKey(), topic.getValue().get().topicId());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        for (PartitionProgress partition : partitions) {
            String topic = partition.mirror.topic();
            if (!topics.contains(topic)) {
                continue;
            }
            Uuid pinned = mirrorTopicIds.putIfAbsent(topic, ids.get(topic));
            Uuid now = ids.get(topic);
            if (now == null) {
                failTopic(partition, "the mirror topic " + topic + " was deleted on the destination");
            } else if (pinned != null && !pinned.equals(now)) {
                failTopic(partition, "the mirror topic " + topic + " was deleted and created again on the destination "
                        + "(topic id " + pinned + ", now " + now + ")");
            }
        }
    }

    /**
     * A record from {@code sourceOffset} landed at {@code actual} instead of {@code expected}: stops the
     * partition, saying whether the records before it are the link's own written twice.
     */
    void recordMisplaced(PartitionProgress partition, long sourceOffset, long expected, long actual) {
        if (reader.isStopped(partition.source) || claims.lostToAnother(partition, reader)) {
            return;
        }
        String landed = "the record from source offset " + sourceOffset + " landed at offset " + actual + ", not " + expected;
        if (actual > expected && ownDuplicates.check(partition.source, sourceOffset, partition.mirror, expected, actual)
                == OwnDuplicates.Verdict.OWN_DUPLICATES) {
            stop(partition, "mirror partition " + partition.mirror + " holds records of the link written twice: " + landed
                    + ", and the " + (actual - expected) + " record(s) from offset " + expected + " are byte-for-byte copies "
                    + "(key, value, headers, timestamp) of the source records from offset " + sourceOffset + " that the link "
                    + "copied. " + AVOID_OWN_DUPLICATES + " Consumers of this partition see those records twice and its offsets "
                    + "no longer match the source's."
                    + " The link stopped copying this partition; fail the mirror over to keep it as it is, or delete the "
                    + "mirror's state and topic to copy it again");
            return;
        }
        fail(partition, landed);
    }

    /** Why the link's own records can land twice although its producer is idempotent. */
    static final String AVOID_OWN_DUPLICATES = "The link's producer is idempotent, so its retries cannot do this: a "
            + "stalled instance of this task (a worker that stood still, a long GC pause perhaps, while Connect moved its "
            + "tasks) still sent records it had in hand before it found the partition claimed by the task that copies it now.";

    private void failTopic(PartitionProgress partition, String what) {
        stop(partition, what + ". The link stopped copying it and does not create it again; fail the mirror over, or "
                + "delete the mirror's state and the topic to start over");
    }

    private void fail(PartitionProgress partition, String what) {
        if (claims.lostToAnother(partition, reader)) {
            return;
        }
        stop(partition, "mirror partition " + partition.mirror + " was written by something other than the link: " + what
                + ". The link stopped copying it rather than interleave records; fail the mirror over or recreate it");
    }

    private void stop(PartitionProgress partition, String reason) {
        if (reader.isStopped(partition.source)) {
            return;
        }
        reader.stop(partition.source);
        log.error(reason);
        store.putFault(partition.mirror, new LinkStateStore.Fault(System.currentTimeMillis(), reason));
    }
}
