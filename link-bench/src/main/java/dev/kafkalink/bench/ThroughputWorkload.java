package dev.kafkalink.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.kafkalink.bench.Contenders.Kind;
import dev.kafkalink.testkit.Topics;

/**
 * Workloads A and B: the same records through every contender, one after the other in one JVM.
 * The source topic is written once (8 partitions, lz4, 16-byte random keys, random values) and each
 * run copies all of it into fresh destination topics. A warm-up round on a smaller topic comes
 * first, so that no contender pays for the JIT compiling the brokers; then each repetition moves
 * every contender one place on in the order. Throughput counts from the first record on the
 * destination to the last (start-up is reported apart); CPU is the whole JVM's from start to end.
 */
final class ThroughputWorkload implements Workload {

    private static final int PARTITIONS = 8;
    private static final List<Kind> KINDS = List.of(Kind.KAFKA_LINK_MINIMAL, Kind.KAFKA_LINK, Kind.MM2_DEFAULTS, Kind.MM2_TUNED,
            Kind.PLAIN_LOOP);
    private static final Duration DEADLINE = Duration.ofMinutes(15);

    /** One copy: who, how long, how much CPU. */
    record Run(Kind kind, CopyWatch.Timing timing, long records) {
        double recordsPerSecond() {
            return records / timing.copySeconds();
        }

        double cpuSecondsPerMillion() {
            return timing.cpuSeconds() / (records / 1e6);
        }

        /** The copier's own threads only (task, its producer's and consumer's threads, the loop). */
        double ownCpuSecondsPerMillion() {
            return timing.ownCpuSeconds() / (records / 1e6);
        }
    }

    private final String id;
    private final int valueBytes;
    private final Scale scale;
    private final int repetitions;
    private final BenchClusters clusters;
    private final Contenders contenders;

    ThroughputWorkload(String id, int valueBytes, Scale scale, int repetitions, BenchClusters clusters) {
        this.id = id;
        this.valueBytes = valueBytes;
        this.scale = scale;
        this.repetitions = repetitions;
        this.clusters = clusters;
        this.contenders = new Contenders(clusters);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Section run() throws Exception {
        TopicSelection warmup = prepare("warm" + valueBytes, scale.warmupRecords());
        TopicSelection data = prepare("tput" + valueBytes, scale.throughputRecords());
        for (Kind kind : KINDS) {
            copy(kind, warmup, scale.warmupRecords());
        }
        Map<Kind, List<Run>> runs = new EnumMap<>(Kind.class);
        for (int repetition = 0; repetition < repetitions; repetition++) {
            for (Kind kind : Contenders.order(KINDS, repetition)) {
                Run run = copy(kind, data, scale.throughputRecords());
                runs.computeIfAbsent(kind, k -> new ArrayList<>()).add(run);
                Progress.say("%s repetition %d: %-18s %,9.0f records/s %6.1f CPU-s per million (own threads %.1f), start-up %.1f s",
                        id, repetition + 1, kind.label, run.recordsPerSecond(), run.cpuSecondsPerMillion(),
                        run.ownCpuSecondsPerMillion(), run.timing().startupSeconds());
            }
        }
        return report(runs);
    }

    private TopicSelection prepare(String topic, long records) throws Exception {
        TopicSelection selection = new TopicSelection(topic, 1, PARTITIONS);
        Topics.create(clusters.sourceCluster(), topic, PARTITIONS, Map.of());
        SourceLoad.random(clusters.sourceCluster(), selection.partitions(), records, valueBytes);
        return selection;
    }

    private Run copy(Kind kind, TopicSelection selection, long records) throws Exception {
        // Each copy starts on a collected heap: otherwise the one after the source load (a gigabyte
        // of garbage) or after a contender that left a full old generation pays for collecting it.
        System.gc();
        Contender contender = contenders.create(kind);
        try {
            CopyWatch.Timing timing = CopyWatch.copy(contender, selection, clusters.destinationAdmin(), records, DEADLINE);
            long copied = BenchClusters.total(BenchClusters.ends(clusters.destinationAdmin(), selection.partitionsOf(contender)));
            if (copied != records) {
                throw new IllegalStateException(kind.label + " wrote " + copied + " records for " + records);
            }
            return new Run(kind, timing, records);
        } finally {
            contender.stop();
        }
    }

    private Section report(Map<Kind, List<Run>> runs) {
        Section section = new Section(id, String.format("Throughput, %,d records of %,d bytes", scale.throughputRecords(), valueBytes));
        section.text("%,d records (16-byte random keys, %,d-byte random values) in 8 partitions, lz4 on the source, copied by each "
                + "contender into fresh topics; %d repetitions after a warm-up round, the order moving one place each time; medians. "
                + "Records/s from the first record on the destination to the last; start-up (connector created to first record) "
                + "apart; CPU seconds per million records of the whole JVM (brokers included) and of the copier's own threads "
                + "(task, producer network and loop threads by thread CPU time). kafka-link-minimal is "
                + "config-examples/source-link-minimal.json with one task, kafka-link the tuned example.", scale.throughputRecords(),
                valueBytes, repetitions);
        Map<Kind, Double> rate = new EnumMap<>(Kind.class);
        Map<Kind, Double> cpu = new EnumMap<>(Kind.class);
        Map<Kind, Double> ownCpu = new EnumMap<>(Kind.class);
        for (Kind kind : KINDS) {
            rate.put(kind, Stats.median(runs.get(kind).stream().map(Run::recordsPerSecond).toList()));
            cpu.put(kind, Stats.median(runs.get(kind).stream().map(Run::cpuSecondsPerMillion).toList()));
            ownCpu.put(kind, Stats.median(runs.get(kind).stream().map(Run::ownCpuSecondsPerMillion).toList()));
        }
        List<List<String>> rows = new ArrayList<>();
        for (Kind kind : KINDS) {
            List<Run> of = runs.get(kind);
            rows.add(List.of(kind.label, Stats.number(rate.get(kind)),
                    Stats.decimal(rate.get(kind) * (valueBytes + SourceLoad.KEY_BYTES) / 1e6), Stats.decimal(cpu.get(kind)),
                    Stats.decimal(ownCpu.get(kind)),
                    Stats.decimal(Stats.median(of.stream().map(r -> r.timing().startupSeconds()).toList())),
                    String.join(" / ", of.stream().map(r -> Stats.number(r.recordsPerSecond())).toList()),
                    Stats.ratio(rate.get(kind) / rate.get(Kind.PLAIN_LOOP))));
        }
        section.table(List.of("contender", "records/s", "MB/s", "CPU-s per million", "own threads' CPU-s per million",
                "start-up s", "each run (records/s)",
                "vs plain loop"), rows);
        // Issue 19's targets, for the minimal config (what a new user pastes) against the others.
        double link = rate.get(Kind.KAFKA_LINK_MINIMAL);
        section.target("Kafka Link minimal vs MirrorMaker 2 defaults", "at least 1.4x", Stats.ratio(link / rate.get(Kind.MM2_DEFAULTS)),
                link / rate.get(Kind.MM2_DEFAULTS) >= 1.4);
        section.target("Kafka Link minimal vs MirrorMaker 2 tuned", "at least 0.95x", Stats.ratio(link / rate.get(Kind.MM2_TUNED)),
                link / rate.get(Kind.MM2_TUNED) >= 0.95);
        section.target("Kafka Link minimal vs the plain loop", "at least 0.95x", Stats.ratio(link / rate.get(Kind.PLAIN_LOOP)),
                link / rate.get(Kind.PLAIN_LOOP) >= 0.95);
        section.target("Kafka Link minimal's CPU per million records vs MirrorMaker 2 tuned", "no more",
                Stats.decimal(cpu.get(Kind.KAFKA_LINK_MINIMAL)) + " vs " + Stats.decimal(cpu.get(Kind.MM2_TUNED)) + " CPU-s",
                cpu.get(Kind.KAFKA_LINK_MINIMAL) <= cpu.get(Kind.MM2_TUNED));
        List<SvgChart.Bar> bars = KINDS.stream().map(kind -> new SvgChart.Bar(kind.label, rate.get(kind),
                "(" + Stats.ratio(rate.get(kind) / rate.get(Kind.PLAIN_LOOP)) + " the loop)")).toList();
        section.chart("throughput-" + id + ".svg", section.title, SvgChart.bars(section.title, "records/s", bars));
        return section;
    }
}
