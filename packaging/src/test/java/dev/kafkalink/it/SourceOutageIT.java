package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.TopicReader;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.Waits;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source cluster goes away for a minute while an application keeps writing to it (its producer
 * buffers and retries): the mirror says SOURCE_UNAVAILABLE while it is away, the task keeps running,
 * and once the source is back the mirror catches up by itself, every record once at its offset.
 */
class SourceOutageIT {

    private static final Logger LOG = LoggerFactory.getLogger(SourceOutageIT.class);

    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String TOPIC = "stream";
    private static final int PARTITIONS = 3;

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().build();

    @Test
    void aMinuteWithoutTheSourceWhileAProducerWritesShowsSourceUnavailableAndTheMirrorCatchesUpExactly() throws Exception {
        Topics.create(clusters.source(), TOPIC, PARTITIONS, Map.of());
        // The source clients keep their default timeouts: the state must show within the outage anyway.
        Map<String, String> config = clusters.sourceLinkConfig("outage");
        config.put("mirror.topics", TOPIC);
        config.put("topic.discovery.ms", "1000");
        long sent;
        long started = System.currentTimeMillis();
        try (ContinuousProducer producer = new ContinuousProducer(clusters.source(), TOPIC, PARTITIONS)) {
            clusters.connect().configureConnector("outage", config);
            awaitMirrorGrowsBeyond(2_000);

            long stoppedAt = System.nanoTime();
            clusters.source().stopOnlyBrokers();
            Waits.waitFor(() -> "SOURCE_UNAVAILABLE".equals(LinkState.state(clusters, "outage", TOPIC)), OUTAGE,
                    () -> "the mirror does not say the source is gone: " + LinkState.mirror(clusters, "outage", TOPIC));
            String reason = LinkState.mirror(clusters, "outage", TOPIC).path("reason").asText();
            assertTrue(reason.contains("source cluster"), reason);
            Waits.holdFor(OUTAGE.minusNanos(System.nanoTime() - stoppedAt), () -> taskRunning()
                            && "SOURCE_UNAVAILABLE".equals(LinkState.state(clusters, "outage", TOPIC)),
                    () -> "during the outage the task must keep running and the mirror say SOURCE_UNAVAILABLE: "
                            + clusters.connect().connectorStatus("outage").tasks() + ", "
                            + LinkState.mirror(clusters, "outage", TOPIC));

            clusters.source().restartOnlyBrokers();
            Waits.waitFor(() -> "ACTIVE".equals(LinkState.state(clusters, "outage", TOPIC)), DEADLINE,
                    () -> "the mirror did not become ACTIVE again: " + LinkState.mirror(clusters, "outage", TOPIC));
            long sentBeforeRestart = producer.sent();
            awaitMirrorGrowsBeyond(sentBeforeRestart);
            assertTrue(taskRunning(), "caught up by itself: " + clusters.connect().connectorStatus("outage").tasks());
            sent = producer.sent();
        }
        MirrorAssertions.awaitMirrored(clusters, TOPIC, TOPIC);
        long compared = MirrorAssertions.assertEverySentRecordMirroredOnceAligned(clusters, TOPIC, TOPIC, sent);
        assertEquals(sent, compared);
        LOG.info(String.format("FAULT source broker stopped %d s with a producer writing: %d records compared, %d s",
                OUTAGE.toSeconds(), compared, (System.currentTimeMillis() - started) / 1000));
        clusters.connect().deleteConnector("outage");
    }

    private static boolean taskRunning() {
        var status = clusters.connect().connectorStatus("outage");
        return status.tasks().size() == 1 && "RUNNING".equals(status.tasks().get(0).state());
    }

    private static void awaitMirrorGrowsBeyond(long records) throws InterruptedException {
        Waits.waitFor(() -> TopicReader.count(TopicReader.readAll(clusters.destination().bootstrapServers(), TOPIC)) > records,
                DEADLINE, () -> "the mirror did not grow beyond " + records + " records; status "
                        + clusters.connect().connectorStatus("outage").tasks());
    }
}
