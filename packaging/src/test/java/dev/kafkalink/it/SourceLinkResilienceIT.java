package dev.kafkalink.it;

import java.time.Duration;
import java.util.Map;

import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.TopicReader;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The destination is the truth about progress: while records keep coming, restarts, rebalances, a
 * worker leaving, and the connector deleted and created again produce no duplicate and lose nothing
 * (every record at its source offset).
 */
class SourceLinkResilienceIT {

    private static final String TOPIC = "flow";
    private static final int PARTITIONS = 4;

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().workers(2).build();

    @Test
    void producingContinuouslyThroughConnectorRestartTaskRestartAndWorkerLossLosesAndDuplicatesNothing() throws Exception {
        Topics.create(clusters.source(), TOPIC, PARTITIONS, Map.of());
        Map<String, String> config = clusters.sourceLinkConfig("flow");
        config.put("mirror.topics", TOPIC);
        config.put("tasks.max", "2");
        try (ContinuousProducer producer = new ContinuousProducer(clusters.source(), TOPIC, PARTITIONS)) {
            clusters.connect().configureConnector("flow", config);
            awaitMirrorGrowsBeyond(2_000);

            clusters.connect().restartConnectorAndTasks("flow", false, true, false);
            awaitMirrorGrowsBeyond(mirrored() + 2_000);

            clusters.connect().restartTask("flow", 0);
            awaitMirrorGrowsBeyond(mirrored() + 2_000);

            WorkerHandle leaving = clusters.connect().workers().iterator().next();
            clusters.connect().removeWorker(leaving);
            awaitMirrorGrowsBeyond(mirrored() + 2_000);
            clusters.connect().addWorker();
            awaitMirrorGrowsBeyond(mirrored() + 2_000);
        }
        MirrorAssertions.awaitMirrored(clusters, TOPIC, TOPIC);
        MirrorAssertions.assertAligned(clusters, TOPIC, TOPIC);
        clusters.connect().deleteConnector("flow");
    }

    @Test
    void deletingTheConnectorAndCreatingItAgainWhileRecordsComeLosesAndDuplicatesNothing() throws Exception {
        Topics.create(clusters.source(), "again", PARTITIONS, Map.of());
        Map<String, String> config = clusters.sourceLinkConfig("again");
        config.put("mirror.topics", "again");
        try (ContinuousProducer producer = new ContinuousProducer(clusters.source(), "again", PARTITIONS)) {
            clusters.connect().configureConnector("again", config);
            awaitGrowsBeyond("again", "again", 2_000);
            clusters.connect().deleteConnector("again");
            long sent = producer.sent();
            Waits.waitFor(() -> producer.sent() > sent + 2_000, Duration.ofSeconds(60), () -> "the producer stalled");
            clusters.connect().configureConnector("again", config);
            awaitGrowsBeyond("again", "again", mirrored("again") + 2_000);
        }
        MirrorAssertions.awaitMirrored(clusters, "again", "again");
        MirrorAssertions.assertAligned(clusters, "again", "again");
        clusters.connect().deleteConnector("again");
    }

    private static long mirrored() {
        return mirrored(TOPIC);
    }

    private static long mirrored(String topic) {
        return TopicReader.count(TopicReader.readAll(clusters.destination().bootstrapServers(), topic));
    }

    private static void awaitMirrorGrowsBeyond(long records) throws InterruptedException {
        awaitGrowsBeyond("flow", TOPIC, records);
    }

    private static void awaitGrowsBeyond(String connector, String topic, long records) throws InterruptedException {
        Waits.waitFor(() -> mirrored(topic) > records, Duration.ofSeconds(120),
                () -> "the mirror did not grow beyond " + records + " records; status "
                        + clusters.connect().connectorStatus(connector));
    }
}
