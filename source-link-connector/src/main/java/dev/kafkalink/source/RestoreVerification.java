package dev.kafkalink.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import dev.kafkalink.common.clients.ListedOffsets;
import dev.kafkalink.common.config.ClusterRole;
import dev.kafkalink.common.state.MirrorRestoreState;
import dev.kafkalink.common.state.MirrorRestoreState.PartitionRestore;
import dev.kafkalink.common.state.MirrorRestoreState.Phase;
import dev.kafkalink.common.state.MirrorState;
import dev.kafkalink.common.state.MirrorTopicState;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The first step of a {@link MirrorRestore}, before anything changes: that the reverse link mirrored
 * exactly this topic (its name and topic id) and stopped, and where each partition diverged, found by
 * comparing records ({@link DivergenceSearch}) from where the reverse link says it stopped.
 */
final class RestoreVerification implements AutoCloseable {

    private final SourceLinkConfig config;
    private final Admin source;
    private final Admin destination;
    private final String clientId;
    private final SourceTopic topic;
    private final String mirror;
    private final Optional<ReverseLinkState> reverse;
    private final Optional<MirrorRestoreState> earlier;
    private String problem;
    private long reverseStoppedMs;
    private boolean alreadyRestored;
    private TopicDescription destinationTopic;

    RestoreVerification(SourceLinkConfig config, Admin source, Admin destination, String clientId, SourceTopic topic,
                        String mirror, Optional<MirrorRestoreState> earlier) throws ExecutionException, InterruptedException {
        this.config = config;
        this.source = source;
        this.destination = destination;
        this.clientId = clientId;
        this.topic = topic;
        this.mirror = mirror;
        this.earlier = earlier;
        String reverseLink = config.getString(SourceLinkConfig.REVERSE_LINK_NAME);
        this.reverse = ReverseLinkState.read(config.clientSettings(ClusterRole.SOURCE), reverseLink, topic.name(),
                clientId + "-reverse-state");
        this.problem = check(reverseLink);
    }

    /** Restored once after this stop of the reverse link already; nothing to do. */
    boolean alreadyRestored() {
        return alreadyRestored;
    }

    String problem() {
        return problem;
    }

    private String check(String reverseLink) throws ExecutionException, InterruptedException {
        String never = "topic " + mirror + " was never a mirror of this link pair: ";
        if (reverse.isEmpty()) {
            return never + "link " + reverseLink + " has no state topic on the source cluster";
        }
        Optional<MirrorTopicState> theirs = reverse.get().mirror(topic.name());
        if (theirs.isEmpty() || !theirs.get().sourceTopic().equals(mirror)) {
            return never + "link " + reverseLink + " never mirrored it to " + topic.name();
        }
        alreadyRestored = theirs.get().state() == MirrorState.STOPPED && earlier
                .filter(r -> r.phase() == Phase.DONE && r.reverseStoppedMs() == theirs.get().updatedMs()).isPresent();
        if (alreadyRestored) {
            return null;
        }
        Optional<TopicDescription> described = describe(destination, mirror);
        if (described.isEmpty()) {
            return "topic " + mirror + " does not exist on the destination: nothing to restore (mirror it as a new topic instead)";
        }
        destinationTopic = described.get();
        if (!destinationTopic.topicId().toString().equals(theirs.get().sourceTopicId())) {
            return never + "link " + reverseLink + " mirrored a topic of that name with topic id "
                    + theirs.get().sourceTopicId() + ", this one has " + destinationTopic.topicId();
        }
        if (theirs.get().state() != MirrorState.STOPPED) {
            return "link " + reverseLink + " still mirrors " + mirror + " to " + topic.name() + " (" + theirs.get().state()
                    + "): fail it over or promote it first (mirror.topics.failover or mirror.topics.promote)";
        }
        reverseStoppedMs = theirs.get().updatedMs();
        if (destinationTopic.partitions().size() > topic.partitions()) {
            return "topic " + mirror + " has more partitions (" + destinationTopic.partitions().size() + ") than "
                    + topic.name() + " on the source (" + topic.partitions() + ")";
        }
        for (int p = 0; p < destinationTopic.partitions().size(); p++) {
            if (!reverse.get().aligned(new TopicPartition(topic.name(), p))) {
                return "link " + reverseLink + " mirrored " + mirror + " with an offset map (transaction markers or "
                        + "compaction): a restore needs a mirror at the same offsets; mirror the topic under another "
                        + "name instead";
            }
        }
        return null;
    }

    /** The VERIFIED record, or null with {@link #problem()} set when the records disagree. */
    MirrorRestoreState verified() throws ExecutionException, InterruptedException {
        int count = destinationTopic.partitions().size();
        List<TopicPartition> mine = new ArrayList<>();
        List<TopicPartition> theirs = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            mine.add(new TopicPartition(mirror, p));
            theirs.add(new TopicPartition(topic.name(), p));
        }
        Map<TopicPartition, Long> myStarts = ListedOffsets.of(destination, mine, p -> OffsetSpec.earliest());
        Map<TopicPartition, Long> myEnds = ListedOffsets.ends(destination, mine);
        Map<TopicPartition, Long> theirStarts = ListedOffsets.of(source, theirs, p -> OffsetSpec.earliest());
        Map<TopicPartition, Long> theirEnds = ListedOffsets.ends(source, theirs);
        List<PartitionRestore> partitions = new ArrayList<>();
        boolean diverged = false;
        try (PartitionRecords mineReader = new PartitionRecords(config.clientSettings(ClusterRole.DESTINATION), clientId + "-compare");
             PartitionRecords theirReader = new PartitionRecords(config.clientSettings(ClusterRole.SOURCE), clientId + "-compare")) {
            for (int p = 0; p < count; p++) {
                TopicPartition m = mine.get(p);
                TopicPartition t = theirs.get(p);
                long end = myEnds.get(m);
                long hint = reverse.get().stoppedAt(t).orElse(Math.min(end, theirEnds.get(t)));
                long from = DivergenceSearch.windowStart(Math.min(hint, end), myStarts.get(m), theirStarts.get(t));
                long to = Math.min(Math.min(end, theirEnds.get(t)), Math.max(from, Math.min(hint, end)) + DivergenceSearch.SEARCH_AHEAD);
                DivergenceSearch.Outcome outcome = DivergenceSearch.find(m.toString(), hint, myStarts.get(m),
                        theirStarts.get(t), from, Math.max(from, to), end, theirEnds.get(t),
                        mineReader.read(m, from, to), theirReader.read(t, from, to));
                if (outcome.problem() != null) {
                    problem = outcome.problem();
                    return null;
                }
                diverged |= outcome.divergence() < end;
                partitions.add(new PartitionRestore(p, outcome.divergence(), end, 0));
            }
        }
        String divergedTopic = config.divergedTopicName(mirror);
        if (diverged && describe(destination, divergedTopic).isPresent()) {
            problem = "topic " + mirror + " holds records the source does not, and the topic to set them aside in, "
                    + divergedTopic + ", exists already: delete it or set " + SourceLinkConfig.DIVERGED_TOPIC_FORMAT;
            return null;
        }
        return new MirrorRestoreState(Phase.VERIFIED, null, reverseStoppedMs, destinationTopic.topicId().toString(),
                divergedTopic, partitions, System.currentTimeMillis());
    }

    static Optional<TopicDescription> describe(Admin admin, String topic) throws ExecutionException, InterruptedException {
        try {
            return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        reverse.ifPresent(ReverseLinkState::close);
    }
}
