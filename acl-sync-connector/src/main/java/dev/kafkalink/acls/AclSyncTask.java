package dev.kafkalink.acls;

import java.util.Map;

import dev.kafkalink.common.clients.KafkaClients;
import dev.kafkalink.common.config.ClusterRole;
import dev.kafkalink.common.metrics.GaugeRegistries;
import dev.kafkalink.common.state.LinkStateStore;
import dev.kafkalink.common.task.PeriodicSyncTask;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings the destination's ACLs in step with the source's every {@code acl.sync.ms}. */
public class AclSyncTask extends PeriodicSyncTask {

    private static final Logger log = LoggerFactory.getLogger(AclSyncTask.class);

    private AclSyncConfig config;
    private Admin sourceAdmin;
    private Admin destinationAdmin;
    private LinkStateStore store;
    private AclSyncMetrics metrics;

    @Override
    protected String start(Map<String, String> props, String threadName) {
        config = new AclSyncConfig(props);
        String clientId = "kafka-link-" + config.linkName() + "-acl-sync";
        sourceAdmin = KafkaClients.admin(config.clientSettings(ClusterRole.SOURCE), clientId + "-source-admin");
        destinationAdmin = KafkaClients.admin(config.clientSettings(ClusterRole.DESTINATION), clientId + "-destination-admin");
        metrics = new AclSyncMetrics(GaugeRegistries.forTask(context, props), config.linkName());
        log.info("Link {}: syncing ACLs every {} ms", config.linkName(), config.syncIntervalMs());
        return "ACL sync of link " + config.linkName();
    }

    @Override
    protected long intervalMs() {
        return config.syncIntervalMs();
    }

    @Override
    protected void sweep() throws Exception {
        try {
            syncOnce();
        } catch (Exception e) {
            metrics.recordFailedSweep();
            throw e;
        }
    }

    private void syncOnce() throws Exception {
        if (store == null) {
            store = LinkStateStore.open(config.clientSettings(ClusterRole.DESTINATION), config.stateTopic(),
                    config.stateTopicReplicationFactor(), "kafka-link-" + config.linkName() + "-acl-sync",
                    mirrorPartition -> false);
        }
        long started = System.currentTimeMillis();
        AclSweep.Result result = new AclSweep(sourceAdmin, destinationAdmin, store, config.filters(), config.translation()).run();
        long finished = System.currentTimeMillis();
        metrics.recordSweep(result, finished, finished - started);
        log.debug("Link {}: ACL sweep in {} ms: {} in sync, {} created, {} deleted, {} skipped", config.linkName(),
                finished - started, result.inSync(), result.created(), result.deleted(), result.skipped());
    }

    @Override
    protected void close() {
        Utils.closeQuietly(metrics, "ACL sync metrics");
        Utils.closeQuietly(store, "link state store");
        KafkaClients.closeQuietly(sourceAdmin, "source admin");
        KafkaClients.closeQuietly(destinationAdmin, "destination admin");
    }
}
