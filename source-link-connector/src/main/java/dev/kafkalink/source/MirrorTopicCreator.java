package dev.kafkalink.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.kafkalink.common.clients.ListedOffsets;
import dev.kafkalink.common.clients.TopicReadiness;
import dev.kafkalink.common.state.LinkStateStore;
import dev.kafkalink.common.state.MirrorState;
import dev.kafkalink.common.state.MirrorTopicState;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates mirror topics on the destination with the source's partition count and configs, and adds
 * partitions when the source grows. A mirror exists for the link once its ACTIVE state is stored;
 * a destination topic that already holds records the link did not write is refused.
 */
final class MirrorTopicCreator {

    private static final Logger log = LoggerFactory.getLogger(MirrorTopicCreator.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Admin destination;
    private final LinkStateStore store;
    private final TopicConfigSync configSync;
    private final SourceLinkConfig config;

    MirrorTopicCreator(Admin destination, LinkStateStore store, TopicConfigSync configSync, SourceLinkConfig config) {
        this.destination = destination;
        this.store = store;
        this.configSync = configSync;
        this.config = config;
    }

    /** Creates (or adopts, when empty) the mirrors of topics the link does not mirror yet. */
    void create(Collection<SourceTopic> topics) throws ExecutionException, InterruptedException {
        if (topics.isEmpty()) {
            return;
        }
        Map<String, SourceTopic> byMirror = topics.stream()
                .collect(Collectors.toMap(t -> config.mirrorTopicName(t.name()), Function.identity()));
        Map<String, TopicDescription> existing = describeExisting(byMirror.keySet());
        refuseForeignData(existing);

        Map<String, Map<String, String>> configs = configSync.configsForNewMirrors(
                topics.stream().map(SourceTopic::name).toList());
        List<NewTopic> newTopics = new ArrayList<>();
        Map<String, NewPartitions> growth = new HashMap<>();
        for (Map.Entry<String, SourceTopic> entry : byMirror.entrySet()) {
            SourceTopic source = entry.getValue();
            TopicDescription adopted = existing.get(entry.getKey());
            if (adopted == null) {
                newTopics.add(new NewTopic(entry.getKey(), Optional.of(source.partitions()),
                        Optional.of(config.mirrorReplicationFactor())).configs(configs.getOrDefault(source.name(), Map.of())));
            } else if (adopted.partitions().size() > source.partitions()) {
                throw new ConnectException("Destination topic " + entry.getKey() + " has more partitions ("
                        + adopted.partitions().size() + ") than source topic " + source.name() + " ("
                        + source.partitions() + "); delete it or choose another " + "cluster.link.prefix");
            } else if (adopted.partitions().size() < source.partitions()) {
                growth.put(entry.getKey(), NewPartitions.increaseTo(source.partitions()));
            }
        }
        if (!newTopics.isEmpty()) {
            // Marked first: a link in the other direction that lists the new topic then finds it is a mirror.
            store.putCreating(newTopics.stream().map(NewTopic::name).toList());
            destination.createTopics(newTopics).all().get();
        }
        if (!growth.isEmpty()) {
            destination.createPartitions(growth).all().get();
        }
        awaitReady(byMirror.values(), SourceTopic::partitions);
        long now = System.currentTimeMillis();
        for (Map.Entry<String, SourceTopic> entry : byMirror.entrySet()) {
            SourceTopic source = entry.getValue();
            store.putMirrorState(entry.getKey(), new MirrorTopicState(source.name(), source.topicId(),
                    source.partitions(), MirrorState.ACTIVE, null, now));
        }
        log.info("Created {} mirror topics and adopted {} empty ones", newTopics.size(), byMirror.size() - newTopics.size());
    }

    /** Follows partition increases of mirrored source topics. */
    void addPartitions(Map<SourceTopic, MirrorTopicState> grown) throws ExecutionException, InterruptedException {
        if (grown.isEmpty()) {
            return;
        }
        Map<String, NewPartitions> growth = new HashMap<>();
        grown.keySet().forEach(t -> growth.put(config.mirrorTopicName(t.name()), NewPartitions.increaseTo(t.partitions())));
        destination.createPartitions(growth).all().get();
        awaitReady(grown.keySet(), SourceTopic::partitions);
        long now = System.currentTimeMillis();
        grown.forEach((source, state) ->
                store.putMirrorState(config.mirrorTopicName(source.name()), state.withPartitions(source.partitions(), now)));
        log.info("Added partitions to {} mirror topics", grown.size());
    }

    private Map<String, TopicDescription> describeExisting(Collection<String> mirrors) throws InterruptedException, ExecutionException {
        Map<String, TopicDescription> existing = new HashMap<>();
        for (var result : destination.describeTopics(mirrors).topicNameValues().entrySet()) {
            try {
                existing.put(result.getKey(), result.getValue().get());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        return existing;
    }

    private void refuseForeignData(Map<String, TopicDescription> existing) throws ExecutionException, InterruptedException {
        List<TopicPartition> partitions = existing.values().stream().flatMap(d -> d.partitions().stream()
                .map(p -> new TopicPartition(d.name(), p.partition()))).toList();
        for (var end : ListedOffsets.ends(destination, partitions).entrySet()) {
            if (end.getValue() > 0) {
                throw new ConnectException("Destination topic " + end.getKey().topic() + " already exists and holds records "
                        + "the link did not write (partition " + end.getKey().partition() + " ends at "
                        + end.getValue() + "). A mirror must start empty: delete that topic, set "
                        + "cluster.link.prefix, or stop mirroring its source topic.");
            }
        }
    }

    private void awaitReady(Collection<SourceTopic> topics, Function<SourceTopic, Integer> partitions)
            throws InterruptedException {
        List<TopicPartition> all = topics.stream().flatMap(t -> IntStream.range(0, partitions.apply(t))
                .mapToObj(p -> new TopicPartition(config.mirrorTopicName(t.name()), p))).toList();
        TopicReadiness.awaitListOffsets(destination, all, READY_TIMEOUT);
    }
}
