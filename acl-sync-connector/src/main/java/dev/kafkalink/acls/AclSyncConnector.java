package dev.kafkalink.acls;

import java.util.Map;

import dev.kafkalink.common.WorkerCompatibility;
import dev.kafkalink.common.config.ClusterValidation;
import dev.kafkalink.common.task.SingleTaskConnector;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ACLs kept in sync, safely: every source ACL binding that {@code acl.filters} match exists on the
 * destination (all resource types, pattern types, operations, ALLOW and DENY), and a binding removed
 * from the source is removed from the destination only if the link created it. One task does it:
 * a sweep is a handful of batched Admin calls.
 */
public class AclSyncConnector extends SingleTaskConnector {

    private static final Logger log = LoggerFactory.getLogger(AclSyncConnector.class);

    @Override
    protected void started(Map<String, String> props) {
        AclSyncConfig config = new AclSyncConfig(props);
        log.info("Starting ACL sync of link {} every {} ms", config.linkName(), config.syncIntervalMs());
    }

    /** Checks every key (the filters are required); when all are valid, also that both clusters answer. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return WorkerCompatibility.validate(connectorConfigs, () -> ClusterValidation.addUnreachableClusters(
                validateFields(connectorConfigs), role -> new AclSyncConfig(connectorConfigs).clientSettings(role)));
    }

    /** The checks of {@link #validate} that need no cluster. */
    public static Config validateFields(Map<String, String> connectorConfigs) {
        Config config = new Config(AclSyncConfig.configDef().validate(connectorConfigs));
        String filters = connectorConfigs.get(AclSyncConfig.ACL_FILTERS);
        if (filters == null || filters.isBlank()) {
            for (ConfigValue value : config.configValues()) {
                if (value.name().equals(AclSyncConfig.ACL_FILTERS)) {
                    value.addErrorMessage("Say which ACLs to sync, for example " + AclFilters.EXAMPLE
                            + " (every binding)");
                }
            }
        }
        return config;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return AclSyncTask.class;
    }

    @Override
    public ConfigDef config() {
        return AclSyncConfig.configDef();
    }
}
