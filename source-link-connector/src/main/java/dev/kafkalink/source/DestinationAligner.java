package dev.kafkalink.source;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import dev.kafkalink.common.clients.ListedOffsets;
import dev.kafkalink.common.state.LinkStateStore;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Advances empty mirror partitions to the offset their next record must land at: identical filler
 * records ({@link FillerWriter}) up to the target, then {@code DeleteRecords} so that no consumer
 * ever reads a filler. An empty partition can always be advanced, because nobody can see the
 * difference; a partition that holds records cannot.
 *
 * <p>The target is stored first, so a task that crashes midway finishes the job when it restarts
 * (from the partition's end at that time); each filler lands exactly once, and the end offset is
 * checked before the real record is written.
 */
final class DestinationAligner {

    private static final Logger log = LoggerFactory.getLogger(DestinationAligner.class);

    private final Admin destination;
    private final LinkStateStore store;
    private final FillerWriter fillers;

    DestinationAligner(Map<String, Object> destinationSettings, Admin destination, LinkStateStore store, String clientId) {
        this.destination = destination;
        this.store = store;
        this.fillers = new FillerWriter(destinationSettings, clientId);
    }

    /**
     * Fills each mirror partition from its end up to its target, then deletes everything below the
     * target. Partitions of compact-only topics are left as they are (Kafka refuses DeleteRecords on
     * them, so fillers would stay visible): their gaps go to the offset map instead.
     *
     * @return the partitions now aligned to their target
     */
    Set<TopicPartition> align(Map<TopicPartition, Long> targets) throws ExecutionException, InterruptedException {
        Set<String> compactOnly = compactOnly(targets.keySet());
        Map<TopicPartition, Long> alignable = new HashMap<>(targets);
        alignable.keySet().removeIf(partition -> compactOnly.contains(partition.topic()));
        if (alignable.isEmpty()) {
            return Set.of();
        }
        alignable.forEach(store::putAlignment);
        long started = System.nanoTime();
        Map<TopicPartition, Long> ends = ListedOffsets.ends(destination, alignable.keySet());
        Map<TopicPartition, Long> counts = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> target : alignable.entrySet()) {
            long end = ends.get(target.getKey());
            if (end > target.getValue()) {
                throw new ConnectException("Mirror partition " + target.getKey() + " ends at " + end + ", beyond offset "
                        + target.getValue() + " it was to be aligned to: something else writes to the mirror topic");
            }
            counts.put(target.getKey(), target.getValue() - end);
        }
        fillers.write(counts);
        verifyEnds(alignable);
        deleteBelow(alignable);
        log.info("Aligned {} mirror partitions with {} filler records in {} ms (now deleted)", alignable.size(),
                counts.values().stream().mapToLong(Long::longValue).sum(), (System.nanoTime() - started) / 1_000_000);
        return alignable.keySet();
    }

    private Set<String> compactOnly(Set<TopicPartition> partitions) throws ExecutionException, InterruptedException {
        List<ConfigResource> topics = partitions.stream().map(TopicPartition::topic).distinct()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
        Set<String> compactOnly = new HashSet<>();
        destination.describeConfigs(topics).all().get().forEach((topic, config) -> {
            ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            if (policy != null && !policy.value().contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
                compactOnly.add(topic.name());
            }
        });
        return compactOnly;
    }

    /** Deletes fillers left below the start of partitions whose alignment was interrupted before that step. */
    void deleteBelow(Map<TopicPartition, Long> starts) throws ExecutionException, InterruptedException {
        if (starts.isEmpty()) {
            return;
        }
        Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
        starts.forEach((partition, start) -> deletions.put(partition, RecordsToDelete.beforeOffset(start)));
        destination.deleteRecords(deletions).all().get();
    }

    private void verifyEnds(Map<TopicPartition, Long> targets) throws ExecutionException, InterruptedException {
        for (var end : ListedOffsets.ends(destination, targets.keySet()).entrySet()) {
            long expected = targets.get(end.getKey());
            if (end.getValue() != expected) {
                throw new ConnectException("Aligning mirror partition " + end.getKey() + " to offset " + expected
                        + " ended at " + end.getValue() + ": something else writes to the mirror topic");
            }
        }
    }
}
