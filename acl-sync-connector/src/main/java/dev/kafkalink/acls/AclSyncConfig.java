package dev.kafkalink.acls;

import java.util.Map;

import dev.kafkalink.common.config.ClusterConnectionConfig;
import dev.kafkalink.common.config.ClusterRole;
import dev.kafkalink.common.config.LinkConfig;
import dev.kafkalink.common.config.LinkConnectorConfig;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Configuration of {@link AclSyncConnector}; every key is declared here once. */
public final class AclSyncConfig extends LinkConnectorConfig {

    public static final String ACL_FILTERS = "acl.filters";
    public static final String SYNC_MS = "acl.sync.ms";
    public static final String PRINCIPAL_MAPPING = "acl.principal.mapping";

    private static final String GROUP_ACLS = "ACLs";
    private static final ConfigDef CONFIG_DEF = buildConfigDef();

    public AclSyncConfig(Map<String, String> props) {
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
        def.define(ACL_FILTERS, Type.STRING, "", AclFilters.validator(), Importance.HIGH,
                "Which source ACL bindings to keep on the destination (required), in Cluster Linking's format: "
                        + AclFilters.EXAMPLE + ". resourceType: any, topic, group, cluster, transactional_id, "
                        + "delegation_token, user; patternType: any, match, literal, prefixed; operation: any, all, read, "
                        + "write, create, delete, alter, describe, cluster_action, describe_configs, alter_configs, "
                        + "idempotent_write, create_tokens, describe_tokens, two_phase_commit; permissionType: any, "
                        + "allow, deny. Absent name, principal or host match any. A binding is synced when any "
                        + "filter matches it.",
                GROUP_ACLS, ++order, Width.LONG, "ACL filters");
        def.define(SYNC_MS, Type.LONG, 5_000L, Range.between(100L, 86_400_000L), Importance.MEDIUM,
                "How often ACLs are compared and brought in step.", GROUP_ACLS, ++order, Width.SHORT, "Sync interval (ms)");
        def.define(PRINCIPAL_MAPPING, Type.LIST, "", PrincipalMapping.validator(), Importance.MEDIUM,
                "Principals renamed on the destination, applied before comparing: comma-separated SOURCE->DESTINATION "
                        + "pairs, for example User:app-aws->User:app-azure.",
                GROUP_ACLS, ++order, Width.LONG, "Principal mapping");
        return def;
    }

    AclFilters filters() {
        return AclFilters.parse(getString(ACL_FILTERS));
    }

    AclTranslation translation() {
        return new AclTranslation(getString(LinkConfig.CLUSTER_LINK_PREFIX), PrincipalMapping.parse(getList(PRINCIPAL_MAPPING)));
    }

    public long syncIntervalMs() {
        return getLong(SYNC_MS);
    }
}
