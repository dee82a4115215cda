package dev.kafkalink.common.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import dev.kafkalink.common.clients.KafkaClients;
import dev.kafkalink.common.clients.TopicReadiness;
import dev.kafkalink.common.offsets.OffsetChunk;
import dev.kafkalink.common.offsets.OffsetPoint;
import dev.kafkalink.common.offsets.PartitionOffsetMap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link's state on the destination cluster: one compacted, single-partition topic holding mirror
 * topic states, the offset map and the ACL bindings the link owns (see {@link StateRecords} for its
 * records).
 *
 * <p>Every reader loads the whole topic; each record has one owner that writes it (the connector
 * writes mirror states, the task that owns a partition writes its offset points). Writes wait for
 * the broker's acknowledgement, so what a caller wrote is durable when the call returns.
 */
public final class LinkStateStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LinkStateStore.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    static final long STATE_SEGMENT_MS = 10 * 60_000;
    static final int STATE_SEGMENT_BYTES = 64 * 1024 * 1024;

    private final String topic;
    private final TopicPartition statePartition;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, MirrorTopicState> mirrorStates = new HashMap<>();
    private final OffsetMaps offsetMaps;
    private final Map<TopicPartition, Long> alignments = new HashMap<>();
    private final Set<String> ownedAcls = new HashSet<>();
    private final Map<TopicPartition, Release> releases = new HashMap<>();
    private final Map<TopicPartition, Fault> faults = new HashMap<>();
    private final Map<TopicPartition, String> claims = new HashMap<>();
    private final Set<String> creating = new HashSet<>();
    private final Map<String, Long> offsetSyncStarts = new HashMap<>();
    private final Map<String, MirrorRestoreState> restores = new HashMap<>();
    private String lastOffsetSyncShare;

    private LinkStateStore(String topic, KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer,
                           Predicate<TopicPartition> mapsLoaded) {
        this.topic = topic;
        this.offsetMaps = new OffsetMaps(mapsLoaded);
        this.statePartition = new TopicPartition(topic, 0);
        this.consumer = consumer;
        this.producer = producer;
    }

    /**
     * Creates the state topic if it is missing, then loads it.
     *
     * @param mapsLoaded the mirror partitions whose offset maps this holder reads or writes; the maps of
     *                   others are skipped as the topic is read
     */
    public static LinkStateStore open(Map<String, Object> destinationSettings, String topic, short replicationFactor,
                                      String clientId, Predicate<TopicPartition> mapsLoaded) throws InterruptedException {
        try (Admin admin = KafkaClients.admin(destinationSettings, clientId + "-admin")) {
            ensureTopic(admin, topic, replicationFactor);
        }
        KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(Map.of(), destinationSettings,
                readerSettings(Map.of()), clientId + "-state-reader");
        KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(Map.of(), destinationSettings,
                // Every write is awaited (a point is stored before its record is handed over): no linger.
                Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                        ProducerConfig.LINGER_MS_CONFIG, 0),
                clientId + "-state-writer");
        LinkStateStore store = new LinkStateStore(topic, consumer, producer, mapsLoaded);
        consumer.assign(List.of(store.statePartition));
        consumer.seekToBeginning(List.of(store.statePartition));
        store.refresh();
        return store;
    }

    /**
     * Opens an existing state topic only to read it (operator commands), with the offset maps of the
     * mirror partitions {@code mapsLoaded} accepts: creates nothing; the put methods must not be called.
     * Empty when the link has no state topic.
     */
    public static Optional<LinkStateStore> openToRead(Map<String, Object> destinationSettings, String topic, String clientId,
                                                      Predicate<TopicPartition> mapsLoaded) {
        KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(Map.of(), destinationSettings,
                readerSettings(Map.of(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false)), clientId + "-state-reader");
        if (consumer.partitionsFor(topic, READ_TIMEOUT).isEmpty()) {
            consumer.close(Duration.ZERO);
            return Optional.empty();
        }
        LinkStateStore store = new LinkStateStore(topic, consumer, null, mapsLoaded);
        consumer.assign(List.of(store.statePartition));
        consumer.seekToBeginning(List.of(store.statePartition));
        store.refresh();
        return Optional.of(store);
    }

    /**
     * The state topic has one partition, read from its start when a holder opens: fetches of 16 MiB
     * instead of the default 1 MiB per partition cut the round trips of a large state by 16.
     */
    private static Map<String, Object> readerSettings(Map<String, Object> more) {
        Map<String, Object> settings = new HashMap<>(more);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        return settings;
    }

    private static void ensureTopic(Admin admin, String topic, short replicationFactor) throws InterruptedException {
        NewTopic newTopic = new NewTopic(topic, Optional.of(1), Optional.of(replicationFactor))
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        // The offset map's last chunk is written again with every new point: segments
                        // that close within minutes let compaction drop the old copies soon, so that a
                        // task reading the topic at start reads little more than the live records.
                        TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(STATE_SEGMENT_MS),
                        TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(STATE_SEGMENT_BYTES)));
        try {
            admin.createTopics(List.of(newTopic)).all().get();
            log.info("Created link state topic {}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new RetriableException("Cannot create the link state topic " + topic + " on the destination", e.getCause());
            }
        }
        TopicReadiness.awaitListOffsets(admin, List.of(new TopicPartition(topic, 0)), READ_TIMEOUT);
    }

    /** Reads what others wrote since the last read, up to the current end of the topic. */
    public void refresh() {
        refresh(READ_TIMEOUT);
    }

    /**
     * As {@link #refresh()}, giving up after {@code timeout} (a Kafka {@code TimeoutException} or a
     * {@link RetriableException}): for checks that run in a task's poll, which must return soon.
     */
    public synchronized void refresh(Duration timeout) {
        long end = consumer.endOffsets(List.of(statePartition), timeout).get(statePartition);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.position(statePartition, READ_TIMEOUT) < end) {
            if (System.nanoTime() > deadline) {
                throw new RetriableException("Could not read the link state topic " + topic + " to its end " + end);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                apply(StateRecords.text(record.key()), record.value());
            }
        }
    }

    private void apply(String key, byte[] value) {
        if (key.startsWith(StateRecords.MIRROR)) {
            String mirrorTopic = key.substring(StateRecords.MIRROR.length());
            if (value == null) {
                mirrorStates.remove(mirrorTopic);
            } else {
                mirrorStates.put(mirrorTopic, StateRecords.decodeMirrorState(value));
            }
        } else if (key.startsWith(StateRecords.ALIGN)) {
            TopicPartition partition = StateRecords.parseAlignKey(key);
            if (value == null) {
                alignments.remove(partition);
            } else {
                alignments.put(partition, StateRecords.decodeSourceOffset(value));
            }
        } else if (key.startsWith(StateRecords.RELEASE)) {
            TopicPartition partition = StateRecords.parsePartitionKey(key, StateRecords.RELEASE);
            if (value == null) {
                releases.remove(partition);
            } else {
                releases.put(partition, StateRecords.decodeRelease(value));
            }
        } else if (key.startsWith(StateRecords.FAULT)) {
            TopicPartition partition = StateRecords.parsePartitionKey(key, StateRecords.FAULT);
            if (value == null) {
                faults.remove(partition);
            } else {
                faults.put(partition, StateRecords.decodeFault(value));
            }
        } else if (key.startsWith(StateRecords.CREATING)) {
            String mirrorTopic = key.substring(StateRecords.CREATING.length());
            if (value == null) {
                creating.remove(mirrorTopic);
            } else {
                creating.add(mirrorTopic);
            }
        } else if (key.startsWith(StateRecords.CLAIM)) {
            TopicPartition partition = StateRecords.parsePartitionKey(key, StateRecords.CLAIM);
            if (value == null) {
                claims.remove(partition);
            } else {
                claims.put(partition, new String(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        } else if (key.startsWith(StateRecords.OFFSET_SYNC)) {
            String share = key.substring(StateRecords.OFFSET_SYNC.length());
            if (value == null) {
                offsetSyncStarts.remove(share);
            } else {
                offsetSyncStarts.put(share, StateRecords.decodeSourceOffset(value));
                lastOffsetSyncShare = share;
            }
        } else if (key.startsWith(StateRecords.RESTORE)) {
            String mirrorTopic = key.substring(StateRecords.RESTORE.length());
            if (value == null) {
                restores.remove(mirrorTopic);
            } else {
                restores.put(mirrorTopic, StateRecords.decodeRestore(value));
            }
        } else if (key.startsWith(StateRecords.ACL)) {
            String binding = key.substring(StateRecords.ACL.length());
            if (value == null) {
                ownedAcls.remove(binding);
            } else {
                ownedAcls.add(binding);
            }
        } else {
            offsetMaps.apply(key, value);
        }
    }

    public synchronized Map<String, MirrorTopicState> mirrorStates() {
        return Map.copyOf(mirrorStates);
    }

    public synchronized Optional<MirrorTopicState> mirrorState(String mirrorTopic) {
        return Optional.ofNullable(mirrorStates.get(mirrorTopic));
    }

    /**
     * The offset map of one mirror partition as it is now, to read only (empty when aligned, or when
     * this holder was not opened to load it).
     */
    public synchronized PartitionOffsetMap offsetMap(TopicPartition mirrorPartition) {
        return offsetMaps.copyOf(mirrorPartition);
    }

    /** The offset an empty mirror partition was last advanced (or being advanced) to, if ever. */
    public synchronized Optional<Long> alignment(TopicPartition mirrorPartition) {
        return Optional.ofNullable(alignments.get(mirrorPartition));
    }

    /** Stores, before the first filler is written, the offset an empty mirror partition is advanced to. */
    public void putAlignment(TopicPartition mirrorPartition, long target) {
        send(StateRecords.alignKey(mirrorPartition), StateRecords.encodeSourceOffset(target));
        synchronized (this) {
            alignments.put(mirrorPartition, target);
        }
    }

    public void putMirrorState(String mirrorTopic, MirrorTopicState state) {
        send(StateRecords.mirrorKey(mirrorTopic), StateRecords.encode(state));
        synchronized (this) {
            mirrorStates.put(mirrorTopic, state);
        }
    }

    /** Where the restore of a topic stands, if one ever ran. */
    public synchronized Optional<MirrorRestoreState> restore(String mirrorTopic) {
        return Optional.ofNullable(restores.get(mirrorTopic));
    }

    public synchronized Map<String, MirrorRestoreState> restores() {
        return Map.copyOf(restores);
    }

    public void putRestore(String mirrorTopic, MirrorRestoreState state) {
        send(StateRecords.restoreKey(mirrorTopic), StateRecords.encode(state));
        synchronized (this) {
            restores.put(mirrorTopic, state);
        }
    }

    /**
     * Forgets what an earlier life of a mirror topic left (faults, releases, alignments of its
     * partitions), before a restore makes it a mirror again: a fault of the old life would fail the new
     * one. Its offset map is for a holder that loaded it ({@link #resumeOffsetMapAt} from 0).
     */
    public void forgetMirrorHistory(String mirrorTopic, int partitions) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            TopicPartition partition = new TopicPartition(mirrorTopic, p);
            records.add(record(StateRecords.faultKey(partition), null));
            records.add(record(StateRecords.releaseKey(partition), null));
            records.add(record(StateRecords.alignKey(partition), null));
        }
        sendAll(records);
        synchronized (this) {
            faults.keySet().removeIf(partition -> partition.topic().equals(mirrorTopic));
            releases.keySet().removeIf(partition -> partition.topic().equals(mirrorTopic));
            alignments.keySet().removeIf(partition -> partition.topic().equals(mirrorTopic));
        }
    }

    /**
     * A task's confirmation that it writes nothing more to a mirror partition.
     *
     * @param stateUpdatedMs the {@code updatedMs} of the PENDING_STOPPED state it answers
     * @param sourcePosition where the task stopped reading the source partition
     */
    public record Release(long stateUpdatedMs, long sourcePosition) {
    }

    /** What a task found wrong with a mirror partition, and when. */
    public record Fault(long atMs, String reason) {
    }

    /** The latest fault a task reported for any partition of a mirror topic. */
    public synchronized Optional<Fault> fault(String mirrorTopic) {
        return faults.entrySet().stream().filter(entry -> entry.getKey().topic().equals(mirrorTopic))
                .map(Map.Entry::getValue).max(java.util.Comparator.comparingLong(Fault::atMs));
    }

    /** The faults tasks reported for partitions of a mirror topic, by partition. */
    public synchronized java.util.SortedMap<Integer, Fault> faults(String mirrorTopic) {
        java.util.SortedMap<Integer, Fault> found = new java.util.TreeMap<>();
        faults.forEach((partition, fault) -> {
            if (partition.topic().equals(mirrorTopic)) {
                found.put(partition.partition(), fault);
            }
        });
        return found;
    }

    public void putFault(TopicPartition mirrorPartition, Fault fault) {
        send(StateRecords.faultKey(mirrorPartition), StateRecords.encode(fault));
        synchronized (this) {
            faults.put(mirrorPartition, fault);
        }
    }

    /**
     * Records that task instance {@code instance} copies these mirror partitions from now on; waits
     * until stored. An instance that later reads another's claim knows it was replaced.
     */
    /**
     * Records that the link is about to create these mirror topics; waits until stored. Written before
     * the topics exist, so that whoever sees such a topic finds it marked as a mirror.
     */
    public void putCreating(Collection<String> mirrorTopics) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        mirrorTopics.forEach(mirror -> records.add(record(StateRecords.creatingKey(mirror), mirror.getBytes(
                java.nio.charset.StandardCharsets.UTF_8))));
        sendAll(records);
        synchronized (this) {
            creating.addAll(mirrorTopics);
        }
    }

    /** Mirror topics the link set out to create (whether or not it has stored their state since). */
    public synchronized Set<String> mirrorsBeingCreated() {
        return Set.copyOf(creating);
    }

    public void putClaims(Collection<TopicPartition> mirrorPartitions, String instance) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        byte[] value = instance.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        mirrorPartitions.forEach(partition -> records.add(record(StateRecords.claimKey(partition), value)));
        sendAll(records);
        synchronized (this) {
            mirrorPartitions.forEach(partition -> claims.put(partition, instance));
        }
    }

    /** The task instance that last claimed a mirror partition, as far as this store has read. */
    public synchronized Optional<String> claimant(TopicPartition mirrorPartition) {
        return Optional.ofNullable(claims.get(mirrorPartition));
    }

    public synchronized Optional<Release> release(TopicPartition mirrorPartition) {
        return Optional.ofNullable(releases.get(mirrorPartition));
    }

    public void putRelease(TopicPartition mirrorPartition, Release release) {
        send(StateRecords.releaseKey(mirrorPartition), StateRecords.encode(release));
        synchronized (this) {
            releases.put(mirrorPartition, release);
        }
    }

    /**
     * When the link's offset sync last started a sweep over all its groups: the oldest of the latest
     * sweeps of its tasks (shares {@code i/n} of the task count n written last); empty when the link
     * has no offset sync.
     */
    public synchronized Optional<Long> offsetSyncStartedMs() {
        if (lastOffsetSyncShare == null) {
            return Optional.empty();
        }
        String tasks = lastOffsetSyncShare.substring(lastOffsetSyncShare.indexOf('/') + 1);
        int count = Integer.parseInt(tasks);
        List<Long> current = new ArrayList<>();
        offsetSyncStarts.forEach((share, started) -> {
            if (share.endsWith("/" + tasks)) {
                current.add(started);
            }
        });
        return current.size() < count ? Optional.of(0L) : current.stream().min(Long::compare);
    }

    /** Records that offset sync task {@code share} ("i/n") started a sweep that then completed. */
    public void putOffsetSyncStarted(String share, long startedMs) {
        String tasks = share.substring(share.indexOf('/'));
        List<String> outdated;
        synchronized (this) {
            outdated = offsetSyncStarts.keySet().stream().filter(other -> !other.endsWith(tasks)).toList();
        }
        // Shares of an earlier task count go: the state keeps one record per current task, however often it changed.
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        outdated.forEach(other -> records.add(record(StateRecords.bytes(StateRecords.OFFSET_SYNC + other), null)));
        records.add(record(StateRecords.bytes(StateRecords.OFFSET_SYNC + share), StateRecords.encodeSourceOffset(startedMs)));
        sendAll(records);
        synchronized (this) {
            outdated.forEach(offsetSyncStarts::remove);
            offsetSyncStarts.put(share, startedMs);
            lastOffsetSyncShare = share;
        }
    }

    /** The ACL bindings (in the text form of the ACL sync) that the link created on the destination. */
    public synchronized Set<String> ownedAcls() {
        return Set.copyOf(ownedAcls);
    }

    /**
     * Records that the link owns {@code added} (before creating them) and no longer owns {@code removed}
     * (after deleting them); durable when this returns.
     */
    public void putAclOwnership(Collection<String> added, Collection<String> removed) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(added.size() + removed.size());
        added.forEach(binding -> records.add(record(StateRecords.aclKey(binding), StateRecords.bytes(binding))));
        removed.forEach(binding -> records.add(record(StateRecords.aclKey(binding), null)));
        sendAll(records);
        synchronized (this) {
            ownedAcls.addAll(added);
            ownedAcls.removeAll(removed);
        }
    }

    /**
     * Stores points of one mirror partition (this holder must be its only writer); durable when this
     * returns. Points at or below the last stored one replace it and every point after (see
     * {@link PartitionOffsetMap}).
     */
    public void putOffsetPoints(TopicPartition mirrorPartition, Collection<OffsetPoint> points) {
        Map<Long, OffsetChunk> changes;
        synchronized (this) {
            PartitionOffsetMap map = offsetMaps.forWriting(mirrorPartition);
            map.addAll(points);
            changes = map.pendingChanges();
        }
        storeChunks(mirrorPartition, changes);
    }

    /**
     * Forgets the offset map chunks of a mirror partition that describe only records below its log start
     * (retention, DeleteRecords); moves points stored one per record by an older version into chunks.
     * Returns how many chunks went.
     */
    public int pruneOffsetMap(TopicPartition mirrorPartition, long logStart) {
        Map<Long, OffsetChunk> changes;
        int dropped;
        List<byte[]> legacyKeys;
        synchronized (this) {
            PartitionOffsetMap map = offsetMaps.forWriting(mirrorPartition);
            dropped = map.dropBelow(logStart);
            changes = map.pendingChanges();
            legacyKeys = offsetMaps.legacyKeys(mirrorPartition);
        }
        storeChunks(mirrorPartition, changes);
        if (!legacyKeys.isEmpty()) {
            // Only now that the chunks holding the same points are durable.
            sendAll(legacyKeys.stream().map(key -> record(key, null)).toList());
            synchronized (this) {
                offsetMaps.legacyDeleted(mirrorPartition);
            }
            log.info("Moved {} offset map points of {} into chunks", legacyKeys.size(), mirrorPartition);
        }
        return dropped;
    }

    /**
     * The task copying a mirror partition resumes writing its map at the mirror's end: points from there
     * on were stored for records that never landed and are deleted, and of the chunks below it keeps
     * only their keys (to prune them), so that its memory does not grow with the map.
     */
    public void resumeOffsetMapAt(TopicPartition mirrorPartition, long destinationEnd) {
        Map<Long, OffsetChunk> changes;
        synchronized (this) {
            PartitionOffsetMap map = offsetMaps.forWriting(mirrorPartition);
            map.truncateFrom(destinationEnd);
            map.keepDetailFrom(destinationEnd);
            changes = map.pendingChanges();
        }
        storeChunks(mirrorPartition, changes);
    }

    /**
     * For a holder that only looks up the mirrors' ends (the link's health reader): keeps of each map read here only
     * the chunk holding the given destination offset and those above, so that its memory does not grow with the maps
     * of a link whose sources write transactions (every marker is a point). A later look-up below it is an error.
     */
    public synchronized void forgetOffsetMapsBelow(Map<TopicPartition, Long> destinationOffsets) {
        destinationOffsets.forEach(offsetMaps::forgetBelow);
    }

    /** Bytes of offset map chunks this holder keeps in memory. */
    public synchronized long offsetMapBytes() {
        return offsetMaps.bytes();
    }

    private void storeChunks(TopicPartition mirrorPartition, Map<Long, OffsetChunk> changes) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(changes.size());
        changes.forEach((firstDestination, chunk) -> records.add(record(StateRecords.mapKey(mirrorPartition, firstDestination),
                chunk == null ? null : chunk.encoded())));
        sendAll(records);
        synchronized (this) {
            offsetMaps.forWriting(mirrorPartition).stored(changes);
        }
    }

    private void send(byte[] key, byte[] value) {
        await(producer.send(record(key, value)));
    }

    /** Sends records in order and waits until every one is acknowledged. */
    private void sendAll(List<ProducerRecord<byte[], byte[]>> records) {
        List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
        records.forEach(record -> sends.add(producer.send(record)));
        sends.forEach(this::await);
    }

    private ProducerRecord<byte[], byte[]> record(byte[] key, byte[] value) {
        return new ProducerRecord<>(topic, 0, key, value);
    }

    private void await(Future<RecordMetadata> send) {
        try {
            send.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while writing the link state topic " + topic, e);
        } catch (ExecutionException e) {
            throw new RetriableException("Cannot write the link state topic " + topic + " on the destination", e.getCause());
        }
    }

    public String topic() {
        return topic;
    }

    /**
     * Closes within about {@link KafkaClients#CLOSE_TIMEOUT} per client: every write waited for its
     * acknowledgement, so nothing a caller relies on is pending.
     */
    @Override
    public void close() {
        if (producer != null) {
            producer.close(KafkaClients.CLOSE_TIMEOUT);
        }
        consumer.close(KafkaClients.CLOSE_TIMEOUT);
    }
}
