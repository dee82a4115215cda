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
                    Waits.waitFor(() -> runningOn(worker.workerId()) > 0 && allTasksRunning(), DEADLINE,
                            () -> "no task of the link runs on " + worker.workerId() + ": " + described());
                    awaitMirrorGrowsBeyond(mirrored() + 1_000);
                    String described = described();
                    assertTrue(runningOn(worker.workerId()) > 0, "tasks run on the worker about to be killed: " + described);
                    worker.kill();
                    LOG.info(String.format("killed %s (crash %d) while the tasks were %s", worker.workerId(), crash, described));
                    Waits.waitFor(() -> allTasksRunning() && runningOn(worker.workerId()) == 0, DEADLINE,
                            () -> "the tasks of the killed worker did not move: " + described());
                    awaitMirrorGrowsBeyond(mirrored() + 1_000);
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

    private static List<ConnectorStateInfo.TaskState> tasks() {
        return clusters.connect().connectorStatus("crash").tasks();
    }

    /** Each task as {@code id state@worker}, for messages. */
    private static String described() {
        return tasks().stream().map(task -> task.id() + " " + task.state() + "@" + task.workerId()).toList().toString();
    }

    private static boolean allTasksRunning() {
        List<ConnectorStateInfo.TaskState> tasks = tasks();
        return tasks.size() == 3 && tasks.stream().allMatch(task -> "RUNNING".equals(task.state()));
    }

    private static long runningOn(String workerId) {
        return tasks().stream().filter(task -> "RUNNING".equals(task.state()) && workerId.equals(task.workerId())).count();
    }

    private static long mirrored() {
        return TopicReader.count(TopicReader.readAll(clusters.destination().bootstrapServers(), TOPIC));
    }

    private static void awaitMirrorGrowsBeyond(long records) throws InterruptedException {
        Waits.waitFor(() -> mirrored() > records, DEADLINE, () -> "the mirror did not grow beyond " + records + " records: "
                + described());
    }
}
