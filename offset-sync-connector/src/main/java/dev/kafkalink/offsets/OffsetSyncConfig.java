package dev.kafkalink.offsets;

import java.util.Map;

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

/** Configuration of {@link OffsetSyncConnector}; every key is declared here once. */
public final class OffsetSyncConfig extends LinkConnectorConfig {

    public static final String GROUP_FILTERS = "consumer.offset.group.filters";
    public static final String SYNC_MS = "consumer.offset.sync.ms";
    public static final String GROUP_PREFIX_ENABLE = "consumer.group.prefix.enable";

    /** Internal: which share of the groups a task syncs, as {@code index/count}. */
    public static final String TASK_SHARE = "task.group.share";

    public static final String FILTER_ARRAY = "groupFilters";

    private static final String GROUP_OFFSETS = "Consumer offsets";
    private static final ConfigDef CONFIG_DEF = buildConfigDef();

    public OffsetSyncConfig(Map<String, String> props) {
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
        def.define(GROUP_FILTERS, Type.STRING, "", NameFilter.validator(FILTER_ARRAY), Importance.HIGH,
                "Consumer groups whose committed offsets are carried over: {\"groupFilters\":[{\"name\":\"*\","
                        + "\"patternType\":\"LITERAL\",\"filterType\":\"INCLUDE\"}]}. patternType LITERAL or PREFIXED, "
                        + "filterType INCLUDE or EXCLUDE; EXCLUDE wins; the literal name * matches every group. "
                        + "No filter means no group is synced.",
                GROUP_OFFSETS, ++order, Width.LONG, "Group filters");
        def.define(SYNC_MS, Type.LONG, 30_000L, Range.between(100L, 86_400_000L), Importance.MEDIUM,
                "How often committed offsets are read on the source and written, translated, on the destination. "
                        + "After a failover consumers resume from the last sync: a shorter interval re-delivers less.",
                GROUP_OFFSETS, ++order, Width.SHORT, "Sync interval (ms)");
        def.define(GROUP_PREFIX_ENABLE, Type.BOOLEAN, false, Importance.LOW,
                "Put " + LinkConfig.CLUSTER_LINK_PREFIX + " before the group names on the destination too (as Cluster "
                        + "Linking does), so that groups of several links cannot collide.",
                GROUP_OFFSETS, ++order, Width.SHORT, "Prefix group names");
        def.defineInternal(TASK_SHARE, Type.STRING, "0/1", Importance.LOW);
        return def;
    }

    public NameFilter groupFilter() {
        return NameFilter.parse(getString(GROUP_FILTERS), FILTER_ARRAY);
    }

    public long syncIntervalMs() {
        return getLong(SYNC_MS);
    }

    /** The name a source group has on the destination. */
    public String destinationGroup(String sourceGroup) {
        return getBoolean(GROUP_PREFIX_ENABLE) ? getString(LinkConfig.CLUSTER_LINK_PREFIX) + sourceGroup : sourceGroup;
    }

    public GroupShare share() {
        return GroupShare.parse(getString(TASK_SHARE));
    }
}
