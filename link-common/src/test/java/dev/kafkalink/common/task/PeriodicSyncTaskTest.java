package dev.kafkalink.common.task;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/**
 * A sweep ended by an {@link Error} fails the task: its next {@code poll} throws, which Connect turns
 * into a FAILED task whose trace holds the reason, instead of a RUNNING task that syncs nothing.
 */
class PeriodicSyncTaskTest {

    /** A task whose sweep calls what the worker's Kafka lacks. */
    static final class MissingCallTask extends PeriodicSyncTask {
        @Override
        protected String start(Map<String, String> props, String threadName) {
            return "Consumer offset sync of link dc1";
        }

        @Override
        protected long intervalMs() {
            return 10;
        }

        @Override
        protected void sweep() {
            throw new NoSuchMethodError("'org.apache.kafka.clients.admin.ListGroupsResult "
                    + "org.apache.kafka.clients.admin.Admin.listGroups(org.apache.kafka.clients.admin.ListGroupsOptions)'");
        }

        @Override
        protected void close() {
        }
    }

    @Test
    void aLinkageErrorInASweepFailsTheTaskWithTheReason() throws Exception {
        MissingCallTask task = new MissingCallTask();
        task.start(Map.of());
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            ConnectException failure = null;
            while (failure == null && System.nanoTime() < deadline) {
                try {
                    assertNull(task.poll(), "the task produces no records");
                } catch (ConnectException e) {
                    failure = e;
                }
            }
            assertInstanceOf(ConnectException.class, failure, "poll did not fail the task within 30 s");
            String reason = failure.getMessage();
            assertTrue(reason.startsWith("Consumer offset sync of link dc1 cannot go on: ")
                    && reason.contains("NoSuchMethodError") && reason.contains("Admin.listGroups")
                    && reason.contains("3.7 to 4.4"), reason);
            ConnectException again = assertThrows(ConnectException.class, task::poll, "the task stays failed");
            assertTrue(again.getMessage().equals(reason));
        } finally {
            task.stop();
        }
    }
}
