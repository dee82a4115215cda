package dev.kafkalink.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.kafkalink.bench.Contenders.Kind;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Workload D: a steady 10,000 records/s of 1 KiB into 8 partitions, and for each record that a
 * consumer of the destination copy receives, the time from its source timestamp (set when the
 * source producer sent it) to its arrival. Each contender gets a topic of its own, is running
 * before the producer starts, and is measured after a warm-up.
 */
final class LatencyWorkload implements Workload {

    private static final List<Kind> KINDS = List.of(Kind.KAFKA_LINK, Kind.MM2_DEFAULTS, Kind.MM2_TUNED, Kind.PLAIN_LOOP);
    private static final int PARTITIONS = 8;
    private static final int VALUE_BYTES = 1024;

    private record Run(Kind kind, long[] latenciesMs) {
    }

    private final Scale scale;
    private final BenchClusters clusters;
    private final Contenders contenders;

    LatencyWorkload(Scale scale, BenchClusters clusters) {
        this.scale = scale;
        this.clusters = clusters;
        this.contenders = new Contenders(clusters);
    }

    @Override
    public String id() {
        return "D";
    }

    @Override
    public Section run() throws Exception {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < KINDS.size(); i++) {
            Run run = measure(KINDS.get(i), new TopicSelection("latency" + i, 1, PARTITIONS));
            runs.add(run);
            Progress.say("D: %-12s p50 %d ms, p99 %d ms, max %d ms over %,d records", run.kind().label,
                    Stats.percentile(run.latenciesMs(), 50), Stats.percentile(run.latenciesMs(), 99),
                    Stats.percentile(run.latenciesMs(), 100), run.latenciesMs().length);
        }
        return report(runs);
    }

    private Run measure(Kind kind, TopicSelection selection) throws Exception {
        Topics.create(clusters.sourceCluster(), selection.prefix(), PARTITIONS, Map.of());
        Contender contender = contenders.create(kind);
        List<TopicPartition> copies = selection.partitionsOf(contender);
        contender.start(selection);
        try {
            Waits.waitFor(() -> BenchClusters.exist(clusters.destinationAdmin(), copies), Duration.ofMinutes(2),
                    () -> kind.label + " did not create its copy of " + selection.prefix());
            try (KafkaConsumer<byte[], byte[]> consumer = clusters.destinationCluster().createConsumer(Map.of());
                 SourceLoad.Steady producer = new SourceLoad.Steady(clusters.sourceCluster(), selection.partitions(),
                         scale.latencyRatePerSecond(), VALUE_BYTES)) {
                consumer.assign(copies);
                consumer.seekToBeginning(copies);
                long from = System.currentTimeMillis() + scale.latencyWarmupSeconds() * 1000L;
                long until = from + scale.latencySeconds() * 1000L;
                return new Run(kind, latencies(consumer, from, until, scale.settleSeconds() * 500L));
            }
        } finally {
            contender.stop();
        }
    }

    /** Arrival minus source timestamp of every record sent between {@code fromMs} and {@code untilMs}. */
    private static long[] latencies(KafkaConsumer<byte[], byte[]> consumer, long fromMs, long untilMs, long settleMs) {
        long[] latencies = new long[1 << 16];
        int count = 0;
        while (System.currentTimeMillis() < untilMs + settleMs) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                long arrived = System.currentTimeMillis();
                if (record.timestamp() >= fromMs && record.timestamp() < untilMs) {
                    if (count == latencies.length) {
                        latencies = java.util.Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = arrived - record.timestamp();
                }
            }
        }
        return java.util.Arrays.copyOf(latencies, count);
    }

    private Section report(List<Run> runs) {
        Section section = new Section("D", String.format("End-to-end latency at %,d records/s", scale.latencyRatePerSecond()));
        section.text("A producer writes %,d records/s of %d bytes into %d partitions of a topic that the contender already "
                + "copies; a consumer of the copy notes, for every record, its arrival minus its source timestamp (set when the "
                + "source producer sent it, so the source producer's batching is included). %d s of warm-up, then %d s measured.",
                scale.latencyRatePerSecond(), VALUE_BYTES, PARTITIONS, scale.latencyWarmupSeconds(), scale.latencySeconds());
        List<List<String>> rows = new ArrayList<>();
        List<SvgChart.Bar> bars = new ArrayList<>();
        for (Run run : runs) {
            long[] l = run.latenciesMs();
            rows.add(List.of(run.kind().label, Stats.number(l.length), String.valueOf(Stats.percentile(l, 50)),
                    String.valueOf(Stats.percentile(l, 99)), String.valueOf(Stats.percentile(l, 99.9)),
                    String.valueOf(Stats.percentile(l, 100))));
            bars.add(new SvgChart.Bar(run.kind().label, Stats.percentile(l, 99), "(p50 " + Stats.percentile(l, 50) + " ms)"));
        }
        section.table(List.of("contender", "records measured", "p50 ms", "p99 ms", "p99.9 ms", "max ms"), rows);
        long linkP99 = Stats.percentile(runs.get(0).latenciesMs(), 99);
        section.target("Kafka Link's p99 end-to-end latency", "under 250 ms", linkP99 + " ms", linkP99 < 250);
        section.chart("latency-p99.svg", "p99 end-to-end latency", SvgChart.bars("p99 end-to-end latency at "
                + Stats.number(scale.latencyRatePerSecond()) + " records/s", "ms", bars));
        return section;
    }
}
