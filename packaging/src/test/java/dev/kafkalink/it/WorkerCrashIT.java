package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.kafkalink.testkit.ConnectWorkerProcess;
import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.TopicReader;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Connect worker that runs tasks of the link is killed without a clean shutdown (SIGKILL), three
 * times, while an application writes to the source: its tasks move to the other worker, which resumes
 * each partition from the destination's end, and every record arrives once, at its source offset.
 */
class WorkerCrashIT {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerCrashIT.class);

    private static final String TOPIC = "payments";
    private static final int PARTITIONS = 6;
    private static final int CRASHES = 3;
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static final String STALLED = "stalled";
    private static final String STALLED_TOPIC = "refunds";

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder()
            // A worker that is gone is given up on sooner than the test kit's usual 10 s.
            .workerProperty("scheduled.rebalance.max.delay.ms", "5000")
            .build();

    @Test
    void killingAWorkerThatRunsTasksThreeTimesWhileRecordsComeLosesAndDuplicatesNothing() throws Exception {
        Topics.create(clusters.source(), TOPIC, PARTITIONS, Map.of());
        Map<String, String> config = clusters.sourceLinkConfig("crash");
        config.put("mirror.topics", TOPIC);
        config.put("tasks.max", "3");
        long sent;
        long started = System.currentTimeMillis();
        try (ContinuousProducer producer = new ContinuousProducer(clusters.source(), TOPIC, PARTITIONS)) {
            clusters.connect().configureConnector("crash", config);
            for (int crash = 1; crash <= CRASHES; crash++) {
                try (ConnectWorkerProcess worker = ConnectWorkerProcess.start(clusters.workerProperties())) {
                    Waits.waitFor(() -> runningOn("crash", worker.workerId()) > 0 && allTasksRunning("crash", 3), DEADLINE,
                            () -> "no task of the link runs on " + worker.workerId() + ": " + described("crash"));
                    awaitMirrorGrowsBeyond(TOPIC, mirrored(TOPIC) + 1_000);
                    String described = described("crash");
                    assertTrue(runningOn("crash", worker.workerId()) > 0, "tasks run on the worker about to be killed: " + described);
                    worker.kill();
                    LOG.info(String.format("killed %s (crash %d) while the tasks were %s", worker.workerId(), crash, described));
                    Waits.waitFor(() -> allTasksRunning("crash", 3) && runningOn("crash", worker.workerId()) == 0, DEADLINE,
                            () -> "the tasks of the killed worker did not move: " + described("crash"));
                    awaitMirrorGrowsBeyond(TOPIC, mirrored(TOPIC) + 1_000);
                }
            }
            sent = producer.sent();
        }
        MirrorAssertions.awaitMirrored(clusters, TOPIC, TOPIC);
        long compared = MirrorAssertions.assertEverySentRecordMirroredOnceAligned(clusters, TOPIC, TOPIC, sent);
        LOG.info(String.format("FAULT a worker running tasks killed (SIGKILL) %d times: %d records compared, %d s", CRASHES,
                compared, (System.currentTimeMillis() - started) / 1000));
        clusters.connect().deleteConnector("crash");
    }

    /**
     * A worker that stalls (SIGSTOP, as a long GC pause) while its task's partitions move to the other
     * worker, then goes on (SIGCONT) as if nothing happened: its task may write what it had in hand before
     * its worker learns that the task is no longer its own. Kafka has no way to fence a non-transactional
     * producer (and transaction markers would take mirror offsets), so the link cannot prevent that write;
     * it must notice it. The stale instance finds the new owner's claim on its partitions (after the
     * stall, before it writes) and stops them without a fault: the mirror stays exact and ACTIVE. Where
     * it had records in its producer already, the new owner finds them misplaced and the mirror stops
     * with the reason: never an unnoticed duplicate.
     */
    @Test
    void aWorkerThatStallsWhileItsTasksMoveNeverWritesIntoTheMirrorUnnoticed() throws Exception {
        Topics.create(clusters.source(), STALLED_TOPIC, 3, Map.of());
        Map<String, String> config = clusters.sourceLinkConfig(STALLED);
        config.put("mirror.topics", STALLED_TOPIC);
        config.put("tasks.max", "2");
        long sent;
        try (ContinuousProducer producer = new ContinuousProducer(clusters.source(), STALLED_TOPIC, 3)) {
            clusters.connect().configureConnector(STALLED, config);
            try (ConnectWorkerProcess worker = ConnectWorkerProcess.start(clusters.workerProperties())) {
                Waits.waitFor(() -> runningOn(STALLED, worker.workerId()) > 0 && allTasksRunning(STALLED, 2), DEADLINE,
                        () -> "no task of the link runs on " + worker.workerId() + ": " + described(STALLED));
                awaitMirrorGrowsBeyond(STALLED_TOPIC, mirrored(STALLED_TOPIC) + 1_000);
                worker.pause();
                LOG.info("paused {} while the tasks were {}", worker.workerId(), described(STALLED));
                Waits.waitFor(() -> allTasksRunning(STALLED, 2) && runningOn(STALLED, worker.workerId()) == 0, DEADLINE,
                        () -> "the tasks of the stalled worker did not move: " + described(STALLED));
                awaitMirrorGrowsBeyond(STALLED_TOPIC, mirrored(STALLED_TOPIC) + 1_000);
                worker.resume();
                LOG.info("resumed {} while the tasks were {}", worker.workerId(), described(STALLED));
                // Time for the resumed worker to write what it had in hand and to learn that it lost its tasks.
                awaitMirrorGrowsBeyond(STALLED_TOPIC, mirrored(STALLED_TOPIC) + 3_000);
            }
            sent = producer.sent();
        }
        // A fault stops only its partition (the mirror stays ACTIVE): the fault records say which happened.
        Waits.waitFor(() -> caughtUp(STALLED_TOPIC) || !LinkState.faults(clusters, STALLED, STALLED_TOPIC).isEmpty(), DEADLINE,
                () -> "the mirror neither caught up nor stopped a partition: " + LinkState.mirror(clusters, STALLED, STALLED_TOPIC));
        List<String> faults = LinkState.faults(clusters, STALLED, STALLED_TOPIC);
        if (!faults.isEmpty()) {
            assertTrue(faults.stream().allMatch(fault -> fault.contains("landed at offset") || fault.contains("ends at offset")),
                    faults.toString());
            LOG.info("FAULT a stalled worker's task wrote after its partitions moved: the partition stopped with " + faults);
        } else {
            long compared = MirrorAssertions.assertEverySentRecordMirroredOnceAligned(clusters, STALLED_TOPIC, STALLED_TOPIC, sent);
            LOG.info(String.format("FAULT a stalled worker's task wrote nothing after its partitions moved: %d records compared",
                    compared));
        }
        clusters.connect().deleteConnector(STALLED);
    }

    private static boolean caughtUp(String topic) {
        return mirrored(topic) == TopicReader.count(TopicReader.readAll(clusters.source().bootstrapServers(), topic));
    }

    private static List<ConnectorStateInfo.TaskState> tasks(String connector) {
        return clusters.connect().connectorStatus(connector).tasks();
    }

    /** Each task as {@code id state@worker}, for messages. */
    private static String described(String connector) {
        return tasks(connector).stream().map(task -> task.id() + " " + task.state() + "@" + task.workerId()).toList().toString();
    }

    private static boolean allTasksRunning(String connector, int count) {
        List<ConnectorStateInfo.TaskState> tasks = tasks(connector);
        return tasks.size() == count && tasks.stream().allMatch(task -> "RUNNING".equals(task.state()));
    }

    private static long runningOn(String connector, String workerId) {
        return tasks(connector).stream().filter(task -> "RUNNING".equals(task.state()) && workerId.equals(task.workerId())).count();
    }

    private static long mirrored(String topic) {
        return TopicReader.count(TopicReader.readAll(clusters.destination().bootstrapServers(), topic));
    }

    private static void awaitMirrorGrowsBeyond(String topic, long records) throws InterruptedException {
        Waits.waitFor(() -> mirrored(topic) > records, DEADLINE, () -> "the mirror of " + topic + " did not grow beyond "
                + records + " records");
    }
}
