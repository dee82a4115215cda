package dev.kafkalink.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/** Writes the soak run's soak.md and soak.svg (heap, state, lag and latency over time, faults marked). */
final class SoakReport {

    private static final int TABLE_EVERY = 6;

    private SoakReport() {
    }

    static Path write(Soak.Settings settings, SoakResult result) throws IOException {
        Files.createDirectories(settings.out());
        Files.writeString(settings.out().resolve("soak.svg"), chart(result));
        Path report = settings.out().resolve("soak.md");
        Files.writeString(report, markdown(result));
        return report;
    }

    private static String chart(SoakResult result) {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        series.put("live heap, MiB", points(result, sample -> sample.heapLive() < 0 ? -1 : sample.heapLive() >> 20));
        series.put("state topic, KiB", points(result, sample -> sample.stateBytes() < 0 ? -1 : sample.stateBytes() >> 10));
        series.put("lag, records", points(result, Soak.Sample::lag));
        series.put("p99 latency, ms", points(result, Soak.Sample::p99Ms));
        series.put("p99 in the source, ms", points(result, Soak.Sample::sourceP99Ms));
        List<Double> faults = result.faults().stream().map(event -> (double) event.atSeconds()).toList();
        return SvgChart.lines("Soak: " + minutes(result) + " minutes, faults dashed", "s", "log scale", series, faults);
    }

    /** One point per sample, without those a gauge could not read (-1). */
    private static List<double[]> points(SoakResult result, ToLongFunction<Soak.Sample> value) {
        List<double[]> points = new ArrayList<>();
        for (Soak.Sample sample : result.samples()) {
            long y = value.applyAsLong(sample);
            if (y >= 0) {
                points.add(new double[] {sample.seconds(), y});
            }
        }
        return points;
    }

    private static long minutes(SoakResult result) {
        return Math.round((result.endedMillis() - result.startedMillis()) / 60_000.0);
    }

    private static String markdown(SoakResult result) {
        Soak.Settings settings = result.settings();
        SoakVerifier.Snapshot last = result.last();
        Soak.Sample first = result.first();
        Soak.Sample end = result.lastSample();
        long[] live = result.samples().stream().mapToLong(Soak.Sample::heapLive).filter(bytes -> bytes >= 0).toArray();
        List<String> md = new ArrayList<>();
        md.add("# Soak run");
        md.add("");
        md.add("Written by `mvn -B -o -DskipTests -Psoak verify -pl link-bench -am -Dsoak.minutes=" + settings.minutes() + "` ("
                + "`dev.kafkalink.bench.Soak`, issue 20), started " + Instant.ofEpochMilli(result.startedMillis())
                .truncatedTo(ChronoUnit.SECONDS) + ", " + minutes(result) + " minutes including the final drain.");
        md.add("");
        md.add("**Verdict: " + Stats.number(result.differences()) + " differences in " + Stats.number(last.compared())
                + " records compared** (" + last.duplicates() + " duplicated, " + last.missing() + " missing offsets, "
                + last.mismatched() + " mismatched, " + result.notMirrored() + " source records not mirrored at the end, "
                + result.unmatchedInMirror() + " mirror records without a source record).");
        md.add("");
        md.add("## Settings");
        md.add("");
        md.add("- Two 3-broker KRaft clusters (replication factor 3, `min.insync.replicas=2`), the Connect cluster's own Kafka "
                + "is the destination; two Connect workers: one in this JVM, one a child JVM (`ConnectWorkerProcess`).");
        md.add("- `dc1-link`: config-examples/source-link-minimal.json as shipped (2 tasks, no producer overrides, the worker's "
                + "override policy None), `mirror.topics=" + Soak.TOPIC + "`; `dc1-offset-sync`: config-examples/offset-sync.json "
                + "as shipped (every group, every 10 s).");
        md.add("- Load: " + Stats.number(settings.perSecond()) + " numbered records/s (100-byte values, a header, CreateTime) "
                + "round robin into " + Soak.PARTITIONS + " partitions by the client's default (idempotent) producer; a consumer "
                + "group `" + Soak.READERS + "` reads the source and commits after every poll.");
        md.add("- A fault every " + settings.faultEverySeconds() + " s, in a cycle: a source broker restarted, a destination "
                + "broker restarted, a link task restarted through the REST API, a source broker, a destination broker, the "
                + "child worker killed (SIGKILL) and a new one started. Brokers restart with a controlled shutdown, the second "
                + "and third in turn (the first hosts the KRaft controller).");
        md.add("- The verifier follows the source and the mirror and compares every record at the same partition and offset "
                + "(key, value, headers, timestamp and its type) as both arrive; latency is arrival at the verifier minus the "
                + "source timestamp. A sample every 10 s.");
        md.add("");
        md.add("## Machine");
        md.add("");
        result.machine().forEach(line -> md.add("- " + line));
        md.add("- Shared with other builds and tests running at the same time: latencies and lag are this machine's, not the link's.");
        md.add("");
        md.add("## Totals");
        md.add("");
        md.add("| | |");
        md.add("|---|---|");
        md.add("| records produced (acknowledged) | " + Stats.number(result.produced()) + " (" + result.produceFailures()
                + " sends failed) |");
        md.add("| records compared | " + Stats.number(last.compared()) + " |");
        md.add("| **differences** | **" + Stats.number(result.differences()) + "** |");
        md.add("| faults applied | " + result.faults().size() + " (" + result.faults().stream().filter(e -> e.error() != null).count()
                + " failed to apply) |");
        md.add("| max lag | " + Stats.number(result.samples().stream().mapToLong(Soak.Sample::lag).max().orElse(0)) + " records |");
        md.add("| latency p50 / p99 / max | " + result.latency().percentile(50) + " / " + Stats.number(result.latency().percentile(99)) + " / "
                + Stats.number(result.latency().max()) + " ms over " + Stats.number(result.latency().count()) + " mirror records |");
        md.add("| of which the application's (source timestamp to the source record's arrival at the verifier) p50 / p99 / max | "
                + result.sourceLatency().percentile(50) + " / " + Stats.number(result.sourceLatency().percentile(99)) + " / "
                + Stats.number(result.sourceLatency().max()) + " ms |");
        md.add("| live heap (after a full GC), first / max / last | " + (live[0] >> 20) + " / "
                + (java.util.Arrays.stream(live).max().orElse(0) >> 20) + " / " + (live[live.length - 1] >> 20)
                + " MiB (this JVM: 6 brokers, the in-process Connect worker, the verifier) |");
        md.add("| state topic (bytes on disk, one replica, compacted), first / max / last sample | " + Stats.decimal(first.stateBytes() / 1024.0)
                + " / " + Stats.decimal(result.samples().stream().mapToLong(Soak.Sample::stateBytes).max().orElse(0) / 1024.0) + " / "
                + Stats.decimal(end.stateBytes() / 1024.0) + " KiB |");
        md.add("| group offsets of `" + Soak.READERS + "` equal on both sides at the end | " + (result.groupOffsetsEqual() ? "yes" : "NO")
                + " |");
        md.add("");
        if (!last.firstDifferences().isEmpty()) {
            md.add("First differences:");
            md.add("");
            last.firstDifferences().forEach(difference -> md.add("- " + difference));
            md.add("");
        }
        md.add("![heap, state, lag and latency over time](soak.svg)");
        md.add("");
        md.add("## Faults");
        md.add("");
        md.add("| at (s) | fault | took (s) | error |");
        md.add("|---|---|---|---|");
        for (SoakFaults.Event event : result.faults()) {
            md.add("| " + event.atSeconds() + " | " + event.what() + " | " + Stats.decimal(event.tookSeconds()) + " | "
                    + (event.error() == null ? "" : event.error()) + " |");
        }
        md.add("");
        md.add("## Samples (every minute)");
        md.add("");
        md.add("| s | compared | differences | lag | p99 ms | source p99 ms | heap MiB | live heap MiB | state KiB | tasks running (link, offset sync) |");
        md.add("|---|---|---|---|---|---|---|---|---|---|");
        for (int i = 0; i < result.samples().size(); i++) {
            Soak.Sample sample = result.samples().get(i);
            if (i % TABLE_EVERY == 0 || i == result.samples().size() - 1) {
                md.add("| " + sample.seconds() + " | " + Stats.number(sample.compared()) + " | " + sample.differences() + " | "
                        + Stats.number(sample.lag()) + " | " + sample.p99Ms() + " | " + sample.sourceP99Ms() + " | " + (sample.heapUsed() >> 20) + " | "
                        + (sample.heapLive() < 0 ? "" : String.valueOf(sample.heapLive() >> 20)) + " | " + Stats.decimal(sample.stateBytes() / 1024.0) + " | "
                        + sample.tasks() + " |");
            }
        }
        md.add("");
        return String.join("\n", md);
    }
}
