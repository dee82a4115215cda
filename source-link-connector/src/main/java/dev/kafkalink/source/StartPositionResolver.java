package dev.kafkalink.source;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.kafkalink.common.offsets.OffsetPoint;
import dev.kafkalink.common.offsets.PartitionOffsetMap;
import dev.kafkalink.common.state.LinkStateStore;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where each partition of a task resumes, from the destination: the truth about progress is
 * the mirror partition's end offset, translated through the offset map, never Connect's offsets.
 *
 * <ul>
 *   <li>Empty mirror, no map: a new mirror. It starts at the offset {@code mirror.start.offset.spec}
 *       gives (X); when X &gt; 0 the point (X -> X) is stored first, then the partition is aligned.
 *   <li>Mirror below the map's first point: an alignment that was interrupted; it is finished.
 *   <li>Otherwise: resume after the source record that the mirror's last record holds, and delete
 *       fillers if a crash came between filling and deleting.
 * </ul>
 */
final class StartPositionResolver {

    private static final Logger log = LoggerFactory.getLogger(StartPositionResolver.class);

    /** Where a partition resumes: the source offset to read next, and where its record will land. */
    record Start(long sourcePosition, long destinationEnd) {
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
        Map<TopicPartition, Long> destinationEnds = offsets(destination, List.copyOf(mirrors.values()), p -> OffsetSpec.latest());
        Map<TopicPartition, Long> destinationStarts = offsets(destination, List.copyOf(mirrors.values()), p -> OffsetSpec.earliest());

        Map<TopicPartition, Start> starts = new HashMap<>();
        Map<TopicPartition, Long> alignFrom = new HashMap<>();
        Map<TopicPartition, Long> alignTo = new HashMap<>();
        Map<TopicPartition, Long> cleanUpBelow = new HashMap<>();
        List<TopicPartition> fresh = mirrors.entrySet().stream()
                .filter(e -> destinationEnds.get(e.getValue()) == 0 && store.offsetMap(e.getValue()).isEmpty())
                .map(Map.Entry::getKey).toList();
        Map<TopicPartition, Long> freshStarts = freshStartOffsets(fresh);

        for (Map.Entry<TopicPartition, TopicPartition> entry : mirrors.entrySet()) {
            TopicPartition mirror = entry.getValue();
            long end = destinationEnds.get(mirror);
            PartitionOffsetMap map = store.offsetMap(mirror);
            Optional<OffsetPoint> first = map.first();
            if (freshStarts.containsKey(entry.getKey())) {
                long x = freshStarts.get(entry.getKey());
                if (x > 0) {
                    store.putOffsetPoints(mirror, List.of(new OffsetPoint(x, x)));
                    alignFrom.put(mirror, 0L);
                    alignTo.put(mirror, x);
                }
                starts.put(entry.getKey(), new Start(x, x));
            } else if (first.isPresent() && end < first.get().destinationOffset()) {
                alignFrom.put(mirror, end);
                alignTo.put(mirror, first.get().destinationOffset());
                starts.put(entry.getKey(), new Start(first.get().sourceOffset(), first.get().destinationOffset()));
            } else {
                if (first.isPresent() && destinationStarts.get(mirror) < first.get().destinationOffset()) {
                    cleanUpBelow.put(mirror, first.get().destinationOffset());
                }
                starts.put(entry.getKey(), new Start(map.sourcePositionAfter(end), end));
            }
        }
        if (!alignTo.isEmpty()) {
            aligner.align(alignFrom, alignTo);
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
        Map<TopicPartition, Long> latest = offsets(source, fresh, p -> OffsetSpec.latest());
        return switch (spec.kind()) {
            case EARLIEST -> offsets(source, fresh, p -> OffsetSpec.earliest());
            case LATEST -> latest;
            case TIMESTAMP -> {
                Map<TopicPartition, Long> atTime = offsets(source, fresh,
                        p -> OffsetSpec.forTimestamp(spec.timestamp().toEpochMilli()));
                // No record at or after the time: start at the end, like 'latest'.
                atTime.replaceAll((partition, offset) -> offset < 0 ? latest.get(partition) : offset);
                yield atTime;
            }
        };
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions,
                                                     Function<TopicPartition, OffsetSpec> spec)
            throws ExecutionException, InterruptedException {
        if (partitions.isEmpty()) {
            return new HashMap<>();
        }
        Map<TopicPartition, OffsetSpec> request = partitions.stream().collect(Collectors.toMap(Function.identity(), spec));
        Map<TopicPartition, ListOffsetsResultInfo> answers = admin.listOffsets(request).all().get();
        Map<TopicPartition, Long> offsets = new HashMap<>();
        answers.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }
}
