package dev.kafkalink.source;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps mirror topic configs in step with their source topics: the configs named in
 * {@code topic.config.sync.include} take the source's effective value. The timestamp configs are the
 * link's own ({@link #MIRROR_ONLY}): source timestamps are written as they are, whatever their age.
 * Each sweep is two {@code describeConfigs} calls and at most one {@code incrementalAlterConfigs}.
 */
final class TopicConfigSync {

    private static final Logger log = LoggerFactory.getLogger(TopicConfigSync.class);

    /** Set on every mirror and never taken from the source. */
    static final Map<String, String> MIRROR_ONLY = Map.of(
            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime",
            TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, Long.toString(Long.MAX_VALUE),
            TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, Long.toString(Long.MAX_VALUE));

    private final Admin source;
    private final Admin destination;
    private final List<String> included;

    TopicConfigSync(Admin source, Admin destination, List<String> included) {
        this.source = source;
        this.destination = destination;
        this.included = List.copyOf(included);
    }

    /** The configs a new mirror of each source topic is created with. */
    Map<String, Map<String, String>> configsForNewMirrors(Collection<String> sourceTopics)
            throws ExecutionException, InterruptedException {
        Map<String, Map<String, String>> wanted = new HashMap<>();
        describe(source, sourceTopics, "source").forEach((topic, config) -> {
            Map<String, String> values = new HashMap<>(synced(config));
            values.putAll(MIRROR_ONLY);
            wanted.put(topic, values);
        });
        return wanted;
    }

    /** Brings each mirror (source topic name -> mirror topic name) in step; returns how many configs changed. */
    int sync(Map<String, String> mirrorBySource) throws ExecutionException, InterruptedException {
        if (mirrorBySource.isEmpty()) {
            return 0;
        }
        Map<String, Config> sourceConfigs = describe(source, mirrorBySource.keySet(), "source");
        Map<String, Config> mirrorConfigs = describe(destination, mirrorBySource.values(), "destination");
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        int changed = 0;
        for (Map.Entry<String, String> mirror : mirrorBySource.entrySet()) {
            Config sourceConfig = sourceConfigs.get(mirror.getKey());
            Config mirrorConfig = mirrorConfigs.get(mirror.getValue());
            if (sourceConfig == null || mirrorConfig == null) {
                continue;
            }
            List<AlterConfigOp> ops = new ArrayList<>();
            synced(sourceConfig).forEach((name, value) -> {
                ConfigEntry current = mirrorConfig.get(name);
                if (current == null || !value.equals(current.value())) {
                    ops.add(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET));
                }
            });
            if (!ops.isEmpty()) {
                log.debug("Mirror topic {} takes {} from its source", mirror.getValue(), ops);
                changes.put(new ConfigResource(ConfigResource.Type.TOPIC, mirror.getValue()), ops);
                changed += ops.size();
            }
        }
        if (!changes.isEmpty()) {
            try {
                destination.incrementalAlterConfigs(changes).all().get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicAuthorizationException) {
                    throw refused("alter the configs of", changes.keySet().stream().map(ConfigResource::name).sorted().toList(),
                            "destination", "ALTER_CONFIGS", e.getCause());
                }
                throw e;
            }
            log.info("Synced {} topic configs on {} mirror topics", changed, changes.size());
        }
        return changed;
    }

    /**
     * A mirror that became a normal topic gets the source's timestamp settings back instead of the
     * link's; with the source topic gone, the broker's defaults.
     */
    void restoreSourceTimestamps(String mirror, String sourceTopic) throws ExecutionException, InterruptedException {
        Config sourceConfig;
        try {
            sourceConfig = describe(source, List.of(sourceTopic), "source").get(sourceTopic);
        } catch (ExecutionException | ConnectException e) {
            sourceConfig = null;
        }
        List<AlterConfigOp> ops = new ArrayList<>();
        for (String name : MIRROR_ONLY.keySet()) {
            ConfigEntry entry = sourceConfig == null ? null : sourceConfig.get(name);
            ops.add(entry == null || entry.value() == null
                    ? new AlterConfigOp(new ConfigEntry(name, null), AlterConfigOp.OpType.DELETE)
                    : new AlterConfigOp(new ConfigEntry(name, entry.value()), AlterConfigOp.OpType.SET));
        }
        try {
            destination.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, mirror), ops)).all().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                log.info("Mirror topic {} no longer exists on the destination: no settings to restore", mirror);
                return;
            }
            throw e;
        }
        log.info("Mirror topic {} takes its timestamp settings from {} again: {}", mirror,
                sourceConfig == null ? "the broker (the source topic is gone)" : "source topic " + sourceTopic, ops);
    }

    private Map<String, String> synced(Config sourceConfig) {
        Map<String, String> values = new HashMap<>();
        for (String name : included) {
            ConfigEntry entry = sourceConfig.get(name);
            if (entry != null && entry.value() != null && !SourceLinkConfig.NEVER_SYNCED_CONFIGS.contains(name)) {
                values.put(name, entry.value());
            }
        }
        return values;
    }

    /** The configs of {@code topics} on the {@code cluster} (source or destination) cluster. */
    private static Map<String, Config> describe(Admin admin, Collection<String> topics, String cluster)
            throws ExecutionException, InterruptedException {
        List<ConfigResource> resources = topics.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
        Map<String, Config> configs = new HashMap<>();
        List<String> refused = new ArrayList<>();
        for (Map.Entry<ConfigResource, KafkaFuture<Config>> config : admin.describeConfigs(resources).values().entrySet()) {
            try {
                configs.put(config.getKey().name(), config.getValue().get());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicAuthorizationException)) {
                    throw e;
                }
                refused.add(config.getKey().name());
            }
        }
        if (!refused.isEmpty()) {
            throw refused("describe the configs of", refused.stream().sorted().toList(), cluster, "DESCRIBE_CONFIGS", null);
        }
        return configs;
    }

    /** Kafka only says "Topic authorization failed.": this names the topics, the cluster and the ACL to grant. */
    private static ConnectException refused(String what, List<String> topics, String cluster, String operation, Throwable cause) {
        return new ConnectException("The link's principal may not " + what + " topic" + (topics.size() == 1 ? " " : "s ")
                + String.join(", ", topics) + " on the " + cluster + " cluster: grant it " + operation + " on "
                + (topics.size() == 1 ? "that topic" : "those topics"), cause);
    }
}
