package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.management.ObjectName;

import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How long one offset sync sweep takes with many groups, not part of CI:
 * {@code mvn -pl packaging failsafe:integration-test -Dit.test=OffsetSyncSweepCost -Dit.quiet=false -Dsweep.groups=10000}.
 * Prints the first sweep (every group written) and the following ones (nothing changed).
 */
class OffsetSyncSweepCost {

    private static final int GROUPS = Integer.getInteger("sweep.groups", 10_000);
    private static final int PARTITIONS = 10;

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().build();

    @Test
    void sweepsManyGroups() throws Exception {
        Topics.create(clusters.source(), "busy", PARTITIONS, Map.of());
        SourceData.produceNumbered(clusters.source(), "busy", PARTITIONS, 10_000);
        Map<String, String> mirror = clusters.sourceLinkConfig("sweep");
        mirror.put("mirror.topics", "busy");
        clusters.connect().configureConnector("sweep", mirror);
        MirrorAssertions.awaitMirrored(clusters, "busy", "busy");

        try (Admin admin = clusters.source().createAdminClient()) {
            List<KafkaFuture<Void>> commits = new ArrayList<>();
            for (int g = 0; g < GROUPS; g++) {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    offsets.put(new TopicPartition("busy", p), new OffsetAndMetadata((g * 7L + p) % 1000, "g" + g));
                }
                commits.add(admin.alterConsumerGroupOffsets("team-" + g, offsets).all());
                if (commits.size() == 500) {
                    KafkaFuture.allOf(commits.toArray(KafkaFuture[]::new)).get();
                    commits.clear();
                }
            }
            KafkaFuture.allOf(commits.toArray(KafkaFuture[]::new)).get();
        }
        Map<String, String> config = clusters.offsetSyncConfig("sweep");
        config.put("consumer.offset.group.filters", "{\"groupFilters\":[{\"name\":\"team-\",\"patternType\":\"PREFIXED\"}]}");
        config.put("consumer.offset.sync.ms", "15000");
        clusters.connect().configureConnector("sweep-offsets", config);

        ObjectName metrics = Waits.await(() -> ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("kafka.connect:*"), null).stream()
                .filter(n -> "sweep-offsets".equals(n.getKeyProperty("connector")) && n.getKeyProperty("link") != null)
                .findFirst(), Duration.ofSeconds(60), "metrics");
        List<String> sweeps = new ArrayList<>();
        long lastSync = -1;
        while (sweeps.size() < 3) {
            long sync = metric(metrics, "last-sync-time-ms");
            if (sync != lastSync && sync > 0) {
                lastSync = sync;
                sweeps.add(String.format("sweep %d: %d ms, %d groups in sync, %d offsets written so far", sweeps.size() + 1,
                        metric(metrics, "sync-duration-ms"), metric(metrics, "groups-synced"),
                        metric(metrics, "offsets-written-total")));
            }
            Thread.sleep(200);
        }
        try (Admin admin = clusters.destination().createAdminClient()) {
            long synced = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get().stream()
                    .filter(g -> g.groupId().startsWith("team-")).count();
            assertEquals(GROUPS, synced, "groups on the destination");
        }
        System.out.printf("%n%d groups x %d partitions:%n  %s%n%n", GROUPS, PARTITIONS, String.join("\n  ", sweeps));
    }

    private static long metric(ObjectName name, String attribute) throws Exception {
        return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute)).longValue();
    }
}
