package dev.kafkalink.source;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import dev.kafkalink.common.clients.KafkaClients;
import dev.kafkalink.common.config.ClusterRole;
import dev.kafkalink.common.state.LinkStateStore;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * What a task opens to copy its partitions: the clients of both clusters, the link's state, where each
 * partition resumes (from the destination, {@link StartPositionResolver}), the reader positioned there,
 * the writer and the guards. Opened as a whole or not at all, and closed as a whole, each client within about a
 * second ({@link KafkaClients#CLOSE_TIMEOUT}).
 */
final class CopiedPartitions implements AutoCloseable {

    Admin sourceAdmin;
    Admin destinationAdmin;
    LinkStateStore store;
    DestinationAligner aligner;
    SourceReader reader;
    final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    final Map<TopicPartition, PartitionProgress> byMirror = new HashMap<>();
    MirrorReleases releases;
    ForeignWriteGuard foreignWrites;
    OffsetMapPruner pruner;
    MirrorWriter writer;
    PartitionClaims claims;

    private CopiedPartitions() {
    }

    /** Opens everything, or closes what it opened and throws. */
    static CopiedPartitions open(SourceLinkConfig config, List<TopicPartition> partitions, String clientId)
            throws ExecutionException, InterruptedException {
        CopiedPartitions copied = new CopiedPartitions();
        try {
            copied.openAll(config, partitions, clientId);
            return copied;
        } catch (ExecutionException | InterruptedException | RuntimeException e) {
            copied.close();
            throw e;
        }
    }

    private void openAll(SourceLinkConfig config, List<TopicPartition> partitions, String clientId)
            throws ExecutionException, InterruptedException {
        Map<String, Object> destinationSettings = config.clientSettings(ClusterRole.DESTINATION);
        Map<TopicPartition, TopicPartition> mirrors = new HashMap<>();
        partitions.forEach(p -> mirrors.put(p, new TopicPartition(config.mirrorTopicName(p.topic()), p.partition())));
        sourceAdmin = KafkaClients.admin(config.clientSettings(ClusterRole.SOURCE), clientId + "-source-admin");
        destinationAdmin = KafkaClients.admin(destinationSettings, clientId + "-destination-admin");
        // Only the offset maps of this task's partitions: a worker's memory grows with what it copies.
        store = LinkStateStore.open(destinationSettings, config.stateTopic(), config.stateTopicReplicationFactor(), clientId,
                Set.copyOf(mirrors.values())::contains);
        // Claimed before finding where they resume: a stale instance that reads this claim writes no more.
        claims = new PartitionClaims(store);
        claims.claim(mirrors.values());
        aligner = new DestinationAligner(destinationSettings, destinationAdmin, store, clientId);
        Map<TopicPartition, StartPositionResolver.Start> starts = new StartPositionResolver(sourceAdmin,
                destinationAdmin, store, aligner, config.startOffsetSpec()).resolve(mirrors);
        Map<TopicPartition, Long> positions = new HashMap<>();
        starts.forEach((partition, start) -> positions.put(partition, start.sourcePosition()));
        reader = new SourceReader(config.clientSettings(ClusterRole.SOURCE), sourceAdmin,
                new SourceTopicGuard(sourceAdmin, expectedTopicIds(config, partitions)), positions, clientId);
        starts.forEach((partition, start) -> {
            PartitionProgress partitionProgress = new PartitionProgress(partition, mirrors.get(partition),
                    start.sourcePosition(), start.destinationEnd(), start.destinationEmpty());
            progress.put(partition, partitionProgress);
            byMirror.put(partitionProgress.mirror, partitionProgress);
        });
        pruner = new OffsetMapPruner(destinationAdmin, store, mirrors.values());
        pruner.prune(System.currentTimeMillis());
        starts.forEach((partition, start) -> store.resumeOffsetMapAt(mirrors.get(partition), start.destinationEnd()));
        writer = openWriter(config, destinationSettings, Set.copyOf(mirrors.values()).stream().map(TopicPartition::topic)
                .collect(java.util.stream.Collectors.toSet()), clientId);
        releases = new MirrorReleases(store, reader, progress.values());
        foreignWrites = new ForeignWriteGuard(destinationAdmin, store, reader, claims,
                new OwnDuplicates(config.clientSettings(ClusterRole.SOURCE), destinationSettings, clientId), progress.values());
        // Before the first read: a mirror failing over or stopped is not read at all.
        releases.check(System.currentTimeMillis());
    }

    /**
     * The link's producer, with the compression of each mirror topic that names one (unless the user chose
     * one for all), and the mirror topics' metadata at hand.
     */
    private MirrorWriter openWriter(SourceLinkConfig config, Map<String, Object> destinationSettings, Set<String> mirrorTopics,
                                    String clientId) throws ExecutionException, InterruptedException {
        Map<String, String> connectorProps = config.originalsStrings();
        Map<String, String> compressionByTopic = new HashMap<>();
        if (!MirrorProducerSettings.compressionChosen(destinationSettings, connectorProps)) {
            List<ConfigResource> resources = mirrorTopics.stream().map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
            destinationAdmin.describeConfigs(resources).all().get().forEach((resource, topicConfig) -> {
                ConfigEntry compression = topicConfig.get(TopicConfig.COMPRESSION_TYPE_CONFIG);
                compressionByTopic.put(resource.name(), MirrorProducerSettings.compressionFor(compression == null ? null : compression.value()));
            });
        }
        MirrorWriter opened = new MirrorWriter(MirrorProducerSettings.of(destinationSettings, connectorProps), compressionByTopic, clientId);
        try {
            opened.prepare(mirrorTopics);
            return opened;
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** The source topic ids the mirrors were made from, as the connector stored them. */
    private Map<String, String> expectedTopicIds(SourceLinkConfig config, List<TopicPartition> partitions) {
        Map<String, String> ids = new HashMap<>();
        for (TopicPartition partition : partitions) {
            String mirror = config.mirrorTopicName(partition.topic());
            ids.put(partition.topic(), store.mirrorState(mirror).orElseThrow(() -> new ConnectException(
                    "The link has no state for mirror topic " + mirror + "; the connector creates it first")).sourceTopicId());
        }
        return ids;
    }

    @Override
    public void close() {
        Utils.closeQuietly(writer, "mirror writer");
        Utils.closeQuietly(reader, "source reader");
        Utils.closeQuietly(store, "link state store");
        KafkaClients.closeQuietly(destinationAdmin, "destination admin");
        KafkaClients.closeQuietly(sourceAdmin, "source admin");
    }
}
