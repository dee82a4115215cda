package dev.kafkalink.schemas;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kafkalink.common.WorkerCompatibility;
import dev.kafkalink.common.config.ClusterRole;
import dev.kafkalink.common.task.SingleTaskConnector;
import dev.kafkalink.schemas.registry.RegistryClient;
import dev.kafkalink.schemas.registry.RegistryException;
import dev.kafkalink.schemas.registry.RegistryUnavailableException;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema Linking for every registry that speaks the Confluent REST API: every version of every
 * selected subject exists on the destination with the same id, version and type, so that mirrored
 * records, which carry the source's schema ids, stay readable. One task: a sweep is parallel HTTP
 * requests, not partitions of work.
 */
public class SchemaExportConnector extends SingleTaskConnector {

    private static final Logger log = LoggerFactory.getLogger(SchemaExportConnector.class);

    @Override
    protected void started(Map<String, String> props) {
        SchemaExportConfig config = new SchemaExportConfig(props);
        log.info("Starting schema export of link {} every {} ms", config.linkName(), config.syncIntervalMs());
    }

    /** Checks every key and their combinations; when all are valid, also that both registries answer. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return WorkerCompatibility.validate(connectorConfigs, () -> validateWithRegistries(connectorConfigs));
    }

    private static Config validateWithRegistries(Map<String, String> connectorConfigs) {
        Config config = validateFields(connectorConfigs);
        if (hasErrors(config)) {
            return config;
        }
        SchemaExportConfig parsed = new SchemaExportConfig(connectorConfigs);
        for (ClusterRole role : ClusterRole.values()) {
            List<String[]> storeProblems = RegistryConnectionConfig.storeProblems(parsed, role);
            storeProblems.forEach(problem -> addError(config, problem[0], problem[1]));
            if (storeProblems.isEmpty()) {
                reachabilityProblem(new RegistryClient(parsed.registry(role)))
                        .ifPresent(problem -> addError(config, role.key(RegistryConnectionConfig.URL), problem));
            }
        }
        return config;
    }

    /** The checks of {@link #validate} that need no registry. */
    public static Config validateFields(Map<String, String> connectorConfigs) {
        Config config = new Config(SchemaExportConfig.configDef().validate(connectorConfigs));
        if (!hasErrors(config)) {
            for (String[] problem : new SchemaExportConfig(connectorConfigs).contradictions()) {
                addError(config, problem[0], problem[1]);
            }
        }
        return config;
    }

    private static Optional<String> reachabilityProblem(RegistryClient registry) {
        try {
            registry.mode(null);
            return Optional.empty();
        } catch (RegistryUnavailableException | RegistryException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static boolean hasErrors(Config config) {
        return config.configValues().stream().anyMatch(value -> !value.errorMessages().isEmpty());
    }

    private static void addError(Config config, String key, String message) {
        for (ConfigValue value : config.configValues()) {
            if (value.name().equals(key)) {
                value.addErrorMessage(message);
            }
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SchemaExportTask.class;
    }

    @Override
    public ConfigDef config() {
        return SchemaExportConfig.configDef();
    }
}
