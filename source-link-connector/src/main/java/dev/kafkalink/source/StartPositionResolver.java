package dev.kafkalink.source;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import dev.kafkalink.common.clients.ListedOffsets;
import dev.kafkalink.common.state.LinkStateStore;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where each partition of a task resumes, from the destination: the truth about progress is
 * the mirror partition's end offset, translated through the offset map, never Connect's offsets.
 *
 * <ul>
 *   <li>An alignment the store knows of and the mirror has not reached: interrupted; it is finished.
 *   <li>Empty mirror, no map, no alignment: a new mirror. It starts at the offset that
 *       {@code mirror.start.offset.spec} gives; the empty partition is advanced to it first.
 *   <li>Otherwise: resume after the source record that the mirror's last record holds (fillers that a
 *       crash left below an alignment target are deleted first).
 * </ul>
 */
final class StartPositionResolver {

    private static final Logger log = LoggerFactory.getLogger(StartPositionResolver.class);

    /**
     * Where a partition resumes: the source offset to read next, where its record will land, and
     * whether the mirror partition holds no record (so it may still be advanced).
     */
    record Start(long sourcePosition, long destinationEnd, boolean destinationEmpty) {
    }

    private final Admin source;
    private final Admin destination;
    private final LinkStateStore store;
    private final DestinationAligner aligner;
    private final StartOffsetSpec spec;

    StartPositionResolver(Admin source, Admin destination, LinkStateStore store, DestinationAligner aligner,
                          StartOffsetSpec spec) {
        this.source = source;
        this.destination = destination;
        this.store = store;
        this.aligner = aligner;
        this.spec = spec;
    }

    /** {@code mirrors}: source partition -> mirror partition. Returns the start of every source partition. */
    Map<TopicPartition, Start> resolve(Map<TopicPartition, TopicPartition> mirrors)
            throws ExecutionException, InterruptedException {
        List<TopicPartition> mirrorPartitions = List.copyOf(mirrors.values());
        Map<TopicPartition, Long> destinationEnds = ListedOffsets.of(destination, mirrorPartitions, p -> OffsetSpec.latest());
        Map<TopicPartition, Long> destinationStarts = ListedOffsets.of(destination, mirrorPartitions, p -> OffsetSpec.earliest());
        List<TopicPartition> fresh = mirrors.entrySet().stream()
                .filter(e -> destinationEnds.get(e.getValue()) == 0 && store.offsetMap(e.getValue()).isEmpty()
                        && store.alignment(e.getValue()).isEmpty())
                .map(Map.Entry::getKey).toList();
        Map<TopicPartition, Long> freshStarts = freshStartOffsets(fresh);

        Map<TopicPartition, Start> starts = new HashMap<>();
        Map<TopicPartition, Long> alignTo = new HashMap<>();
        Map<TopicPartition, Long> cleanUpBelow = new HashMap<>();
        for (Map.Entry<TopicPartition, TopicPartition> entry : mirrors.entrySet()) {
            TopicPartition mirror = entry.getValue();
            long end = destinationEnds.get(mirror);
            long target = freshStarts.containsKey(entry.getKey())
                    ? freshStarts.get(entry.getKey()) : store.alignment(mirror).orElse(0L);
            if (end < target) {
                alignTo.put(mirror, target);
                continue;
            }
            if (destinationStarts.get(mirror) < target) {
                cleanUpBelow.put(mirror, target);
            }
            long firstRecord = Math.max(destinationStarts.get(mirror), target);
            starts.put(entry.getKey(), new Start(store.offsetMap(mirror).sourcePositionAfter(end), end, firstRecord >= end));
        }
        Set<TopicPartition> aligned = alignTo.isEmpty() ? Set.of() : aligner.align(alignTo);
        for (Map.Entry<TopicPartition, TopicPartition> entry : mirrors.entrySet()) {
            Long target = alignTo.get(entry.getValue());
            if (target != null) {
                // Not aligned (a compact-only mirror): the first record lands at the end, recorded in the map.
                long end = aligned.contains(entry.getValue()) ? target : destinationEnds.get(entry.getValue());
                starts.put(entry.getKey(), new Start(target, end, true));
            }
        }
        aligner.deleteBelow(cleanUpBelow);
        log.info("Resolved start positions of {} partitions: {} new mirrors, {} aligned now", mirrors.size(),
                fresh.size(), alignTo.size());
        log.debug("Start positions: {}", starts);
        return starts;
    }

    private Map<TopicPartition, Long> freshStartOffsets(List<TopicPartition> fresh)
            throws ExecutionException, InterruptedException {
        if (fresh.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, Long> latest = ListedOffsets.of(source, fresh, p -> OffsetSpec.latest());
        return switch (spec.kind()) {
            case EARLIEST -> ListedOffsets.of(source, fresh, p -> OffsetSpec.earliest());
            case LATEST -> latest;
            case TIMESTAMP -> {
                Map<TopicPartition, Long> atTime = ListedOffsets.of(source, fresh,
                        p -> OffsetSpec.forTimestamp(spec.timestamp().toEpochMilli()));
                // No record at or after the time: start at the end, like 'latest'.
                atTime.replaceAll((partition, offset) -> offset < 0 ? latest.get(partition) : offset);
                yield atTime;
            }
        };
    }
}
