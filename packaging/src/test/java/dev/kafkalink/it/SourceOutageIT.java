package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.Waits;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The source cluster goes away: its mirrors say SOURCE_UNAVAILABLE, and catch up aligned when it is back. */
class SourceOutageIT {

    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().build();

    @Test
    void aSourceOutageShowsInTheMirrorStateAndTheMirrorCatchesUpAlignedAfterwards() throws Exception {
        Topics.create(clusters.source(), "stream", 2, Map.of());
        SourceData.produceNumbered(clusters.source(), "stream", 2, 500);
        Map<String, String> config = clusters.sourceLinkConfig("outage");
        config.put("mirror.topics", "stream");
        config.put("topic.discovery.ms", "1000");
        // Quick client timeouts, so that the outage shows within seconds here.
        config.put("source.default.api.timeout.ms", "5000");
        config.put("source.request.timeout.ms", "3000");
        clusters.connect().configureConnector("outage", config);
        MirrorAssertions.awaitMirrored(clusters, "stream", "stream");

        clusters.source().stopOnlyBrokers();
        Waits.waitFor(() -> "SOURCE_UNAVAILABLE".equals(LinkState.state(clusters, "outage", "stream")), DEADLINE,
                () -> "the mirror does not say the source is gone: " + LinkState.mirror(clusters, "outage", "stream"));
        String reason = LinkState.mirror(clusters, "outage", "stream").path("reason").asText();
        assertTrue(reason.contains("source cluster"), reason);

        clusters.source().restartOnlyBrokers();
        Waits.waitFor(() -> "ACTIVE".equals(LinkState.state(clusters, "outage", "stream")), DEADLINE,
                () -> "the mirror did not become ACTIVE again: " + LinkState.mirror(clusters, "outage", "stream"));
        SourceData.produceNumbered(clusters.source(), "stream", 2, 500);
        MirrorAssertions.awaitMirrored(clusters, "stream", "stream");
        MirrorAssertions.assertAligned(clusters, "stream", "stream");
        clusters.connect().deleteConnector("outage");
    }
}
