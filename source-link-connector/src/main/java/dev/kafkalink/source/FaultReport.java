package dev.kafkalink.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.kafkalink.common.state.LinkStateStore;
import dev.kafkalink.common.state.MirrorState;
import dev.kafkalink.common.state.MirrorTopicState;
import dev.kafkalink.common.task.TaskIdentity;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * Makes a FAILED mirror, or a partition a fault stopped, visible where operators look first: Connect's
 * connector status. While there is one, the connector adds a task whose configuration carries the
 * report; that task fails at start with it, so {@code GET /connectors/<name>/status} shows a FAILED
 * task whose trace names each mirror and partition and why, while the copying tasks keep running.
 * The report task goes once the mirrors are failed over (STOPPED) or their state is removed.
 *
 * <p>Connect refuses more task configurations than {@code tasks.max} (3.8 and newer), so the report
 * takes a free slot, or one slot from copying when every slot copies; with {@code tasks.max=1} and
 * partitions still to copy there is no slot, and the report is only logged, in the link's state and
 * in {@code kafka-link status}.
 */
final class FaultReport {

    private FaultReport() {
    }

    /** The report of every FAILED mirror and every stopped partition of a mirror that is not STOPPED, if any. */
    static Optional<String> describe(LinkStateStore store) {
        List<String> lines = new ArrayList<>();
        new TreeMap<>(store.mirrorStates()).forEach((mirror, state) -> lines.addAll(lines(store, mirror, state)));
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Kafka Link: this task only reports what stopped copying (the other tasks copy the rest): "
                + String.join("; ", lines) + ". See 'kafka-link status'; fail a mirror over "
                + "(" + SourceLinkConfig.MIRROR_TOPICS_FAILOVER + ") once its destination topic is to be used as it is, "
                + "or delete the mirror's state and topic to start it again.");
    }

    private static List<String> lines(LinkStateStore store, String mirror, MirrorTopicState state) {
        if (state.state() == MirrorState.FAILED) {
            return List.of("mirror topic " + mirror + " FAILED: " + state.reason());
        }
        if (state.state() == MirrorState.STOPPED) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        store.faults(mirror).forEach((partition, fault) ->
                lines.add("mirror partition " + mirror + "-" + partition + " stopped: " + fault.reason()));
        return lines;
    }

    /**
     * The task configurations: the copying shares, and the report task when there is a report and a slot
     * for it (the partitions then spread over one task fewer if every slot copied).
     */
    static List<Map<String, String>> taskConfigs(Map<String, String> props, List<List<org.apache.kafka.common.TopicPartition>> shares,
                                                 java.util.function.IntFunction<List<List<org.apache.kafka.common.TopicPartition>>> fewer,
                                                 int maxTasks, Optional<String> report) {
        List<List<org.apache.kafka.common.TopicPartition>> copying = shares;
        boolean reported = report.isPresent() && (copying.size() < maxTasks || maxTasks > 1);
        if (reported && copying.size() >= maxTasks) {
            copying = fewer.apply(maxTasks - 1);
        }
        List<Map<String, String>> tasks = new ArrayList<>();
        for (List<org.apache.kafka.common.TopicPartition> share : copying) {
            Map<String, String> task = TaskIdentity.forTask(props, tasks.size());
            task.put(SourceLinkConfig.TASK_PARTITIONS, PartitionAssigner.encode(share));
            tasks.add(task);
        }
        if (reported) {
            Map<String, String> task = TaskIdentity.forTask(props, tasks.size());
            task.put(SourceLinkConfig.TASK_PARTITIONS, "");
            task.put(SourceLinkConfig.TASK_FAULT_REPORT, report.get());
            tasks.add(task);
        }
        return tasks;
    }

    /** A report task fails here, at start, with its report: Connect then shows it FAILED with that trace. */
    static void failIfReportTask(Map<String, String> taskProps) {
        String report = taskProps.get(SourceLinkConfig.TASK_FAULT_REPORT);
        if (report != null && !report.isEmpty()) {
            throw new ConnectException(report);
        }
    }
}
