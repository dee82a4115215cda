package dev.kafkalink.offsets;

import java.util.ArrayList;
import java.util.List;
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

/** Syncs the committed offsets of its share of the groups every {@code consumer.offset.sync.ms}. */
public class OffsetSyncTask extends PeriodicSyncTask {

    private static final Logger log = LoggerFactory.getLogger(OffsetSyncTask.class);
    /** Destination connections for offset writes: a first sweep of 10,000 groups is 10,000 requests. */
    private static final int WRITER_CONNECTIONS = 4;

    private OffsetSyncConfig config;
    private Admin sourceAdmin;
    private final List<Admin> writers = new ArrayList<>();
    private LinkStateStore store;
    private OffsetSyncMetrics metrics;

    @Override
    protected String start(Map<String, String> props, String threadName) {
        config = new OffsetSyncConfig(props);
        String link = config.linkName();
        String clientId = "kafka-link-" + link + "-offset-sync-" + config.share().index();
        if (config.groupFilter().isEmpty()) {
            log.warn("Link {}: {} is empty, so no consumer group is synced", link, OffsetSyncConfig.GROUP_FILTERS);
        }
        sourceAdmin = KafkaClients.admin(config.clientSettings(ClusterRole.SOURCE), clientId + "-source-admin");
        for (int i = 0; i < WRITER_CONNECTIONS; i++) {
            writers.add(KafkaClients.admin(config.clientSettings(ClusterRole.DESTINATION), clientId + "-destination-admin-" + i));
        }
        metrics = new OffsetSyncMetrics(GaugeRegistries.forTask(context, props), link);
        log.info("Link {}: syncing consumer group offsets every {} ms (groups share {})", link, config.syncIntervalMs(),
                config.share().encode());
        return "Consumer offset sync of link " + link;
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
                    config.stateTopicReplicationFactor(), "kafka-link-" + config.linkName() + "-offset-sync",
                    mirrorPartition -> true);
        }
        long started = System.currentTimeMillis();
        GroupOffsetSweep.Result result = new GroupOffsetSweep(sourceAdmin, writers.get(0), writers, store,
                config.groupFilter(), config.share(), config::destinationGroup).run();
        // A promote waits for a sweep that started after its mirror was complete.
        store.putOffsetSyncStarted(config.share().encode(), started);
        long finished = System.currentTimeMillis();
        metrics.recordSweep(result, finished, finished - started);
        if (result.groupsWritten() > 0 || result.groupsFailed() > 0) {
            log.info("Link {}: wrote {} offsets of {} groups in {} ms; {} groups in sync, {} skipped (active on the "
                            + "destination), {} failed, {} offsets held back to the mirror's end", config.linkName(),
                    result.offsetsWritten(), result.groupsWritten(), finished - started, result.groupsInSync(),
                    result.groupsSkippedActive(), result.groupsFailed(), result.offsetsClamped());
        } else {
            log.debug("Link {}: sweep in {} ms, {} groups in sync, {} skipped", config.linkName(), finished - started,
                    result.groupsInSync(), result.groupsSkippedActive());
        }
    }

    @Override
    protected void close() {
        Utils.closeQuietly(metrics, "offset sync metrics");
        Utils.closeQuietly(store, "link state store");
        KafkaClients.closeQuietly(sourceAdmin, "source admin");
        writers.forEach(writer -> KafkaClients.closeQuietly(writer, "destination admin"));
    }
}
