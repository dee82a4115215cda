package dev.kafkalink.source;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kafkalink.common.config.ClusterConnectionConfig;
import dev.kafkalink.common.config.ClusterRole;
import dev.kafkalink.common.config.LinkConfig;
import dev.kafkalink.common.config.LinkConnectorConfig;
import dev.kafkalink.common.filter.NameFilter;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;

/** Configuration of {@link SourceLinkConnector}; every key is declared here once. */
public final class SourceLinkConfig extends LinkConnectorConfig {

    public static final String MIRROR_TOPICS = "mirror.topics";
    public static final String MIRROR_TOPICS_PAUSE = "mirror.topics.pause";
    public static final String MIRROR_TOPICS_PROMOTE = "mirror.topics.promote";
    public static final String MIRROR_TOPICS_FAILOVER = "mirror.topics.failover";
    public static final String MIRROR_TOPICS_RESTORE = "mirror.topics.restore";
    public static final String REVERSE_LINK_NAME = "reverse.link.name";
    public static final String DIVERGED_TOPIC_FORMAT = "mirror.restore.diverged.topic.format";
    public static final String TOPIC_PLACEHOLDER = "${topic}";
    public static final String AUTO_CREATE_ENABLE = "auto.create.mirror.topics.enable";
    public static final String AUTO_CREATE_FILTERS = "auto.create.mirror.topics.filters";
    public static final String START_OFFSET_SPEC = "mirror.start.offset.spec";
    public static final String DISCOVERY_MS = "topic.discovery.ms";
    public static final String CONFIG_SYNC_MS = "topic.config.sync.ms";
    public static final String CONFIG_SYNC_INCLUDE = "topic.config.sync.include";
    public static final String MIRROR_REPLICATION_FACTOR = "mirror.topic.replication.factor";
    public static final String FAULT_SCOPE = "mirror.fault.scope";
    /** {@link #FAULT_SCOPE}: a fault stops only the partition it was found in. */
    public static final String FAULT_SCOPE_PARTITION = "partition";
    /** {@link #FAULT_SCOPE}: a fault in any partition FAILS the whole mirror topic. */
    public static final String FAULT_SCOPE_TOPIC = "topic";

    /** Internal: the source partitions one task mirrors, as {@code topic:partition,...}. */
    public static final String TASK_PARTITIONS = "task.partitions";
    /** Internal: set only on the task that reports FAILED mirrors and stopped partitions ({@link FaultReport}). */
    public static final String TASK_FAULT_REPORT = "task.fault.report";

    public static final String FILTER_ARRAY = "topicFilters";

    /** Configs copied to mirrors unless the user narrows the list. */
    public static final List<String> DEFAULT_SYNCED_CONFIGS = List.of(
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.COMPRESSION_TYPE_CONFIG,
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
            TopicConfig.RETENTION_MS_CONFIG,
            TopicConfig.RETENTION_BYTES_CONFIG,
            TopicConfig.DELETE_RETENTION_MS_CONFIG,
            TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG,
            TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG,
            TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG,
            TopicConfig.SEGMENT_BYTES_CONFIG,
            TopicConfig.SEGMENT_MS_CONFIG);

    /**
     * Configs a mirror must not take from its source: the link sets the timestamp ones so that source
     * timestamps are kept as they are, and throttled replicas name the source cluster's brokers.
     */
    public static final Set<String> NEVER_SYNCED_CONFIGS = Set.of(
            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
            TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG,
            TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG,
            "leader.replication.throttled.replicas",
            "follower.replication.throttled.replicas");

    private static final String GROUP_TOPICS = "Mirror topics";
    private static final String GROUP_OPERATIONS = "Operations";
    private static final ConfigDef CONFIG_DEF = buildConfigDef();

    public SourceLinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    /** The definition of every key, for the connector, validation and the generated reference docs. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG_DEF);
    }

    private static ConfigDef buildConfigDef() {
        ConfigDef def = new ConfigDef();
        LinkConfig.define(def);
        ClusterConnectionConfig.define(def, ClusterRole.SOURCE);
        ClusterConnectionConfig.define(def, ClusterRole.DESTINATION);
        int order = 0;
        def.define(MIRROR_TOPICS, Type.LIST, "", Importance.HIGH,
                "Source topics to mirror, comma separated. Each gets a mirror topic named cluster.link.prefix + name.",
                GROUP_TOPICS, ++order, Width.LONG, "Mirror topics");
        def.define(MIRROR_TOPICS_PAUSE, Type.LIST, "", Importance.MEDIUM,
                "Mirror topics (destination names) whose copying is paused; removing a topic resumes it where it "
                        + "stopped, offsets still aligned.",
                GROUP_OPERATIONS, 1, Width.LONG, "Pause");
        def.define(MIRROR_TOPICS_PROMOTE, Type.LIST, "", Importance.MEDIUM,
                "Mirror topics (destination names) to promote: they stay PENDING_STOPPED until they hold every source "
                        + "record (lag 0 on all partitions) and, with an offset sync on the link, a last offset sync ran; "
                        + "then STOPPED: normal, writable topics the link never writes to again.",
                GROUP_OPERATIONS, 2, Width.LONG, "Promote");
        def.define(MIRROR_TOPICS_FAILOVER, Type.LIST, "", Importance.MEDIUM,
                "Mirror topics (destination names) to fail over: STOPPED as soon as the tasks stopped writing, "
                        + "whatever the lag; the last synced consumer group offsets stand. Also for FAILED mirrors.",
                GROUP_OPERATIONS, 3, Width.LONG, "Failover");
        def.define(MIRROR_TOPICS_RESTORE, Type.LIST, "", Importance.MEDIUM,
                "Topics on the destination (mirror topic names) that were the sources of the link named in "
                        + REVERSE_LINK_NAME + " and are made mirrors of this link's source again, as Cluster Linking's "
                        + "reverse-and-start and truncate-and-restore do. Records are compared to find where each partition "
                        + "diverged: without divergence the topic becomes a mirror in place, continuing at its end; records "
                        + "beyond the divergence point are first copied to the diverged topic (" + DIVERGED_TOPIC_FORMAT
                        + "), then the topic is re-created and mirrored from the source's log start. Refused while a "
                        + "consumer group with members reads the topic. Runs once per stop of the reverse link's mirror.",
                GROUP_OPERATIONS, 4, Width.LONG, "Restore");
        def.define(REVERSE_LINK_NAME, Type.STRING, "", LinkConfig.topicNamePart(0, 100), Importance.MEDIUM,
                "The link that mirrored the topics of " + MIRROR_TOPICS_RESTORE + " in the other direction (from this "
                        + "link's destination to its source); its state topic on this link's source cluster says how far "
                        + "it copied them. Needed with " + MIRROR_TOPICS_RESTORE + ".",
                GROUP_OPERATIONS, 5, Width.MEDIUM, "Reverse link name");
        def.define(DIVERGED_TOPIC_FORMAT, Type.STRING, TOPIC_PLACEHOLDER + ".diverged",
                ConfigDef.LambdaValidator.with((key, value) -> {
                    String format = ((String) value).trim();
                    if (!format.contains(TOPIC_PLACEHOLDER) || format.equals(TOPIC_PLACEHOLDER)) {
                        throw new ConfigException(key, value, "Must contain " + TOPIC_PLACEHOLDER
                                + " and more, for example " + TOPIC_PLACEHOLDER + ".diverged");
                    }
                }, () -> "a topic name containing " + TOPIC_PLACEHOLDER), Importance.LOW,
                "Where a restore sets aside the records a topic holds beyond the point where it diverged from the "
                        + "source: " + TOPIC_PLACEHOLDER + " is the restored topic's name. The diverged records keep their "
                        + "partitions, offsets, keys, values, headers and timestamps; the topic keeps them for ever "
                        + "(retention.ms=-1).",
                GROUP_OPERATIONS, 6, Width.MEDIUM, "Diverged topic name");
        def.define(AUTO_CREATE_ENABLE, Type.BOOLEAN, false, Importance.HIGH,
                "Also mirror every source topic that matches " + AUTO_CREATE_FILTERS + ", including topics created later. "
                        + "Internal topics (names starting with '__' or '_kafka-link-', and Kafka's internal topics) never.",
                GROUP_TOPICS, ++order, Width.SHORT, "Auto-create mirror topics");
        def.define(AUTO_CREATE_FILTERS, Type.STRING, "", NameFilter.validator(FILTER_ARRAY), Importance.HIGH,
                "Which topics to mirror automatically: {\"topicFilters\":[{\"name\":\"*\",\"patternType\":\"LITERAL\","
                        + "\"filterType\":\"INCLUDE\"}]}. patternType LITERAL or PREFIXED, filterType INCLUDE or EXCLUDE; "
                        + "EXCLUDE wins; the literal name * matches every topic.",
                GROUP_TOPICS, ++order, Width.LONG, "Auto-create filters");
        def.define(START_OFFSET_SPEC, Type.STRING, "earliest", ConfigDef.LambdaValidator.with((key, value) -> {
            try {
                StartOffsetSpec.parse((String) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, value, e.getMessage());
            }
        }, () -> "earliest, latest, or an ISO-8601 timestamp"), Importance.MEDIUM,
                "Where a new mirror starts: 'earliest' (all records the source still has), 'latest' (only new records) "
                        + "or an ISO-8601 timestamp (the first record at or after it). Offsets stay aligned either way: "
                        + "the mirror partition is advanced to the start offset first.",
                GROUP_TOPICS, ++order, Width.MEDIUM, "Start offset for new mirrors");
        def.define(DISCOVERY_MS, Type.LONG, 30_000L, Range.between(1_000L, 86_400_000L), Importance.LOW,
                "How often to look for new matching topics, new partitions and recreated source topics.",
                GROUP_TOPICS, ++order, Width.SHORT, "Discovery interval (ms)");
        def.define(CONFIG_SYNC_MS, Type.LONG, 5_000L, Range.between(1_000L, 86_400_000L), Importance.LOW,
                "How often mirror topic configs are brought in step with the source.",
                GROUP_TOPICS, ++order, Width.SHORT, "Topic config sync interval (ms)");
        def.define(CONFIG_SYNC_INCLUDE, Type.LIST, String.join(",", DEFAULT_SYNCED_CONFIGS),
                ConfigDef.LambdaValidator.with((key, value) -> {
                    for (Object config : (List<?>) value) {
                        if (!KnownTopicConfigs.NAMES.contains(config)) {
                            throw new ConfigException(key, value, "'" + config + "' is not a topic config this Kafka client "
                                    + "knows (for example retention.ms, cleanup.policy)");
                        }
                        if (NEVER_SYNCED_CONFIGS.contains(config)) {
                            throw new ConfigException(key, value, "'" + config + "' is never copied to a mirror: the link "
                                    + "owns it. Never copied: " + NEVER_SYNCED_CONFIGS);
                        }
                    }
                }, () -> "topic configs except " + NEVER_SYNCED_CONFIGS), Importance.LOW,
                "Topic configs copied from each source topic to its mirror and kept in step.",
                GROUP_TOPICS, ++order, Width.LONG, "Synced topic configs");
        def.define(MIRROR_REPLICATION_FACTOR, Type.SHORT, (short) -1, Range.between(-1, Short.MAX_VALUE), Importance.LOW,
                "Replication factor of mirror topics created by the link; -1 takes the destination broker's default.",
                GROUP_TOPICS, ++order, Width.SHORT, "Mirror replication factor");
        def.define(FAULT_SCOPE, Type.STRING, FAULT_SCOPE_PARTITION,
                ConfigDef.ValidString.in(FAULT_SCOPE_PARTITION, FAULT_SCOPE_TOPIC), Importance.MEDIUM,
                "What a fault in one mirror partition stops (a record the link did not write, the link's own record "
                        + "written twice, a mirror partition truncated or deleted). 'partition': only that partition; the "
                        + "others keep copying, the mirror stays ACTIVE with the stopped partitions in its reason, and the "
                        + "connector's status shows a FAILED task that names them. 'topic': the whole mirror topic is "
                        + "FAILED (every partition stops). Either way the faulted partition is never written again; "
                        + "fail the mirror over or recreate it.",
                GROUP_OPERATIONS, 4, Width.SHORT, "Fault scope");
        def.defineInternal(TASK_PARTITIONS, Type.STRING, "", Importance.LOW);
        def.defineInternal(TASK_FAULT_REPORT, Type.STRING, "", Importance.LOW);
        return def;
    }

    public String mirrorTopicName(String sourceTopic) {
        return getString(LinkConfig.CLUSTER_LINK_PREFIX) + sourceTopic;
    }

    public String divergedTopicName(String restoredTopic) {
        return getString(DIVERGED_TOPIC_FORMAT).trim().replace(TOPIC_PLACEHOLDER, restoredTopic);
    }

    public List<String> mirrorTopics() {
        return getList(MIRROR_TOPICS);
    }

    /** Topics matched automatically; no filter when auto-creation is off. */
    public NameFilter autoCreateFilter() {
        return getBoolean(AUTO_CREATE_ENABLE)
                ? NameFilter.parse(getString(AUTO_CREATE_FILTERS), FILTER_ARRAY)
                : NameFilter.none();
    }

    public StartOffsetSpec startOffsetSpec() {
        return StartOffsetSpec.parse(getString(START_OFFSET_SPEC));
    }

    public long discoveryIntervalMs() {
        return getLong(DISCOVERY_MS);
    }

    public long configSyncIntervalMs() {
        return getLong(CONFIG_SYNC_MS);
    }

    public List<String> syncedConfigs() {
        return getList(CONFIG_SYNC_INCLUDE);
    }

    /** Whether a fault FAILS the whole mirror topic rather than stopping only its partition. */
    public boolean faultFailsTopic() {
        return FAULT_SCOPE_TOPIC.equals(getString(FAULT_SCOPE));
    }

    public short mirrorReplicationFactor() {
        return getShort(MIRROR_REPLICATION_FACTOR);
    }
}
