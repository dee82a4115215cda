package dev.kafkalink.common.task;

import java.util.List;
import java.util.Map;

import dev.kafkalink.common.Version;

import org.apache.kafka.connect.source.SourceConnector;

/**
 * A connector whose whole job is one task's periodic sweep (ACLs, schemas): the task gets the
 * connector's configuration as it is, whatever {@code tasks.max} says.
 */
public abstract class SingleTaskConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public final void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        started(props);
    }

    /** Parses (and so checks) the configuration and says what the connector does. */
    protected abstract void started(Map<String, String> props);

    @Override
    public final List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(TaskIdentity.forTask(props, 0));
    }

    @Override
    public void stop() {
    }

    @Override
    public String version() {
        return Version.get();
    }
}
