package dev.kafkalink.common.config;

import java.util.Map;
import java.util.function.Function;

import dev.kafkalink.common.clients.ClusterReachability;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The part of every connector's {@code validate()} that asks the clusters: once each key is valid on
 * its own, both clusters must answer, so that a wrong address or security setting shows on its
 * bootstrap key instead of as a failed task later.
 */
public final class ClusterValidation {

    private ClusterValidation() {
    }

    /** Adds a problem to {@code <role>.bootstrap.servers} for each cluster that does not answer. */
    public static Config addUnreachableClusters(Config config, Function<ClusterRole, Map<String, Object>> clientSettings) {
        if (config.configValues().stream().anyMatch(value -> !value.errorMessages().isEmpty())) {
            return config;
        }
        for (ClusterRole role : ClusterRole.values()) {
            ClusterReachability.problem(clientSettings.apply(role), role.name().toLowerCase()).ifPresent(problem -> {
                for (ConfigValue value : config.configValues()) {
                    if (value.name().equals(role.key(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG))) {
                        value.addErrorMessage(problem);
                    }
                }
            });
        }
        return config;
    }
}
