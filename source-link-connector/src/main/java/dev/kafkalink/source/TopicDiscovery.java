package dev.kafkalink.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import dev.kafkalink.common.state.LinkStateStore;
import dev.kafkalink.common.state.MirrorState;
import dev.kafkalink.common.state.MirrorTopicState;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sweep over the source: finds the topics to mirror, has their mirrors created or grown, and
 * fails mirrors whose source topic was deleted, recreated (a new topic id) or shrunk, so that records
 * of an old and a new topic are never mixed. Returns the source partitions the tasks own: those of
 * ACTIVE mirrors and of mirrors still to be released by their tasks (PENDING_STOPPED).
 */
final class TopicDiscovery {

    private static final Logger log = LoggerFactory.getLogger(TopicDiscovery.class);
    /**
     * A sweep whose source calls get no answer within this fails, and the connector then tells whether
     * the source is reachable at all (SOURCE_UNAVAILABLE): without it an outage would show only after
     * the Admin client's default minute.
     */
    static final int SOURCE_CALL_TIMEOUT_MS = 15_000;

    private final Admin source;
    private final LinkStateStore store;
    private final MirrorTopicCreator creator;
    private final SourceTopicSelector selector;
    private final SourceLinkConfig config;
    private final MirrorRestore restore;
    private final MirrorsOnSource mirrorsOnSource;
    private final Set<String> reportedMissing = new HashSet<>();

    TopicDiscovery(Admin source, LinkStateStore store, MirrorTopicCreator creator, SourceTopicSelector selector,
                   SourceLinkConfig config, MirrorRestore restore, MirrorsOnSource mirrorsOnSource) {
        this.source = source;
        this.store = store;
        this.creator = creator;
        this.selector = selector;
        this.config = config;
        this.restore = restore;
        this.mirrorsOnSource = mirrorsOnSource;
    }

    Set<TopicPartition> discover() throws ExecutionException, InterruptedException {
        store.refresh();
        Set<String> existing = source.listTopics(new ListTopicsOptions().timeoutMs(SOURCE_CALL_TIMEOUT_MS)).names().get();
        failMirrorsOfDeletedTopics(existing);
        reportListedTopicsMissing(existing);
        Set<String> selected = selector.select(existing);
        Map<String, TopicDescription> described = selected.isEmpty()
                ? Map.of() : source.describeTopics(selected, new DescribeTopicsOptions().timeoutMs(SOURCE_CALL_TIMEOUT_MS))
                .allTopicNames().get();

        List<SourceTopic> fresh = new ArrayList<>();
        Map<SourceTopic, MirrorTopicState> grown = new HashMap<>();
        for (TopicDescription description : described.values()) {
            SourceTopic topic = new SourceTopic(description.name(), description.topicId().toString(),
                    description.partitions().size());
            String mirror = config.mirrorTopicName(topic.name());
            if (restore.wants(mirror)) {
                restore.run(topic);
            }
            Optional<MirrorTopicState> state = store.mirrorState(mirror);
            if (state.isEmpty()) {
                if (!restore.wants(mirror)) {
                    fresh.add(topic); // a topic to restore becomes a mirror only by its restore
                }
            } else if (state.get().state() == MirrorState.ACTIVE) {
                checkActive(topic, state.get(), grown);
            }
        }
        creator.create(mirrorsOnSource.withoutMirrors(fresh));
        creator.addPartitions(grown);
        return activePartitions(selected);
    }

    private void checkActive(SourceTopic topic, MirrorTopicState state, Map<SourceTopic, MirrorTopicState> grown) {
        String mirror = config.mirrorTopicName(topic.name());
        if (!topic.topicId().equals(state.sourceTopicId())) {
            fail(mirror, state, "source topic " + topic.name() + " was deleted and recreated (topic id "
                    + state.sourceTopicId() + ", now " + topic.topicId() + "); the mirror keeps the old topic's records "
                    + "and does not follow the new one");
        } else if (topic.partitions() < state.partitions()) {
            fail(mirror, state, "source topic " + topic.name() + " has fewer partitions (" + topic.partitions()
                    + ") than its mirror (" + state.partitions() + ")");
        } else if (topic.partitions() > state.partitions()) {
            grown.put(topic, state);
        }
    }

    private void failMirrorsOfDeletedTopics(Set<String> existing) {
        store.mirrorStates().forEach((mirror, state) -> {
            if (state.state() == MirrorState.ACTIVE && !existing.contains(state.sourceTopic())) {
                fail(mirror, state, "source topic " + state.sourceTopic() + " no longer exists");
            }
        });
    }

    private void fail(String mirror, MirrorTopicState state, String reason) {
        log.error("Mirror topic {} FAILED: {}", mirror, reason);
        store.putMirrorState(mirror, state.failed(reason, System.currentTimeMillis()));
    }

    private void reportListedTopicsMissing(Set<String> existing) {
        for (String listed : config.mirrorTopics()) {
            if (!existing.contains(listed) && reportedMissing.add(listed)) {
                log.warn("Topic {} in {} does not exist on the source; it is mirrored once it does",
                        listed, SourceLinkConfig.MIRROR_TOPICS);
            }
        }
    }

    private Set<TopicPartition> activePartitions(Set<String> selected) {
        Set<TopicPartition> active = new HashSet<>();
        for (String topic : selected) {
            String mirror = config.mirrorTopicName(topic);
            store.mirrorState(mirror).ifPresent(state -> active.addAll(
                    MirrorOperations.owned(topic, state, store.faults(mirror).keySet())));
        }
        return active;
    }
}
