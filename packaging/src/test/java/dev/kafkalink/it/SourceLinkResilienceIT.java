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
 * The destination is the truth about progress: while records keep coming, restarts, rebalances and
 * a worker leaving produce no duplicate and lose nothing (every record at its source offset).
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

    private static long mirrored() {
        return TopicReader.count(TopicReader.readAll(clusters.destination().bootstrapServers(), TOPIC));
    }

    private static void awaitMirrorGrowsBeyond(long records) throws InterruptedException {
        Waits.waitFor(() -> mirrored() > records, Duration.ofSeconds(120),
                () -> "the mirror did not grow beyond " + records + " records; status "
                        + clusters.connect().connectorStatus("flow"));
    }
}
