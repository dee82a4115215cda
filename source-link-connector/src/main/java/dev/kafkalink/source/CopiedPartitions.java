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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * What a task opens to copy its partitions: the clients of both clusters, the link's state, where each
 * partition resumes (from the destination, {@link StartPositionResolver}), the reader positioned there
 * and the guards. Opened as a whole or not at all, and closed as a whole, each client within about a
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
        releases = new MirrorReleases(store, reader, progress.values());
        foreignWrites = new ForeignWriteGuard(destinationAdmin, store, reader,
                new OwnDuplicates(config.clientSettings(ClusterRole.SOURCE), destinationSettings, clientId), progress.values());
        // Before the first read: a mirror failing over or stopped is not read at all.
        releases.check(System.currentTimeMillis());
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
        Utils.closeQuietly(reader, "source reader");
        Utils.closeQuietly(store, "link state store");
        KafkaClients.closeQuietly(destinationAdmin, "destination admin");
        KafkaClients.closeQuietly(sourceAdmin, "source admin");
    }
}
