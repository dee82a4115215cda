package dev.kafkalink.common.config;

import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * What the configuration of every connector that talks to both clusters of a link offers: the
 * link's name, its state topic, and each cluster's client settings (see {@link LinkConfig} and
 * {@link ClusterConnectionConfig} for the keys).
 */
public abstract class LinkConnectorConfig extends AbstractConfig {

    protected LinkConnectorConfig(ConfigDef definition, Map<String, String> props) {
        super(definition, props, false);
    }

    public String linkName() {
        return getString(LinkConfig.LINK_NAME);
    }

    public String stateTopic() {
        return LinkConfig.stateTopic(linkName(), getString(LinkConfig.STATE_TOPIC));
    }

    public short stateTopicReplicationFactor() {
        return getShort(LinkConfig.STATE_TOPIC_REPLICATION_FACTOR);
    }

    /** Every client setting of one cluster; holds secrets, never log it. */
    public Map<String, Object> clientSettings(ClusterRole role) {
        return ClusterConnectionConfig.clientSettings(this, role);
    }
}
