package dev.kafkalink.common.task;

import java.util.HashMap;
import java.util.Map;

/**
 * Which connector and task a task configuration belongs to. Connect tells a task neither before Kafka
 * 4.1 (its plugin metrics carry them), yet the link's own metrics on older workers need both as tags:
 * the connector name is Connect's {@code name} key, which task configurations copy from the
 * connector's, and the connector adds the task's number under {@link #TASK_ID}.
 */
public final class TaskIdentity {

    /** Connect's key for the connector name, in every connector configuration. */
    public static final String CONNECTOR_NAME = "name";
    /** Set by the connector in each task configuration: the task's number (its index in taskConfigs). */
    public static final String TASK_ID = "kafka.link.task.id";

    private TaskIdentity() {
    }

    /** A copy of {@code config} for task number {@code id}. */
    public static Map<String, String> forTask(Map<String, String> config, int id) {
        Map<String, String> task = new HashMap<>(config);
        task.put(TASK_ID, Integer.toString(id));
        return task;
    }

    public static String connector(Map<String, String> taskProps) {
        return taskProps.getOrDefault(CONNECTOR_NAME, "unknown");
    }

    /** A connector that runs one task (see {@link SingleTaskConnector}) need not set it. */
    public static String taskId(Map<String, String> taskProps) {
        return taskProps.getOrDefault(TASK_ID, "0");
    }
}
