package dev.kafkalink.source;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pins each source topic of a task to the topic id its mirror was made from. The consumer follows
 * topics by name and would read a deleted-and-recreated topic as if it were the old one, so the task
 * asks for the ids at least once a second (and whenever offsets are out of range) and stops the
 * partitions of any topic that is gone or has another id; the connector then fails that mirror.
 */
final class SourceTopicGuard {

    private static final Logger log = LoggerFactory.getLogger(SourceTopicGuard.class);
    static final long CHECK_INTERVAL_MS = 1_000;

    private final Admin source;
    private final Map<String, String> expectedIds;
    private final Set<String> replaced = new HashSet<>();
    private long lastCheckMs;

    /** {@code expectedIds}: source topic -> topic id that its mirror follows. */
    SourceTopicGuard(Admin source, Map<String, String> expectedIds) {
        this.source = source;
        this.expectedIds = new HashMap<>(expectedIds);
    }

    /** Topics found replaced so far (checking again first when a second has passed). */
    Set<String> replacedTopics(long nowMs) throws ExecutionException, InterruptedException {
        if (nowMs - lastCheckMs >= CHECK_INTERVAL_MS) {
            check(nowMs);
        }
        return replaced;
    }

    /** Checks now, whatever the time of the last check. */
    Set<String> checkNow(long nowMs) throws ExecutionException, InterruptedException {
        check(nowMs);
        return replaced;
    }

    private void check(long nowMs) throws ExecutionException, InterruptedException {
        lastCheckMs = nowMs;
        Set<String> unchecked = new HashSet<>(expectedIds.keySet());
        unchecked.removeAll(replaced);
        for (var result : source.describeTopics(unchecked,
                new DescribeTopicsOptions().timeoutMs(SourceLinkTask.CHECK_TIMEOUT_MS)).topicNameValues().entrySet()) {
            String topic = result.getKey();
            String actual;
            try {
                TopicDescription description = result.getValue().get();
                actual = description.topicId().toString();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                actual = null;
            }
            if (!expectedIds.get(topic).equals(actual)) {
                replaced.add(topic);
                log.error("Source topic {} is {} (mirror follows topic id {}): its partitions stop here and the "
                        + "mirror will be failed", topic, actual == null ? "gone" : "now topic id " + actual,
                        expectedIds.get(topic));
            }
        }
    }
}
