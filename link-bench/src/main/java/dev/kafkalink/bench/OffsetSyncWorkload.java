package dev.kafkalink.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.kafkalink.bench.Contenders.Kind;
import dev.kafkalink.testkit.Topics;

import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Workload F: the offset sync of config-examples/offset-sync.json next to a link, with 10,000
 * source groups that each committed offsets on the 10 partitions of a mirrored topic. The first
 * sweep writes every group on the destination; the next ones find nothing changed.
 */
final class OffsetSyncWorkload implements Workload {

    private static final int PARTITIONS = 10;
    private static final Duration DEADLINE = Duration.ofMinutes(10);

    private final Scale scale;
    private final BenchClusters clusters;
    private final Contenders contenders;

    OffsetSyncWorkload(Scale scale, BenchClusters clusters) {
        this.scale = scale;
        this.clusters = clusters;
        this.contenders = new Contenders(clusters);
    }

    @Override
    public String id() {
        return "F";
    }

    @Override
    public Section run() throws Exception {
        TopicSelection selection = new TopicSelection("busy", 1, PARTITIONS);
        Topics.create(clusters.sourceCluster(), "busy", PARTITIONS, Map.of());
        SourceLoad.random(clusters.sourceCluster(), selection.partitions(), 10_000, 100);
        Contender link = contenders.create(Kind.KAFKA_LINK);
        CopyWatch.copy(link, selection, clusters.destinationAdmin(), 10_000, DEADLINE);
        commitGroups();
        String connector = "offsets-" + link.run();
        Map<String, String> config = ShippedExample.with(ShippedExample.load("offset-sync.json").placed(
                clusters.sourceCluster().bootstrapServers(), clusters.destinationCluster().bootstrapServers(), null, null),
                Map.of("link.name", link.run(), "cluster.link.prefix", link.run() + "."));
        clusters.connect().configureConnector(connector, config);
        try {
            List<Long> sweeps = SweepWatch.sweeps(connector, scale.sweeps(), DEADLINE);
            long synced = clusters.destinationAdmin().listGroups(ListGroupsOptions.forConsumerGroups()).all().get().stream()
                    .filter(group -> group.groupId().startsWith("team-")).count();
            if (synced != scale.groups()) {
                throw new IllegalStateException(synced + " of " + scale.groups() + " groups reached the destination");
            }
            Progress.say("F: sweeps of %,d groups took %s ms", scale.groups(), sweeps);
            return report(sweeps);
        } finally {
            clusters.removeConnector(connector);
            link.stop();
        }
    }

    private void commitGroups() throws Exception {
        List<KafkaFuture<Void>> commits = new ArrayList<>();
        for (int g = 0; g < scale.groups(); g++) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                offsets.put(new TopicPartition("busy", p), new OffsetAndMetadata((g * 7L + p) % 1000, "g" + g));
            }
            commits.add(clusters.sourceAdmin().alterConsumerGroupOffsets("team-" + g, offsets).all());
            if (commits.size() == 500) {
                KafkaFuture.allOf(commits.toArray(KafkaFuture[]::new)).get();
                commits.clear();
            }
        }
        KafkaFuture.allOf(commits.toArray(KafkaFuture[]::new)).get();
    }

    private Section report(List<Long> sweeps) {
        Section section = new Section("F", String.format("Offset sync: %,d consumer groups", scale.groups()));
        section.text("%,d source groups, each with committed offsets on the %d partitions of a mirrored topic (%,d offsets). "
                + "The offset sync of offset-sync.json as shipped: the first sweep writes every group on the destination, the "
                + "next ones find nothing changed.", scale.groups(), PARTITIONS, scale.groups() * PARTITIONS);
        section.table(SweepWatch.table(sweeps));
        section.target("Offset sync sweep with " + Stats.number(scale.groups()) + " groups", "under 10 s",
                Stats.decimal(sweeps.get(0) / 1000.0) + " s (first sweep)", sweeps.get(0) < 10_000);
        return section;
    }
}
