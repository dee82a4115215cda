package dev.kafkalink.offsets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.kafkalink.common.Version;
import dev.kafkalink.common.WorkerCompatibility;
import dev.kafkalink.common.config.ClusterValidation;
import dev.kafkalink.common.task.TaskIdentity;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer group offsets carried over exactly: for every source group the filters select, its
 * committed offsets on the mirrors of the link, identical where the mirror is aligned and translated
 * through the link's offset map where it is not, never beyond what the mirror holds.
 *
 * <p>Groups are split over the tasks by name; each {@link OffsetSyncTask} sweeps its share.
 */
public class OffsetSyncConnector extends SourceConnector {

    private static final Logger log = LoggerFactory.getLogger(OffsetSyncConnector.class);

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        OffsetSyncConfig config = new OffsetSyncConfig(props);
        log.info("Starting consumer offset sync of link {} every {} ms", config.linkName(), config.syncIntervalMs());
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> tasks = new ArrayList<>();
        for (int index = 0; index < maxTasks; index++) {
            Map<String, String> task = TaskIdentity.forTask(props, index);
            task.put(OffsetSyncConfig.TASK_SHARE, new GroupShare(index, maxTasks).encode());
            tasks.add(task);
        }
        return tasks;
    }

    @Override
    public void stop() {
    }

    /** Checks every key; when all are valid, also that both clusters answer. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return WorkerCompatibility.validate(connectorConfigs, () -> ClusterValidation.addUnreachableClusters(
                validateFields(connectorConfigs), role -> new OffsetSyncConfig(connectorConfigs).clientSettings(role)));
    }

    /** The checks of {@link #validate} that need no cluster. */
    public static Config validateFields(Map<String, String> connectorConfigs) {
        return new Config(OffsetSyncConfig.configDef().validate(connectorConfigs));
    }

    @Override
    public Class<? extends Task> taskClass() {
        return OffsetSyncTask.class;
    }

    @Override
    public ConfigDef config() {
        return OffsetSyncConfig.configDef();
    }

    @Override
    public String version() {
        return Version.get();
    }
}
