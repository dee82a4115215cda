package dev.kafkalink.source;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import dev.kafkalink.common.state.LinkStateStore;
import dev.kafkalink.common.state.MirrorState;

import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps links from mirroring mirrors: a source topic that another link mirrors into the source cluster
 * (a {@code mirror/<topic>} state in any link state topic there, in any state but STOPPED, or a
 * {@code creating/<topic>} mark that the other link stores before it creates the topic) is never made
 * a mirror, whatever the filters say. Two links in opposite directions (active-active, each with its
 * {@code cluster.link.prefix}) then copy each cluster's own topics once and never each other's copies.
 * Only asked when discovery is about to create mirrors, so it costs nothing in a steady link.
 */
final class MirrorsOnSource {

    private static final Logger log = LoggerFactory.getLogger(MirrorsOnSource.class);
    private static final String STATE_PREFIX = "_kafka-link-";
    private static final String STATE_SUFFIX = "-state";

    private final Admin source;
    private final Map<String, Object> sourceSettings;
    private final String clientId;
    private final Set<String> reported = new HashSet<>();

    MirrorsOnSource(Admin source, Map<String, Object> sourceSettings, String clientId) {
        this.source = source;
        this.sourceSettings = sourceSettings;
        this.clientId = clientId;
    }

    /** The topics that are no mirror of another link on the source cluster. */
    List<SourceTopic> withoutMirrors(Collection<SourceTopic> topics) throws ExecutionException, InterruptedException {
        if (topics.isEmpty()) {
            return List.of();
        }
        Set<String> mirrors = mirrorsOnSource();
        for (SourceTopic topic : topics) {
            if (mirrors.contains(topic.name()) && reported.add(topic.name())) {
                log.info("Source topic {} is a mirror that another link writes on the source cluster: never mirrored back",
                        topic.name());
            }
        }
        return topics.stream().filter(topic -> !mirrors.contains(topic.name())).toList();
    }

    private Set<String> mirrorsOnSource() throws ExecutionException, InterruptedException {
        Set<String> mirrors = new HashSet<>();
        List<String> stateTopics = source.listTopics().names().get().stream()
                .filter(name -> name.startsWith(STATE_PREFIX) && name.endsWith(STATE_SUFFIX)).toList();
        for (String stateTopic : stateTopics) {
            Optional<LinkStateStore> store;
            try {
                store = LinkStateStore.openToRead(sourceSettings, stateTopic, clientId + "-mirrors-on-source", partition -> false);
            } catch (RuntimeException e) {
                log.warn("Cannot read link state topic {} on the source cluster to tell its mirrors (grant READ on it): {}",
                        stateTopic, e.toString());
                continue;
            }
            store.ifPresent(state -> {
                try (state) {
                    state.mirrorStates().forEach((mirror, mirrorState) -> {
                        if (mirrorState.state() != MirrorState.STOPPED) {
                            mirrors.add(mirror);
                        }
                    });
                    // Created by that link a moment ago, its state not stored yet.
                    state.mirrorsBeingCreated().stream().filter(mirror -> state.mirrorState(mirror).isEmpty())
                            .forEach(mirrors::add);
                }
            });
        }
        return mirrors;
    }
}
