package dev.kafkalink.offsets;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;

import dev.kafkalink.common.clients.ConsumerGroupListings;
import dev.kafkalink.common.clients.ListedOffsets;
import dev.kafkalink.common.errors.Failures;
import dev.kafkalink.common.filter.NameFilter;
import dev.kafkalink.common.offsets.PartitionOffsetMap;
import dev.kafkalink.common.state.LinkStateStore;
import dev.kafkalink.common.state.MirrorState;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedMemberEpochException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over the consumer groups a task owns: their committed offsets on the source, translated
 * to the mirrors, written to the destination where they differ from what is there.
 *
 * <p>Each step is one batched Admin call for all groups (the Admin client groups requests by
 * coordinator), except the writes, which Kafka takes one group at a time and which are sent
 * concurrently. A restart costs nothing: what the destination already holds is not written again.
 */
final class GroupOffsetSweep {

    /** Mirror states in which group offsets keep following the source. STOPPED mirrors belong to their new writers. */
    static final Set<MirrorState> FOLLOWING = EnumSet.of(MirrorState.ACTIVE, MirrorState.PAUSED,
            MirrorState.PENDING_STOPPED, MirrorState.SOURCE_UNAVAILABLE);

    private static final Logger log = LoggerFactory.getLogger(GroupOffsetSweep.class);
    private static final int WRITES_IN_FLIGHT = 500;

    /** A mirror topic whose group offsets follow the source. */
    private record Mirror(String name, int partitions) {
    }

    /** What one sweep saw and did. */
    record Result(int groupsInSync, int groupsWritten, int groupsSkippedActive, int groupsFailed, int offsetsWritten,
                  int offsetsClamped) {
    }

    private final Admin source;
    private final Admin destination;
    private final List<Admin> writers;
    private final LinkStateStore store;
    private final NameFilter filter;
    private final GroupShare share;
    private final UnaryOperator<String> destinationGroup;

    /**
     * @param writers destination clients the writes are spread over: an Admin client keeps one request in
     *                flight per connection, and Kafka takes offsets one group per request
     */
    GroupOffsetSweep(Admin source, Admin destination, List<Admin> writers, LinkStateStore store, NameFilter filter,
                     GroupShare share, UnaryOperator<String> destinationGroup) {
        this.source = source;
        this.destination = destination;
        this.writers = writers;
        this.store = store;
        this.filter = filter;
        this.share = share;
        this.destinationGroup = destinationGroup;
    }

    Result run() throws ExecutionException, InterruptedException {
        List<String> groups = sourceGroups();
        if (groups.isEmpty()) {
            return new Result(0, 0, 0, 0, 0, 0);
        }
        store.refresh();
        Map<String, Mirror> mirrors = followedMirrorsBySource();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = committed(source, "source", groups);
        Map<TopicPartition, TopicPartition> mirrorPartitions = mirrorPartitions(committed, mirrors);
        Map<TopicPartition, Long> ends = ListedOffsets.ends(destination, new HashSet<>(mirrorPartitions.values()));
        // Read after the ends: every record below them has its offset map points stored before it.
        store.refresh();
        Set<String> stillFollowed = followedMirrorsBySource().keySet();

        Counts counts = new Counts();
        Map<String, String> idle = idleOnDestination(groups, counts);
        Map<String, Map<TopicPartition, OffsetAndMetadata>> existing = committed(destination, "destination",
                List.copyOf(idle.values()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> writes = new HashMap<>();
        for (Map.Entry<String, String> group : idle.entrySet()) {
            Map<TopicPartition, OffsetAndMetadata> changes = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> there = existing.getOrDefault(group.getValue(), Map.of());
            committed.getOrDefault(group.getKey(), Map.of()).forEach((sourcePartition, offset) -> {
                TopicPartition mirror = mirrorPartitions.get(sourcePartition);
                if (mirror == null || !stillFollowed.contains(sourcePartition.topic())) {
                    return;
                }
                long end = ends.get(mirror);
                PartitionOffsetMap map = store.offsetMap(mirror);
                OffsetAndMetadata wanted = OffsetTranslation.translate(offset, map, end);
                if (wanted.offset() < map.destinationOffset(offset.offset())) {
                    counts.clamped++;
                }
                if (!OffsetTranslation.same(wanted, there.get(mirror))) {
                    changes.put(mirror, wanted);
                }
            });
            if (changes.isEmpty()) {
                counts.inSync++;
            } else {
                writes.put(group.getValue(), changes);
            }
        }
        write(writes, counts);
        return new Result(counts.inSync, counts.written, counts.skipped, counts.failed, counts.offsets, counts.clamped);
    }

    private static final class Counts {
        int inSync;
        int written;
        int skipped;
        int failed;
        int offsets;
        int clamped;
    }

    private List<String> sourceGroups() throws ExecutionException, InterruptedException {
        List<String> groups = new ArrayList<>();
        for (String group : ConsumerGroupListings.states(source).keySet()) {
            if (filter.matches(group) && share.owns(group)) {
                groups.add(group);
            }
        }
        return groups;
    }

    private Map<String, Mirror> followedMirrorsBySource() {
        Map<String, Mirror> bySource = new HashMap<>();
        store.mirrorStates().forEach((mirror, state) -> {
            if (FOLLOWING.contains(state.state())) {
                bySource.put(state.sourceTopic(), new Mirror(mirror, state.partitions()));
            }
        });
        return bySource;
    }

    /** Source partition -> mirror partition, for the partitions the groups committed that have a mirror. */
    private static Map<TopicPartition, TopicPartition> mirrorPartitions(Map<String, Map<TopicPartition, OffsetAndMetadata>> committed,
                                                                        Map<String, Mirror> mirrors) {
        Map<TopicPartition, TopicPartition> partitions = new HashMap<>();
        for (Map<TopicPartition, OffsetAndMetadata> offsets : committed.values()) {
            for (TopicPartition partition : offsets.keySet()) {
                Mirror mirror = mirrors.get(partition.topic());
                if (mirror != null && partition.partition() < mirror.partitions()) {
                    partitions.put(partition, new TopicPartition(mirror.name(), partition.partition()));
                }
            }
        }
        return partitions;
    }

    /**
     * Committed offsets per group, in one batched call; groups that vanished meanwhile are left out,
     * and so are groups the principal may not describe (said, and tried again next sweep).
     */
    private static Map<String, Map<TopicPartition, OffsetAndMetadata>> committed(Admin admin, String cluster, List<String> groups)
            throws ExecutionException, InterruptedException {
        Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets = new HashMap<>();
        if (groups.isEmpty()) {
            return offsets;
        }
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
        // requireStable: wait for pending transactional commits instead of reading the offset before them.
        ListConsumerGroupOffsetsResult result = admin.listConsumerGroupOffsets(specs,
                new ListConsumerGroupOffsetsOptions().requireStable(true));
        for (String group : groups) {
            try {
                Map<TopicPartition, OffsetAndMetadata> groupOffsets = new HashMap<>();
                result.partitionsToOffsetAndMetadata(group).get().forEach((partition, offset) -> {
                    if (offset != null) {
                        groupOffsets.put(partition, offset);
                    }
                });
                offsets.put(group, groupOffsets);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupAuthorizationException) {
                    log.warn("The link's principal may not read the offsets of group {} on the {} cluster (it needs DESCRIBE "
                            + "on the group there): {}", group, cluster, Failures.describe(e.getCause()));
                } else if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
            }
        }
        return offsets;
    }

    /** Source group -> destination group, for the groups that nobody consumes with on the destination. */
    private Map<String, String> idleOnDestination(List<String> groups, Counts counts)
            throws ExecutionException, InterruptedException {
        Map<String, String> states = ConsumerGroupListings.states(destination);
        Map<String, String> idle = new HashMap<>();
        for (String group : groups) {
            String target = destinationGroup.apply(group);
            String state = states.get(target);
            if (state == null || ConsumerGroupListings.isIdle(state)) {
                idle.put(group, target);
            } else {
                counts.skipped++;
                log.debug("Group {} is not synced now: on the destination it is {}; it is synced when it is empty",
                        target, state);
            }
        }
        return idle;
    }

    private void write(Map<String, Map<TopicPartition, OffsetAndMetadata>> writes, Counts counts)
            throws ExecutionException, InterruptedException {
        List<String> groups = List.copyOf(writes.keySet());
        for (int from = 0; from < groups.size(); from += WRITES_IN_FLIGHT) {
            Map<String, KafkaFuture<Void>> sent = new HashMap<>();
            for (int i = from; i < Math.min(groups.size(), from + WRITES_IN_FLIGHT); i++) {
                String group = groups.get(i);
                sent.put(group, writers.get(i % writers.size()).alterConsumerGroupOffsets(group, writes.get(group)).all());
            }
            for (Map.Entry<String, KafkaFuture<Void>> write : sent.entrySet()) {
                awaitWrite(write.getKey(), write.getValue(), writes.get(write.getKey()).size(), counts);
            }
        }
    }

    private static void awaitWrite(String group, KafkaFuture<Void> write, int offsets, Counts counts)
            throws ExecutionException, InterruptedException {
        try {
            write.get();
            counts.written++;
            counts.inSync++;
            counts.offsets += offsets;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnknownMemberIdException || cause instanceof GroupNotEmptyException
                    || cause instanceof RebalanceInProgressException || cause instanceof FencedMemberEpochException) {
                counts.skipped++;
                log.debug("Group {} got members on the destination during the sweep; it is synced when it is empty", group);
            } else if (cause instanceof GroupAuthorizationException || cause instanceof TopicAuthorizationException) {
                // One group's missing ACL must not stop the others: counted, said, and tried again next sweep.
                counts.failed++;
                log.warn("The link's principal may not commit the offsets of group {} on the destination (it needs READ on "
                        + "the group and on its mirror topics): {}", group, Failures.describe(cause));
            } else if (Failures.isPermanent(cause)) {
                throw e;
            } else {
                counts.failed++;
                log.warn("Could not write the offsets of group {} on the destination; next sweep retries: {}", group,
                        Failures.describe(cause));
            }
        }
    }
}
