package dev.kafkalink.common.clients;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** Offsets of many partitions in one {@code listOffsets} call. */
public final class ListedOffsets {

    private ListedOffsets() {
    }

    public static Map<TopicPartition, Long> of(Admin admin, Collection<TopicPartition> partitions,
                                               Function<TopicPartition, OffsetSpec> spec)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (partitions.isEmpty()) {
            return offsets;
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec.apply(partition)));
        admin.listOffsets(request).all().get().forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    /** The last stable offsets: where a read_committed consumer ends (below any open transaction). */
    public static Map<TopicPartition, Long> stableEnds(Admin admin, Collection<TopicPartition> partitions)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (partitions.isEmpty()) {
            return offsets;
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, OffsetSpec.latest()));
        admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    public static Map<TopicPartition, Long> ends(Admin admin, Collection<TopicPartition> partitions)
            throws ExecutionException, InterruptedException {
        return of(admin, partitions, partition -> OffsetSpec.latest());
    }

    /** End offsets, failing (a {@code TimeoutException} cause) when the cluster does not answer within {@code timeoutMs}. */
    public static Map<TopicPartition, Long> ends(Admin admin, Collection<TopicPartition> partitions, int timeoutMs)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (partitions.isEmpty()) {
            return offsets;
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, OffsetSpec.latest()));
        admin.listOffsets(request, new ListOffsetsOptions().timeoutMs(timeoutMs)).all().get()
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }
}
