package dev.kafkalink.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kafkalink.bench.Contenders.Kind;
import dev.kafkalink.testkit.Topics;

import org.apache.kafka.common.TopicPartition;

/**
 * Workload C: many topics and partitions with a steady producer. Each contender starts against a
 * backlog and copies while the producer goes on; it is caught up once every one of its partitions
 * holds what the source partition held when it started. Lag (records behind, all partitions) is
 * sampled every second, through catching up and a few seconds beyond.
 */
final class BreadthWorkload implements Workload {

    private static final List<Kind> KINDS = List.of(Kind.KAFKA_LINK, Kind.MM2_TUNED);
    private static final int VALUE_BYTES = 200;
    private static final Duration DEADLINE = Duration.ofMinutes(5);

    /**
     * What one contender did: its backlog at start, when it caught up, its lag over time, and how
     * many partitions still held less than their backlog at the end.
     */
    private record Run(Kind kind, long backlog, double mostCopiedSeconds, double caughtUpSeconds, long lagAfter, long maxLag,
                       int partitionsBehind, List<double[]> lag) {
    }

    private final Scale scale;
    private final BenchClusters clusters;
    private final Contenders contenders;

    BreadthWorkload(Scale scale, BenchClusters clusters) {
        this.scale = scale;
        this.clusters = clusters;
        this.contenders = new Contenders(clusters);
    }

    @Override
    public String id() {
        return "C";
    }

    @Override
    public Section run() throws Exception {
        TopicSelection selection = new TopicSelection("wide-", scale.breadthTopics(), scale.breadthPartitions());
        for (String topic : selection.topicNames()) {
            Topics.create(clusters.sourceCluster(), topic, scale.breadthPartitions(), Map.of());
        }
        List<TopicPartition> partitions = selection.partitions();
        long preload = (long) scale.breadthPreloadPerPartition() * partitions.size();
        SourceLoad.random(clusters.sourceCluster(), partitions, preload, VALUE_BYTES);
        List<Run> runs = new ArrayList<>();
        try (SourceLoad.Steady steady = new SourceLoad.Steady(clusters.sourceCluster(), partitions, scale.breadthRatePerSecond(),
                VALUE_BYTES)) {
            for (Kind kind : KINDS) {
                runs.add(copy(kind, selection));
                Run run = runs.get(runs.size() - 1);
                Progress.say("C: %s caught up on %,d partitions: %s", kind.label, partitions.size(), caughtUp(run));
            }
        }
        return report(selection, runs);
    }

    private Run copy(Kind kind, TopicSelection selection) throws Exception {
        Contender contender = contenders.create(kind);
        List<TopicPartition> sources = selection.partitions();
        List<TopicPartition> copies = selection.partitionsOf(contender);
        List<double[]> lag = new ArrayList<>();
        Map<TopicPartition, Long> backlogEnds = BenchClusters.ends(clusters.sourceAdmin(), sources);
        long backlog = BenchClusters.total(backlogEnds);
        long start = System.nanoTime();
        contender.start(selection);
        double caughtUp = -1;
        double mostCopied = -1;
        long maxLag = 0;
        long current = backlog;
        try {
            while (true) {
                Thread.sleep(1000);
                Map<TopicPartition, Long> source = BenchClusters.ends(clusters.sourceAdmin(), sources);
                Map<TopicPartition, Long> copy = BenchClusters.ends(clusters.destinationAdmin(), copies);
                double seconds = (System.nanoTime() - start) / 1e9;
                current = 0;
                int behind = 0;
                for (int i = 0; i < sources.size(); i++) {
                    long held = copy.getOrDefault(copies.get(i), 0L);
                    current += Math.max(0, source.get(sources.get(i)) - held);
                    behind += held < backlogEnds.get(sources.get(i)) ? 1 : 0;
                }
                lag.add(new double[] {seconds, current});
                maxLag = Math.max(maxLag, current);
                if (current <= backlog / 100 && mostCopied < 0) {
                    mostCopied = seconds;
                }
                if (behind == 0 && caughtUp < 0) {
                    caughtUp = seconds;
                }
                if (caughtUp >= 0 && seconds >= caughtUp + scale.settleSeconds()) {
                    return new Run(kind, backlog, mostCopied, caughtUp, current, maxLag, behind, lag);
                }
                if (seconds > DEADLINE.toSeconds()) {
                    return new Run(kind, backlog, mostCopied, Double.NaN, current, maxLag, behind, lag);
                }
            }
        } finally {
            contender.stop();
        }
    }

    private static String caughtUp(Run run) {
        return Double.isNaN(run.caughtUpSeconds()) ? "not within " + DEADLINE.toMinutes() + " min"
                : Stats.decimal(run.caughtUpSeconds());
    }

    private Section report(TopicSelection selection, List<Run> runs) {
        Section section = new Section("C", String.format("Breadth: %d topics x %d partitions", selection.topics(),
                selection.partitionsPerTopic()));
        section.text("%d topics of %d partitions, %,d records of %d bytes in each partition to begin with, and a producer "
                + "writing %,d records/s over all partitions throughout. A contender is caught up once every partition of its "
                + "copy holds what the source partition held when it started (the backlog); lag is the records behind over all "
                + "partitions. "
                + "One run each, in the order listed (the later one starts with a larger backlog).", selection.topics(),
                selection.partitionsPerTopic(), scale.breadthPreloadPerPartition(), VALUE_BYTES, scale.breadthRatePerSecond());
        List<List<String>> rows = new ArrayList<>();
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (Run run : runs) {
            rows.add(List.of(run.kind().label, Stats.number(run.backlog()), Stats.decimal(run.mostCopiedSeconds()), caughtUp(run),
                    Stats.number(run.maxLag()), Stats.number(run.lagAfter()), Stats.number(run.partitionsBehind())));
            series.put(run.kind().label, run.lag());
        }
        section.table(List.of("contender", "backlog at start (records)", "99 % of it copied after (s)",
                "every partition caught up after (s)", "max lag",
                "lag at the end (" + scale.settleSeconds() + " s after catching up, or at the deadline)",
                "partitions short of their backlog at the end"), rows);
        String title = "Lag while catching up on " + selection.partitions().size() + " partitions";
        section.chart("breadth-lag.svg", title, SvgChart.lines(title, "s", "records behind (log scale)", series));
        return section;
    }
}
