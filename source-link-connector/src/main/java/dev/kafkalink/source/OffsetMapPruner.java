package dev.kafkalink.source;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import dev.kafkalink.common.state.LinkStateStore;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the offset maps of the task's partitions as small as what their mirrors retain: once a minute
 * it reads where each mirror partition's log starts (retention, DeleteRecords) and drops the map's
 * chunks below it. So a mirror of a transactional topic, which gets a point at nearly every
 * transaction marker, holds a map bounded by its retention, not by how long the link has run.
 */
final class OffsetMapPruner {

    private static final Logger log = LoggerFactory.getLogger(OffsetMapPruner.class);
    static final long CHECK_INTERVAL_MS = 60_000;

    private final Admin destination;
    private final LinkStateStore store;
    private final List<TopicPartition> mirrors;
    private long lastCheckMs;

    OffsetMapPruner(Admin destination, LinkStateStore store, Collection<TopicPartition> mirrors) {
        this.destination = destination;
        this.store = store;
        this.mirrors = List.copyOf(mirrors);
    }

    /** Prunes now (and moves maps an older version stored one point per record into chunks). */
    void prune(long nowMs) throws ExecutionException, InterruptedException {
        lastCheckMs = nowMs;
        Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
        mirrors.forEach(mirror -> request.put(mirror, OffsetSpec.earliest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = destination.listOffsets(request,
                new ListOffsetsOptions().timeoutMs(SourceLinkTask.CHECK_TIMEOUT_MS)).all().get();
        int dropped = 0;
        for (TopicPartition mirror : mirrors) {
            dropped += store.pruneOffsetMap(mirror, starts.get(mirror).offset());
        }
        if (dropped > 0) {
            log.info("Dropped {} offset map chunks below the log start of {} mirror partitions", dropped, mirrors.size());
        }
    }

    /** Prunes when a minute has passed since the last time. */
    void check(long nowMs) throws ExecutionException, InterruptedException {
        if (nowMs - lastCheckMs >= CHECK_INTERVAL_MS) {
            prune(nowMs);
        }
    }
}
