package dev.kafkalink.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.kafkalink.common.config.LinkConfig;

/**
 * {@code kafka-link reverse TOPIC...} and {@code kafka-link restore TOPIC...}: the way back of the
 * disaster-recovery round trip, as configuration through the Connect REST API.
 *
 * <ul>
 *   <li>{@code reverse} writes the link in the other direction from the forward link's configuration:
 *       source and destination swapped (the link writes with destination.*), the topics
 *       listed under {@code mirror.topics} and {@code mirror.topics.restore}, {@code reverse.link.name} the
 *       forward link. An existing reverse connector is edited instead (its other settings stay), and so is
 *       the offset sync: the forward link's {@code OffsetSyncConnector} gets a reverse twin if none exists.
 *   <li>{@code restore} lists the topics under {@code mirror.topics.restore} of a link that exists.
 * </ul>
 * Either way a topic leaves the link's pause, promote and failover lists: a restored mirror is ACTIVE.
 */
final class ReverseCommand {

    static final String OFFSET_SYNC_CONNECTOR = "dev.kafkalink.offsets.OffsetSyncConnector";
    static final String RESTORE = MirrorOperationCommand.RESTORE;
    static final String REVERSE_LINK = "reverse.link.name";
    private static final List<String> OPERATIONS = List.of(MirrorOperationCommand.PAUSE, MirrorOperationCommand.PROMOTE,
            MirrorOperationCommand.FAILOVER);
    /** Keys of a link that are about its topics and operations, not its clusters: a reverse link starts without them. */
    private static final List<String> TOPIC_KEYS = List.of("mirror.topics", RESTORE, REVERSE_LINK,
            "auto.create.mirror.topics.enable", "auto.create.mirror.topics.filters", MirrorOperationCommand.PAUSE,
            MirrorOperationCommand.PROMOTE, MirrorOperationCommand.FAILOVER, LinkConfig.STATE_TOPIC);

    private ReverseCommand() {
    }

    /** The forward link's (source link or offset sync) configuration turned around: a new link from its destination to its source. */
    static Map<String, String> reversed(Map<String, String> forward, String reverseLink) {
        if (!forward.getOrDefault(LinkConfig.CLUSTER_LINK_PREFIX, "").isEmpty()) {
            throw new CliException("A link with " + LinkConfig.CLUSTER_LINK_PREFIX + " copies topics under other names: "
                    + "its mirrors cannot be restored onto their sources. Reverse a link without a prefix");
        }
        Map<String, String> reversed = new HashMap<>();
        forward.forEach((key, value) -> {
            if (key.startsWith("source.")) {
                reversed.put("destination." + key.substring("source.".length()), value);
            } else if (key.startsWith("destination.")) {
                reversed.put("source." + key.substring("destination.".length()), value);
            } else if (key.startsWith("producer.override.") && isClusterSetting(key.substring("producer.override.".length()))) {
                // Left from a configuration written for Connect's producer: the link writes with destination.*.
            } else if (!TOPIC_KEYS.contains(key) && !key.equals("name")) {
                reversed.put(key, value);
            }
        });
        reversed.put(LinkConfig.LINK_NAME, reverseLink);
        return reversed;
    }

    /** A link's configuration that restores {@code topics} from the link named {@code reverseLink}. */
    static Map<String, String> withRestore(Map<String, String> config, List<String> topics, String reverseLink) {
        Map<String, String> edited = new HashMap<>(config);
        if (!"true".equals(edited.get("auto.create.mirror.topics.enable"))) {
            add(edited, "mirror.topics", topics);
        }
        add(edited, RESTORE, topics);
        for (String key : OPERATIONS) {
            remove(edited, key, topics);
        }
        edited.put(REVERSE_LINK, reverseLink);
        return edited;
    }

    /** The forward link's offset sync connector, if it has one: name and configuration. */
    static Optional<Map.Entry<String, Map<String, String>>> offsetSync(Map<String, Map<String, String>> connectors, String link) {
        return connectors.entrySet().stream().filter(entry -> OFFSET_SYNC_CONNECTOR.equals(entry.getValue().get("connector.class"))
                && link.equals(entry.getValue().get(LinkConfig.LINK_NAME))).findFirst();
    }

    /** The name of the source link connector of {@code link}, if one runs. */
    static Optional<String> sourceLink(Map<String, Map<String, String>> connectors, String link) {
        return connectors.entrySet().stream().filter(entry -> link != null
                && LinkConnection.SOURCE_LINK_CONNECTOR.equals(entry.getValue().get("connector.class"))
                && link.equals(entry.getValue().get(LinkConfig.LINK_NAME))).map(Map.Entry::getKey).findFirst();
    }

    private static boolean isClusterSetting(String clientKey) {
        return clientKey.equals("bootstrap.servers") || clientKey.equals("security.protocol") || clientKey.startsWith("sasl.")
                || clientKey.startsWith("ssl.");
    }

    private static void add(Map<String, String> config, String key, List<String> topics) {
        Set<String> listed = MirrorOperationCommand.list(config.get(key));
        listed.addAll(topics);
        MirrorOperationCommand.put(config, key, listed);
    }

    private static void remove(Map<String, String> config, String key, List<String> topics) {
        Set<String> listed = MirrorOperationCommand.list(config.get(key));
        listed.removeAll(topics);
        MirrorOperationCommand.put(config, key, listed);
    }
}
