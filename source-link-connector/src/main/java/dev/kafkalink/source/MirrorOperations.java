package dev.kafkalink.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import dev.kafkalink.common.clients.ListedOffsets;
import dev.kafkalink.common.state.LinkStateStore;
import dev.kafkalink.common.state.MirrorState;
import dev.kafkalink.common.state.MirrorTopicState;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pause, resume, promote and failover of mirror topics, as {@code mirror.topics.pause},
 * {@code mirror.topics.promote} and {@code mirror.topics.failover} ask (mirror topic names). Runs on
 * the connector; every decision is taken again from the stored states, so an operation interrupted
 * by a restart goes on where it was.
 *
 * <p>Promote and failover pass through PENDING_STOPPED. The task that copies a partition answers
 * with a release record once it will write nothing more to it (failover: at once; promote: once it is
 * caught up and the source was quiet for a second); the mirror becomes STOPPED when every partition is
 * released and, for a promote, the source got nothing since (else the promote is renewed and the
 * tasks read on) and, with an offset sync on the link, an offset sync sweep started after the
 * releases. STOPPED is final: the link never writes to the topic again, whatever the configuration
 * says later.
 *
 * <p>A fault a task reports in one partition ({@code fault/} records) stops only that partition, unless
 * {@code mirror.fault.scope=topic}: the mirror stays ACTIVE with the stopped partitions in its reason,
 * no task is given them again, and a failover counts them as released. A mirror whose every partition
 * stopped is FAILED; a mirror with a stopped partition is never promoted (it misses records), only
 * failed over.
 */
final class MirrorOperations {

    static final String PROMOTE_PENDING = "promote: waiting until the mirror has every source record";
    static final String FAILOVER_PENDING = "failover: waiting for the tasks to stop writing";
    static final String PAUSED = "paused by " + SourceLinkConfig.MIRROR_TOPICS_PAUSE;

    private static final Logger log = LoggerFactory.getLogger(MirrorOperations.class);

    private final LinkStateStore store;
    private final Admin source;
    private final TopicConfigSync configSync;
    private final Set<String> pause;
    private final Set<String> promote;
    private final Set<String> failover;
    private final boolean faultFailsTopic;
    private final Map<String, Long> releasedSeenMs = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicReference<Map<String, Set<Integer>>> knownFaults =
            new java.util.concurrent.atomic.AtomicReference<>(Map.of());

    MirrorOperations(LinkStateStore store, Admin source, TopicConfigSync configSync, SourceLinkConfig config) {
        this.store = store;
        this.source = source;
        this.configSync = configSync;
        this.pause = Set.copyOf(config.getList(SourceLinkConfig.MIRROR_TOPICS_PAUSE));
        this.promote = Set.copyOf(config.getList(SourceLinkConfig.MIRROR_TOPICS_PROMOTE));
        this.failover = Set.copyOf(config.getList(SourceLinkConfig.MIRROR_TOPICS_FAILOVER));
        this.faultFailsTopic = config.faultFailsTopic();
    }

    /** One pass over every mirror; the connector then gives the tasks the partitions they must own. */
    void apply() throws ExecutionException, InterruptedException {
        store.refresh();
        for (Map.Entry<String, MirrorTopicState> entry : store.mirrorStates().entrySet()) {
            String mirror = entry.getKey();
            MirrorTopicState state = followFaults(mirror, entry.getValue());
            MirrorTopicState next = next(mirror, state, System.currentTimeMillis());
            if (next != state) {
                log.info("Mirror topic {}: {} -> {}{}", mirror, state.state(), next.state(),
                        next.reason() == null ? "" : " (" + next.reason() + ")");
                store.putMirrorState(mirror, next);
            }
            if (state.state() == MirrorState.FAILED && next.state() == MirrorState.PENDING_STOPPED) {
                // A FAILED mirror's partitions were stopped when it failed: no task is left to release them.
                stop(mirror, next);
            } else if (next.state() == MirrorState.PENDING_STOPPED && completed(mirror, next)) {
                stop(mirror, next);
            }
        }
    }

    /** Copying mirrors become SOURCE_UNAVAILABLE with the reason; their tasks keep retrying the source. */
    void sourceUnavailable(String reason) {
        store.refresh();
        store.mirrorStates().forEach((mirror, state) -> {
            if (state.state() == MirrorState.ACTIVE || state.state() == MirrorState.SOURCE_UNAVAILABLE
                    && !reason.equals(state.reason())) {
                log.warn("Mirror topic {}: SOURCE_UNAVAILABLE ({})", mirror, reason);
                store.putMirrorState(mirror, state.to(MirrorState.SOURCE_UNAVAILABLE, reason, System.currentTimeMillis()));
            }
        });
    }

    /** The source answered again: SOURCE_UNAVAILABLE mirrors are ACTIVE. */
    void sourceAvailable() {
        store.mirrorStates().forEach((mirror, state) -> {
            if (state.state() == MirrorState.SOURCE_UNAVAILABLE) {
                log.info("Mirror topic {}: the source answers again, ACTIVE", mirror);
                store.putMirrorState(mirror, state.to(MirrorState.ACTIVE, null, System.currentTimeMillis()));
            }
        });
    }

    /**
     * A mirror that is copied (or paused) and whose task reported a fault is FAILED with that reason
     * when faults fail the topic or every partition has one; otherwise an ACTIVE mirror names its stopped
     * partitions in its reason. A fault is never forgotten: a mirror that had one only ends as STOPPED.
     */
    private MirrorTopicState followFaults(String mirror, MirrorTopicState state) {
        if (state.state() != MirrorState.ACTIVE && state.state() != MirrorState.SOURCE_UNAVAILABLE
                && state.state() != MirrorState.PAUSED) {
            return state;
        }
        Map<Integer, LinkStateStore.Fault> faults = store.faults(mirror);
        if (faults.isEmpty()) {
            return state;
        }
        MirrorTopicState next;
        if (faultFailsTopic || faults.size() >= state.partitions()) {
            Optional<LinkStateStore.Fault> fault = store.fault(mirror);
            next = state.failed(fault.orElseThrow().reason(), System.currentTimeMillis());
            log.error("Mirror topic {} FAILED: {}", mirror, next.reason());
        } else if (state.state() == MirrorState.ACTIVE && !PartitionFaults.summary(faults).equals(state.reason())) {
            next = state.to(MirrorState.ACTIVE, PartitionFaults.summary(faults), System.currentTimeMillis());
            log.error("Mirror topic {}: {}; its other partitions keep copying", mirror, next.reason());
        } else {
            return state;
        }
        store.putMirrorState(mirror, next);
        return next;
    }

    /**
     * Whether a task reported a fault since the last call (reads the state topic briefly): the connector
     * then takes the partition from the tasks and reports it without waiting for the next discovery.
     */
    boolean newFaults() {
        store.refresh(java.time.Duration.ofSeconds(5));
        Map<String, Set<Integer>> now = new HashMap<>();
        store.mirrorStates().keySet().forEach(mirror -> now.put(mirror, Set.copyOf(store.faults(mirror).keySet())));
        now.values().removeIf(Set::isEmpty);
        return !now.equals(knownFaults.getAndSet(now));
    }

    /** Whether any mirror waits for its tasks, which makes the connector check more often. */
    boolean anyPending() {
        return store.mirrorStates().values().stream().anyMatch(state -> state.state() == MirrorState.PENDING_STOPPED);
    }

    private MirrorTopicState next(String mirror, MirrorTopicState state, long now) {
        boolean failingOver = state.reason() != null && state.reason().startsWith("failover");
        return switch (state.state()) {
            case STOPPED -> state;
            case PENDING_STOPPED -> failover.contains(mirror) && !failingOver
                    ? state.to(MirrorState.PENDING_STOPPED, FAILOVER_PENDING, now) : state;
            case FAILED -> failover.contains(mirror) ? state.to(MirrorState.PENDING_STOPPED, FAILOVER_PENDING, now) : state;
            case ACTIVE, PAUSED, SOURCE_UNAVAILABLE -> {
                if (failover.contains(mirror)) {
                    yield state.to(MirrorState.PENDING_STOPPED, FAILOVER_PENDING, now);
                } else if (promote.contains(mirror) && !store.faults(mirror).isEmpty()) {
                    log.warn("Mirror topic {} cannot be promoted: partitions {} were stopped by a fault and miss records; "
                            + "fail it over instead", mirror, store.faults(mirror).keySet());
                    yield state;
                } else if (promote.contains(mirror)) {
                    yield state.to(MirrorState.PENDING_STOPPED, PROMOTE_PENDING, now);
                } else if (pause.contains(mirror)) {
                    yield state.state() == MirrorState.PAUSED ? state : state.to(MirrorState.PAUSED, PAUSED, now);
                } else {
                    yield state.state() == MirrorState.PAUSED ? state.to(MirrorState.ACTIVE, null, now) : state;
                }
            }
        };
    }

    /**
     * Every partition released for this pending state; for a promote, the source unchanged since the
     * releases (no record after them, no open transaction; otherwise the promote is renewed and the
     * tasks read on) and, with an offset sync on the link, an offset sync sweep started after the
     * connector saw the releases (again after a restart: safe).
     */
    private boolean completed(String mirror, MirrorTopicState pending) throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> releasedAt = new HashMap<>();
        Set<Integer> stopped = store.faults(mirror).keySet();
        for (int p = 0; p < pending.partitions(); p++) {
            if (stopped.contains(p) && !PROMOTE_PENDING.equals(pending.reason())) {
                continue; // stopped by a fault: no task writes to it any more
            }
            Optional<LinkStateStore.Release> release = store.release(new TopicPartition(mirror, p));
            if (release.isEmpty() || release.get().stateUpdatedMs() != pending.updatedMs()) {
                return false;
            }
            releasedAt.put(new TopicPartition(pending.sourceTopic(), p), release.get().sourcePosition());
        }
        if (!PROMOTE_PENDING.equals(pending.reason())) {
            return true;
        }
        String moved = sourceMovedSince(releasedAt);
        if (moved != null) {
            log.info("Mirror topic {}: {} after the tasks caught up; the promote waits for the source to be quiet", mirror, moved);
            store.putMirrorState(mirror, pending.to(MirrorState.PENDING_STOPPED, PROMOTE_PENDING, System.currentTimeMillis()));
            releasedSeenMs.remove(mirror);
            return false;
        }
        if (store.offsetSyncStartedMs().isEmpty()) {
            return true;
        }
        long released = releasedSeenMs.computeIfAbsent(mirror, m -> System.currentTimeMillis());
        if (store.offsetSyncStartedMs().get() <= released) {
            log.debug("Mirror topic {} is released; waiting for an offset sync sweep that starts after it", mirror);
            return false;
        }
        return true;
    }

    /** What moved on the source since the releases, or null when nothing did. */
    private String sourceMovedSince(Map<TopicPartition, Long> releasedAt) throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> stable = ListedOffsets.stableEnds(source, releasedAt.keySet());
        Map<TopicPartition, Long> ends = ListedOffsets.ends(source, releasedAt.keySet());
        for (Map.Entry<TopicPartition, Long> partition : releasedAt.entrySet()) {
            long stableEnd = stable.get(partition.getKey());
            if (stableEnd > partition.getValue()) {
                return "source partition " + partition.getKey() + " got records (now ends at " + stableEnd + ", the task "
                        + "stopped at " + partition.getValue() + ")";
            }
            if (ends.get(partition.getKey()) > stableEnd) {
                return "source partition " + partition.getKey() + " has an open transaction";
            }
        }
        return null;
    }

    private void stop(String mirror, MirrorTopicState pending) throws ExecutionException, InterruptedException {
        boolean promoted = PROMOTE_PENDING.equals(pending.reason());
        configSync.restoreSourceTimestamps(mirror, pending.sourceTopic());
        MirrorTopicState stopped = pending.to(MirrorState.STOPPED, promoted ? "promoted" : "failed over",
                System.currentTimeMillis());
        store.putMirrorState(mirror, stopped);
        log.info("Mirror topic {} is STOPPED ({}): the link writes nothing more to it; it is a normal topic now", mirror,
                stopped.reason());
    }

    /**
     * The partitions of mirrors the tasks must own: those copying (or retrying the source) and those still
     * to be released, except the {@code stopped} ones (a fault stopped them).
     */
    static List<TopicPartition> owned(String sourceTopic, MirrorTopicState state, Set<Integer> stopped) {
        List<TopicPartition> partitions = new ArrayList<>();
        if (state.state() == MirrorState.ACTIVE || state.state() == MirrorState.PENDING_STOPPED
                || state.state() == MirrorState.SOURCE_UNAVAILABLE) {
            for (int p = 0; p < state.partitions(); p++) {
                if (!stopped.contains(p)) {
                    partitions.add(new TopicPartition(sourceTopic, p));
                }
            }
        }
        return partitions;
    }
}
