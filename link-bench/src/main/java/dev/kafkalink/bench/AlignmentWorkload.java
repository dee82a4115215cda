package dev.kafkalink.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.kafkalink.bench.Contenders.Kind;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Workload E: a source partition whose log starts at 50,000,000 (retention took the rest) gets a
 * new mirror. Kafka Link advances the empty mirror partition to that offset before the first record
 * (fillers, then DeleteRecords), so that the record lands at the same offset. Measured from
 * connector creation until that record can be read on the destination, once per repetition (each
 * a new link with a new, empty mirror of the same source partition); the median is reported.
 * MirrorMaker 2 has no such step (its copy starts at offset 0), so there is nothing to compare it with.
 */
final class AlignmentWorkload implements Workload {

    private static final Duration DEADLINE = Duration.ofMinutes(10);

    private final Scale scale;
    private final int repetitions;
    private final BenchClusters clusters;
    private final Contenders contenders;

    AlignmentWorkload(Scale scale, int repetitions, BenchClusters clusters) {
        this.scale = scale;
        this.repetitions = repetitions;
        this.clusters = clusters;
        this.contenders = new Contenders(clusters);
    }

    @Override
    public String id() {
        return "E";
    }

    @Override
    public Section run() throws Exception {
        long start = scale.alignmentOffset();
        TopicSelection selection = new TopicSelection("deep", 1, 1);
        TopicPartition source = selection.partitions().get(0);
        Topics.create(clusters.sourceCluster(), source.topic(), 1, Map.of());
        SourceLoad.deepLogStart(clusters.sourceCluster(), clusters.sourceAdmin(), source, start);
        try (KafkaProducer<byte[], byte[]> producer = clusters.sourceCluster().createProducer(Map.of())) {
            producer.send(new ProducerRecord<>(source.topic(), 0, "first".getBytes(), "kept".getBytes())).get();
        }
        List<Double> seconds = new ArrayList<>();
        for (int repetition = 0; repetition < repetitions; repetition++) {
            seconds.add(alignNewMirror(selection, start));
            Progress.say("E repetition %d: mirror aligned to %,d and first record there after %.1f s", repetition + 1, start,
                    seconds.get(repetition));
        }
        return report(start, seconds);
    }

    /** Seconds from creating a link with a new mirror of the selection to the first record readable at {@code start}. */
    private double alignNewMirror(TopicSelection selection, long start) throws Exception {
        Contender link = contenders.create(Kind.KAFKA_LINK);
        TopicPartition mirror = selection.partitionsOf(link).get(0);
        long t0 = System.nanoTime();
        link.start(selection);
        try {
            Waits.waitFor(() -> BenchClusters.ends(clusters.destinationAdmin(), List.of(mirror)).get(mirror) > start, DEADLINE,
                    () -> "the mirror did not get its first record");
            double seconds = (System.nanoTime() - t0) / 1e9;
            long logStart = clusters.destinationAdmin().listOffsets(Map.of(mirror, OffsetSpec.earliest())).all().get()
                    .get(mirror).offset();
            if (logStart != start) {
                throw new IllegalStateException("The mirror starts at " + logStart + ", not " + start);
            }
            return seconds;
        } finally {
            link.stop();
        }
    }

    private Section report(long start, List<Double> runs) {
        double seconds = Stats.median(runs);
        Section section = new Section("E", String.format("Alignment: a new mirror of a partition starting at %,d", start));
        section.text("The source partition's log starts at %,d. Measured from connector creation to the first record readable "
                + "on the destination, where the mirror's log then starts at exactly %,d and the record sits at that offset; "
                + "%d new mirrors one after the other, median.", start, start, runs.size());
        section.table(List.of("offsets advanced", "connector created to first record (s)", "offsets per second", "each run (s)"),
                List.of(List.of(Stats.number(start), Stats.decimal(seconds), Stats.number(start / seconds),
                        String.join(" / ", runs.stream().map(Stats::decimal).toList()))));
        section.target("Aligning an empty mirror partition to " + Stats.number(start), "under 20 s", Stats.decimal(seconds) + " s",
                seconds < 20);
        return section;
    }
}
