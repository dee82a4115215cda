package dev.kafkalink.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.kafkalink.common.state.LinkStateStore;
import dev.kafkalink.common.state.MirrorTopicState;

/**
 * {@code kafka-link pause|resume|promote|failover TOPIC...}: edits the lists of the source link
 * connector's configuration through the Connect REST API, exactly what a deploy pipeline would do,
 * and with {@code --wait} follows the mirror states until each topic got there.
 */
final class MirrorOperationCommand {

    static final String PAUSE = "mirror.topics.pause";
    static final String PROMOTE = "mirror.topics.promote";
    static final String FAILOVER = "mirror.topics.failover";
    /** A restore, once done, leaves a mirror like any other: an operation takes the topic off its list. */
    static final String RESTORE = "mirror.topics.restore";

    /** An operation: the list a topic goes to, the lists it leaves, the state it ends in. */
    enum Operation {
        PAUSE_OP("pause", MirrorOperationCommand.PAUSE, List.of(MirrorOperationCommand.RESTORE), "PAUSED"),
        RESUME("resume", null, List.of(MirrorOperationCommand.PAUSE), "ACTIVE"),
        PROMOTE_OP("promote", MirrorOperationCommand.PROMOTE, List.of(MirrorOperationCommand.PAUSE, MirrorOperationCommand.RESTORE),
                "STOPPED"),
        FAILOVER_OP("failover", MirrorOperationCommand.FAILOVER, List.of(MirrorOperationCommand.PAUSE, MirrorOperationCommand.PROMOTE,
                MirrorOperationCommand.RESTORE), "STOPPED");

        final String command;
        final String addTo;
        final List<String> removeFrom;
        final String target;

        Operation(String command, String addTo, List<String> removeFrom, String target) {
            this.command = command;
            this.addTo = addTo;
            this.removeFrom = removeFrom;
            this.target = target;
        }

        static Optional<Operation> of(String command) {
            for (Operation operation : values()) {
                if (operation.command.equals(command)) {
                    return Optional.of(operation);
                }
            }
            return Optional.empty();
        }
    }

    private MirrorOperationCommand() {
    }

    /** The connector configuration with the topics moved for {@code operation}. */
    static Map<String, String> edited(Map<String, String> config, Operation operation, List<String> topics) {
        Map<String, String> edited = new HashMap<>(config);
        for (String key : operation.removeFrom) {
            Set<String> listed = list(edited.get(key));
            listed.removeAll(topics);
            put(edited, key, listed);
        }
        if (operation.addTo != null) {
            Set<String> listed = list(edited.get(operation.addTo));
            listed.addAll(topics);
            put(edited, operation.addTo, listed);
        }
        return edited;
    }

    /** Prints each state change of the topics until all are in the operation's target state; false on timeout. */
    static boolean await(LinkStateStore store, Operation operation, List<String> topics, Duration timeout, PrintStream out)
            throws InterruptedException {
        Map<String, String> seen = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            store.refresh();
            boolean done = true;
            for (String topic : topics) {
                Optional<MirrorTopicState> state = store.mirrorState(topic);
                String now = state.map(s -> s.state().name() + (s.reason() == null ? "" : " (" + s.reason() + ")")).orElse("unknown");
                if (!now.equals(seen.put(topic, now))) {
                    out.println(topic + ": " + now);
                }
                done &= state.map(s -> s.state().name().equals(operation.target)).orElse(false);
            }
            if (done) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                out.println("Not all topics are " + operation.target + " after " + timeout.toSeconds() + " s");
                return false;
            }
            Thread.sleep(500);
        }
    }

    static Set<String> list(String value) {
        Set<String> topics = new LinkedHashSet<>();
        if (value != null) {
            for (String topic : value.split(",")) {
                if (!topic.isBlank()) {
                    topics.add(topic.trim());
                }
            }
        }
        return topics;
    }

    static void put(Map<String, String> config, String key, Set<String> topics) {
        if (topics.isEmpty()) {
            config.remove(key);
        } else {
            config.put(key, String.join(",", new ArrayList<>(topics)));
        }
    }
}
