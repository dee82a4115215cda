package dev.kafkalink.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.kafkalink.common.Version;
import dev.kafkalink.common.WorkerCompatibility;
import dev.kafkalink.common.clients.ClusterReachability;
import dev.kafkalink.common.clients.KafkaClients;
import dev.kafkalink.common.config.ClusterRole;
import dev.kafkalink.common.config.ClusterValidation;
import dev.kafkalink.common.metrics.GaugeRegistries;
import dev.kafkalink.common.schedule.PeriodicJob;
import dev.kafkalink.common.state.LinkStateStore;
import dev.kafkalink.common.state.MirrorState;
import dev.kafkalink.source.health.LinkHealth;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirror topics: the same partitions, offsets and bytes on the destination as on the source.
 *
 * <p>The connector discovers topics and partitions in the background, creates their mirrors, keeps
 * their configs in step and spreads the partitions over tasks; {@link SourceLinkTask} copies records.
 */
public class SourceLinkConnector extends SourceConnector {

    private static final Logger log = LoggerFactory.getLogger(SourceLinkConnector.class);
    private static final long OPERATIONS_CHECK_MS = 1_000;

    private Map<String, String> props;
    private SourceLinkConfig config;
    private ScheduledExecutorService scheduler;
    private Admin sourceAdmin;
    private Admin destinationAdmin;
    private volatile LinkStateStore store;
    private LinkHealth health;
    private volatile TopicDiscovery discovery;
    private volatile TopicConfigSync configSync;
    private volatile MirrorOperations operations;
    private volatile Set<TopicPartition> activePartitions = Set.of();
    private volatile Set<TopicPartition> assignedPartitions = Set.of();
    private volatile Optional<String> faultReport = Optional.empty();
    private volatile Optional<String> assignedFaultReport = Optional.empty();

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        this.config = new SourceLinkConfig(props);
        String link = config.linkName();
        log.info("Starting link {}: mirror topics {}, auto-create {}, state topic {}", link, config.mirrorTopics(),
                config.getBoolean(SourceLinkConfig.AUTO_CREATE_ENABLE), config.stateTopic());
        sourceAdmin = KafkaClients.admin(config.clientSettings(ClusterRole.SOURCE), "kafka-link-" + link + "-source-admin");
        destinationAdmin = KafkaClients.admin(config.clientSettings(ClusterRole.DESTINATION),
                "kafka-link-" + link + "-destination-admin");
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "kafka-link-" + link + "-discovery"));
        health = new LinkHealth(config, sourceAdmin, destinationAdmin, GaugeRegistries.forConnector(context, props));
        health.start();
        // A first sweep now, so that taskConfigs() right after start() already has the partitions and a
        // restarted connector does not publish zero tasks first; failures are the background job's to retry.
        boolean discovered = false;
        try {
            discover();
            discovered = true;
        } catch (Exception e) {
            log.warn("First topic discovery of link {} failed; retrying in the background: {}", link, e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        new PeriodicJob("Topic discovery of link " + link, this::discover, config.discoveryIntervalMs(), scheduler,
                context::raiseError).start(discovered ? config.discoveryIntervalMs() : 0);
        new PeriodicJob("Topic config sync of link " + link, this::syncConfigs, config.configSyncIntervalMs(), scheduler,
                context::raiseError).start(config.configSyncIntervalMs());
        new PeriodicJob("Mirror operations of link " + link, this::followPendingOperations, OPERATIONS_CHECK_MS, scheduler,
                context::raiseError).start(OPERATIONS_CHECK_MS);
    }

    private void discover() throws Exception {
        if (store == null) {
            store = LinkStateStore.open(config.clientSettings(ClusterRole.DESTINATION), config.stateTopic(),
                    config.stateTopicReplicationFactor(), "kafka-link-" + config.linkName() + "-connector",
                    mirrorPartition -> false);
            configSync = new TopicConfigSync(sourceAdmin, destinationAdmin, config.syncedConfigs());
            MirrorTopicCreator creator = new MirrorTopicCreator(destinationAdmin, store, configSync, config);
            discovery = new TopicDiscovery(sourceAdmin, store, creator,
                    new SourceTopicSelector(config.mirrorTopics(), config.autoCreateFilter()), config,
                    new MirrorRestore(config, sourceAdmin, destinationAdmin, store, creator),
                    new MirrorsOnSource(sourceAdmin, config.clientSettings(ClusterRole.SOURCE), "kafka-link-" + config.linkName()));
            operations = new MirrorOperations(store, sourceAdmin, configSync, config);
        }
        operations.apply();
        Set<TopicPartition> active;
        try {
            active = discovery.discover();
        } catch (Exception e) {
            Optional<String> sourceProblem = ClusterReachability.problem(config.clientSettings(ClusterRole.SOURCE), "source");
            sourceProblem.ifPresent(operations::sourceUnavailable);
            throw e;
        }
        operations.sourceAvailable();
        activePartitions = Set.copyOf(active);
        faultReport = FaultReport.describe(store);
        if (!activePartitions.equals(assignedPartitions)) {
            log.info("Link {} now mirrors {} partitions (tasks had {}): reconfiguring tasks", config.linkName(),
                    activePartitions.size(), assignedPartitions.size());
            context.requestTaskReconfiguration();
        } else if (!faultReport.equals(assignedFaultReport)) {
            log.info("Link {}: what stopped copying changed: reconfiguring tasks to report it", config.linkName());
            context.requestTaskReconfiguration();
        }
    }

    /**
     * A promote or failover in progress is checked every second, not only at discovery; so is a fault a
     * task reported, so that its partition leaves the tasks and the status shows it within seconds.
     */
    private void followPendingOperations() throws Exception {
        if (operations != null && (operations.anyPending() || operations.newFaults())) {
            discover();
        }
    }

    private void syncConfigs() throws Exception {
        if (store == null) {
            return;
        }
        Map<String, String> mirrorBySource = new HashMap<>();
        store.mirrorStates().forEach((mirror, state) -> {
            if (state.state() == MirrorState.ACTIVE) {
                mirrorBySource.put(state.sourceTopic(), mirror);
            }
        });
        configSync.sync(mirrorBySource);
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        Set<TopicPartition> partitions = activePartitions;
        Optional<String> report = faultReport;
        assignedPartitions = partitions;
        assignedFaultReport = report;
        List<Map<String, String>> tasks = FaultReport.taskConfigs(props, PartitionAssigner.assign(partitions, maxTasks),
                fewer -> PartitionAssigner.assign(partitions, fewer), maxTasks, report);
        boolean reported = tasks.stream().anyMatch(task -> task.containsKey(SourceLinkConfig.TASK_FAULT_REPORT));
        if (report.isPresent() && !reported) {
            log.error("Link {}: tasks.max=1 leaves no task to show this in the connector's status: {}", config.linkName(),
                    report.get());
        }
        log.info("Link {}: {} partitions over {} tasks{}", config.linkName(), partitions.size(), tasks.size(),
                reported ? ", and one task that reports what stopped copying" : "");
        return tasks;
    }

    @Override
    public void stop() {
        long started = System.currentTimeMillis();
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Utils.closeQuietly(health, "link health");
        Utils.closeQuietly(store, "link state store");
        KafkaClients.closeQuietly(sourceAdmin, "source admin");
        KafkaClients.closeQuietly(destinationAdmin, "destination admin");
        store = null;
        health = null;
        log.info("Link {} connector stopped in {} ms", config == null ? "?" : config.linkName(), System.currentTimeMillis() - started);
    }

    /** Checks the keys and their combinations; when all are valid, also that both clusters answer. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return WorkerCompatibility.validate(connectorConfigs, () -> ClusterValidation.addUnreachableClusters(
                validateFields(connectorConfigs), role -> new SourceLinkConfig(connectorConfigs).clientSettings(role)));
    }

    /** The checks of {@link #validate} that need no cluster: every key, and keys together. */
    public static Config validateFields(Map<String, String> connectorConfigs) {
        return SourceLinkValidation.validate(connectorConfigs,
                new Config(SourceLinkConfig.configDef().validate(connectorConfigs)));
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SourceLinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return SourceLinkConfig.configDef();
    }

    @Override
    public String version() {
        return Version.get();
    }
}
