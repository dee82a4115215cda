package dev.kafkalink.source;

import java.util.Map;
import java.util.Optional;

import dev.kafkalink.common.config.LinkConfig;
import dev.kafkalink.common.state.LinkStateStore;
import dev.kafkalink.common.state.MirrorTopicState;

import org.apache.kafka.common.TopicPartition;

/**
 * What the reverse link (the one that mirrored a restored topic the other way) knows of it, read from its
 * state topic on this link's source cluster: its mirror state, where its task stopped each partition
 * (the release) and whether its offset map is empty (the mirror was aligned).
 */
final class ReverseLinkState implements AutoCloseable {

    private final String link;
    private final LinkStateStore store;

    private ReverseLinkState(String link, LinkStateStore store) {
        this.link = link;
        this.store = store;
    }

    /** Empty when the reverse link has no state topic on the source cluster. */
    static Optional<ReverseLinkState> read(Map<String, Object> sourceSettings, String reverseLink, String mirror, String clientId) {
        return LinkStateStore.openToRead(sourceSettings, LinkConfig.stateTopic(reverseLink, ""), clientId,
                        partition -> partition.topic().equals(mirror))
                .map(store -> new ReverseLinkState(reverseLink, store));
    }

    String link() {
        return link;
    }

    Optional<MirrorTopicState> mirror(String mirror) {
        return store.mirrorState(mirror);
    }

    /** Where the reverse link's task stopped reading the partition (its source, our destination), if it said. */
    Optional<Long> stoppedAt(TopicPartition mirrorPartition) {
        return store.release(mirrorPartition).map(LinkStateStore.Release::sourcePosition);
    }

    boolean aligned(TopicPartition mirrorPartition) {
        return store.offsetMap(mirrorPartition).isEmpty();
    }

    @Override
    public void close() {
        store.close();
    }
}
