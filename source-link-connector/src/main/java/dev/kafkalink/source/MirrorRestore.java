package dev.kafkalink.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import dev.kafkalink.common.clients.ListedOffsets;
import dev.kafkalink.common.config.ClusterRole;
import dev.kafkalink.common.state.LinkStateStore;
import dev.kafkalink.common.state.MirrorRestoreState;
import dev.kafkalink.common.state.MirrorRestoreState.PartitionRestore;
import dev.kafkalink.common.state.MirrorRestoreState.Phase;
import dev.kafkalink.common.state.MirrorState;
import dev.kafkalink.common.state.MirrorTopicState;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a topic that the reverse link mirrored (from this link's destination to its source) a mirror
 * of this link's source again, as {@code mirror.topics.restore} asks: the disaster-recovery round trip's
 * way back. Runs on the connector, in discovery, before the topic's partitions go to the tasks.
 *
 * <ol>
 *   <li><b>Verify</b> (record VERIFIED). The reverse link must have mirrored exactly this topic (its
 *       state names this topic and its topic id) and stopped (failover or promote). Each partition's
 *       divergence point is found by comparing records ({@link DivergenceSearch}), starting where the
 *       reverse link says it stopped.
 *   <li><b>In place</b> when no partition holds a record beyond its divergence point: the topic becomes a
 *       mirror as it is and the tasks continue at its end; nothing is copied again (reverse-and-start).
 *   <li><b>Set aside</b> (record SET_ASIDE) otherwise: the diverged records go to the diverged topic,
 *       read back and compared ({@link DivergedRecordsCopier}).
 *   <li>While a consumer group with members reads the topic, nothing more happens (the record says so).
 *   <li><b>Re-create</b>: the verified topic (same topic id) is deleted and created again empty, its
 *       partitions to be advanced to the source's log starts by the tasks' alignment; it then holds exactly
 *       the source's records at the source's offsets (truncate-and-restore).
 *   <li><b>Done</b> (record DONE), then the mirror state ACTIVE.
 * </ol>
 * Every step is stored before the next starts and each step can be run again, so a crash anywhere
 * resumes from the record. A restore runs once per stop of the reverse link's mirror; a refusal
 * (record REFUSED with the reason) is tried again at every discovery sweep.
 */
final class MirrorRestore {

    private static final Logger log = LoggerFactory.getLogger(MirrorRestore.class);

    private final SourceLinkConfig config;
    private final Admin source;
    private final Admin destination;
    private final LinkStateStore store;
    private final MirrorTopicCreator creator;
    private final DivergedRecordsCopier copier;
    private final DestinationAligner aligner;
    private final Set<String> restored;
    private final String clientId;

    MirrorRestore(SourceLinkConfig config, Admin source, Admin destination, LinkStateStore store, MirrorTopicCreator creator) {
        this.config = config;
        this.source = source;
        this.destination = destination;
        this.store = store;
        this.creator = creator;
        this.clientId = "kafka-link-" + config.linkName() + "-restore";
        this.aligner = new DestinationAligner(config.clientSettings(ClusterRole.DESTINATION), destination, store, clientId);
        this.copier = new DivergedRecordsCopier(config.clientSettings(ClusterRole.DESTINATION), destination, aligner,
                config.mirrorReplicationFactor(), clientId);
        this.restored = Set.copyOf(config.getList(SourceLinkConfig.MIRROR_TOPICS_RESTORE));
    }

    /** Whether {@code mirror} is listed for a restore: discovery never creates it as a new mirror. */
    boolean wants(String mirror) {
        return restored.contains(mirror);
    }

    /** Takes the restore of the topic as far as it can go now. */
    void run(SourceTopic topic) throws ExecutionException, InterruptedException {
        String mirror = config.mirrorTopicName(topic.name());
        Optional<MirrorTopicState> local = store.mirrorState(mirror);
        Optional<MirrorRestoreState> record = store.restore(mirror);
        Optional<MirrorRestoreState> inProgress = record.filter(r -> r.phase() == Phase.VERIFIED || r.phase() == Phase.SET_ASIDE);
        if (inProgress.isPresent()) {
            proceed(topic, mirror, inProgress.get());
            return;
        }
        if (record.filter(r -> r.phase() == Phase.DONE).isPresent() && awaitsActivation(local, record.get())) {
            activate(topic, mirror, record.get());
            return;
        }
        if (local.isPresent() && local.get().state() != MirrorState.STOPPED) {
            return; // a mirror already: the restore (if any) is over
        }
        String problem;
        try (RestoreVerification verification = new RestoreVerification(config, source, destination, clientId, topic, mirror, record)) {
            if (verification.alreadyRestored()) {
                return; // restored once after this stop of the reverse link; this link stopped it again since
            }
            problem = verification.problem();
            if (problem == null) {
                MirrorRestoreState verified = verification.verified();
                if (verified == null) {
                    problem = verification.problem();
                } else {
                    store.putRestore(mirror, verified);
                    log.info("Restore of {}: verified, {} partitions, {} records diverged", mirror,
                            verified.partitions().size(), verified.partitions().stream()
                                    .mapToLong(p -> Math.max(0, p.end() - p.divergence())).sum());
                    proceed(topic, mirror, verified);
                    return;
                }
            }
        }
        refuse(mirror, record, problem);
    }

    private static boolean awaitsActivation(Optional<MirrorTopicState> local, MirrorRestoreState done) {
        return local.isEmpty() || local.get().state() == MirrorState.STOPPED && local.get().updatedMs() < done.updatedMs();
    }

    private void refuse(String mirror, Optional<MirrorRestoreState> record, String problem) {
        if (record.filter(r -> r.phase() == Phase.REFUSED && problem.equals(r.reason())).isEmpty()) {
            log.warn("Restore of {} refused: {}", mirror, problem);
            store.putRestore(mirror, new MirrorRestoreState(Phase.REFUSED, problem, 0, null, null, List.of(),
                    System.currentTimeMillis()));
        }
    }

    private void proceed(SourceTopic topic, String mirror, MirrorRestoreState state) throws ExecutionException, InterruptedException {
        MirrorRestoreState current = state;
        if (current.phase() == Phase.VERIFIED && !current.inPlace()) {
            List<PartitionRestore> counted = copier.setAside(mirror, current.divergedTopic(), current.partitions().size(),
                    current.partitions());
            current = current.to(Phase.SET_ASIDE, counted, System.currentTimeMillis());
            store.putRestore(mirror, current);
            log.info("Restore of {}: {} diverged records set aside in {}", mirror, current.divergedTotal(), current.divergedTopic());
        }
        List<String> readers = ActiveConsumers.of(destination, mirror);
        if (!readers.isEmpty()) {
            String reason = "waiting: consumer groups with members read " + mirror + " here: " + readers
                    + "; stop them (they fail back once the restore is done)";
            if (!reason.equals(current.reason())) {
                log.warn("Restore of {} {}", mirror, reason);
                store.putRestore(mirror, current.waiting(reason, System.currentTimeMillis()));
            }
            return;
        }
        if (current.phase() == Phase.SET_ASIDE) {
            Optional<MirrorRestoreState> grown = grownSinceVerified(mirror, current);
            if (grown.isPresent()) {
                // Records written after the verification are set aside too before the topic may go.
                log.warn("Restore of {}: records were written to it after it was verified; setting those aside as well", mirror);
                store.putRestore(mirror, grown.get());
                proceed(topic, mirror, grown.get());
                return;
            }
            deleteVerifiedTopic(mirror, current.destinationTopicId());
        }
        forgetEarlierLife(mirror, current.partitions().size());
        if (!current.inPlace()) {
            alignAtSourceLogStarts(topic, mirror);
        }
        MirrorRestoreState done = current.to(Phase.DONE, current.partitions(), System.currentTimeMillis());
        store.putRestore(mirror, done);
        activate(topic, mirror, done);
    }

    /** The last step, run again after a crash between DONE and the mirror state. */
    private void activate(SourceTopic topic, String mirror, MirrorRestoreState done) throws ExecutionException, InterruptedException {
        if (done.inPlace()) {
            Map<ConfigResource, java.util.Collection<AlterConfigOp>> ops = Map.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, mirror),
                    TopicConfigSync.MIRROR_ONLY.entrySet().stream()
                            .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                            .toList());
            destination.incrementalAlterConfigs(ops).all().get();
            store.putMirrorState(mirror, new MirrorTopicState(topic.name(), topic.topicId(), done.partitions().size(),
                    MirrorState.ACTIVE, null, System.currentTimeMillis()));
            log.info("Restore of {} done: a mirror of {} in place, continuing at its end, nothing copied again", mirror, topic.name());
        } else {
            creator.create(List.of(topic));
            log.info("Restore of {} done: re-created as a mirror of {} from its log start; {} diverged records are in {}",
                    mirror, topic.name(), done.divergedTotal(), done.divergedTopic());
        }
    }

    /** A VERIFIED state with the new ends when the verified topic got records since it was verified. */
    private Optional<MirrorRestoreState> grownSinceVerified(String mirror, MirrorRestoreState setAside)
            throws ExecutionException, InterruptedException {
        Optional<TopicDescription> existing = RestoreVerification.describe(destination, mirror);
        if (existing.isEmpty() || !existing.get().topicId().toString().equals(setAside.destinationTopicId())) {
            return Optional.empty();
        }
        List<TopicPartition> partitions = setAside.partitions().stream()
                .map(p -> new TopicPartition(mirror, p.partition())).toList();
        Map<TopicPartition, Long> ends = ListedOffsets.ends(destination, partitions);
        List<PartitionRestore> now = setAside.partitions().stream().map(p -> new PartitionRestore(p.partition(),
                p.divergence(), ends.get(new TopicPartition(mirror, p.partition())), p.diverged())).toList();
        return now.equals(setAside.partitions()) ? Optional.empty()
                : Optional.of(setAside.to(Phase.VERIFIED, now, System.currentTimeMillis()));
    }

    private void deleteVerifiedTopic(String mirror, String verifiedTopicId) throws ExecutionException, InterruptedException {
        Optional<TopicDescription> existing = RestoreVerification.describe(destination, mirror);
        if (existing.isEmpty() || !existing.get().topicId().toString().equals(verifiedTopicId)) {
            return; // deleted before a crash (and perhaps created again by this restore)
        }
        destination.deleteTopics(List.of(mirror)).all().get();
        long deadline = System.currentTimeMillis() + 60_000;
        while (RestoreVerification.describe(destination, mirror).filter(d -> d.topicId().toString().equals(verifiedTopicId)).isPresent()) {
            if (System.currentTimeMillis() > deadline) {
                throw new org.apache.kafka.connect.errors.RetriableException("Topic " + mirror + " is not deleted yet");
            }
            Thread.sleep(200);
        }
        log.info("Restore of {}: deleted the verified topic (its diverged records are set aside)", mirror);
    }

    /** Faults, releases, alignments and the offset map of an earlier life of the mirror would mislead the tasks. */
    private void forgetEarlierLife(String mirror, int partitions) throws InterruptedException {
        store.forgetMirrorHistory(mirror, partitions);
        try (LinkStateStore maps = LinkStateStore.open(config.clientSettings(ClusterRole.DESTINATION), config.stateTopic(),
                config.stateTopicReplicationFactor(), clientId, partition -> partition.topic().equals(mirror))) {
            for (int p = 0; p < partitions; p++) {
                maps.resumeOffsetMapAt(new TopicPartition(mirror, p), 0);
            }
        }
    }

    /** The re-created topic's partitions start where the source's logs start (the tasks advance them). */
    private void alignAtSourceLogStarts(SourceTopic topic, String mirror) throws ExecutionException, InterruptedException {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < topic.partitions(); p++) {
            partitions.add(new TopicPartition(topic.name(), p));
        }
        ListedOffsets.of(source, partitions, p -> OffsetSpec.earliest()).forEach((partition, start) -> {
            if (start > 0) {
                store.putAlignment(new TopicPartition(mirror, partition.partition()), start);
            }
        });
    }

}
