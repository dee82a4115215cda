package dev.kafkalink.common.config;

import java.util.regex.Pattern;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Settings that every connector of a link shares: its name, the mirror topic prefix, its state topic. */
public final class LinkConfig {

    public static final String LINK_NAME = "link.name";
    public static final String CLUSTER_LINK_PREFIX = "cluster.link.prefix";
    public static final String STATE_TOPIC = "link.state.topic";
    public static final String STATE_TOPIC_REPLICATION_FACTOR = "link.state.topic.replication.factor";

    public static final String GROUP = "Link";

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]*");

    private LinkConfig() {
    }

    public static ConfigDef define(ConfigDef def) {
        defineName(def);
        int order = 1;
        def.define(CLUSTER_LINK_PREFIX, Type.STRING, "", topicNamePart(0, 100), Importance.MEDIUM,
                "Prefix put before every mirror topic name on the destination (and before synced consumer group names "
                        + "when the offset sync sets consumer.group.prefix.enable=true).",
                GROUP, ++order, Width.MEDIUM, "Mirror topic prefix");
        def.define(STATE_TOPIC, Type.STRING, "", topicNamePart(0, 249), Importance.LOW,
                "Compacted topic on the destination that keeps the link's state (mirror topic states and the "
                        + "offset map). Empty means '_kafka-link-<link.name>-state'.",
                GROUP, ++order, Width.LONG, "State topic");
        def.define(STATE_TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) -1, ConfigDef.LambdaValidator.with(
                        (name, value) -> {
                            if (value == null) {
                                throw new ConfigException(name, null, "Use -1 for the broker default or a positive factor");
                            }
                            short rf = (Short) value;
                            if (rf == 0 || rf < -1) {
                                throw new ConfigException(name, value, "Use -1 for the broker default or a positive factor");
                            }
                        }, () -> "-1 or a positive number"),
                Importance.LOW, "Replication factor of the state topic; -1 takes the broker's default.",
                GROUP, ++order, Width.SHORT, "State topic replication factor");
        return def;
    }

    /** Only {@code link.name}, for connectors that keep no state on the destination cluster. */
    public static ConfigDef defineName(ConfigDef def) {
        return def.define(LINK_NAME, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, topicNamePart(1, 100), Importance.HIGH,
                "Names the link: its state topic, metrics and logs. All connectors of one link use the same name.",
                GROUP, 1, Width.MEDIUM, "Link name");
    }

    /** The state topic name for a link. */
    public static String stateTopic(String linkName, String configured) {
        return configured == null || configured.isEmpty() ? "_kafka-link-" + linkName + "-state" : configured;
    }

    /** Text that may be part of a topic name (a link name is part of its state topic's name), of a length in the range. */
    public static ConfigDef.Validator topicNamePart(int minLength, int maxLength) {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            String text = (String) value;
            if (text == null || text.length() < minLength) {
                throw new ConfigException(name, value, "Must not be empty");
            }
            if (text.length() > maxLength || !LEGAL.matcher(text).matches()) {
                throw new ConfigException(name, value, "Use at most " + maxLength
                        + " characters from a-z, A-Z, 0-9, '.', '_' and '-' (it becomes part of topic names)");
            }
        }, () -> "letters, digits, '.', '_', '-'");
    }
}
