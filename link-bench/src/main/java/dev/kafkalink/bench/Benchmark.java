package dev.kafkalink.bench;

import java.nio.file.Path;

/**
 * The benchmark of issues 7 and 15 in one run: fresh embedded clusters and a Connect worker that loads the
 * plugin archive, then workloads A to I (or those chosen), each side by side with MirrorMaker 2 and
 * a plain loop where they compare, then results.md, results.json and the charts in the output folder.
 *
 * <pre>mvn -B -DskipTests -Pbench verify [-Dbench.workloads=A,D] [-Dbench.repetitions=5] [-Dbench.scale=smoke]</pre>
 */
public final class Benchmark {

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path written = run(BenchOptions.parse(args));
        Progress.say("Report: %s", written.toAbsolutePath());
        System.exit(0);
    }

    /**
     * Runs the benchmark and returns the report's path. Every workload gets fresh clusters and a
     * collected heap, so that none inherits another's brokers (thousands of deleted partitions,
     * gigabytes written) or garbage; the JIT stays warm across them.
     */
    static Path run(BenchOptions options) throws Exception {
        Report report = new Report();
        for (String id : options.workloads()) {
            System.gc();
            try (BenchClusters clusters = new BenchClusters()) {
                clusters.start();
                Progress.say("Workload %s", id);
                report.add(workload(id, options, clusters).run());
            }
            report.write(options.out(), options);
        }
        return options.out().resolve("results.md");
    }

    private static Workload workload(String id, BenchOptions options, BenchClusters clusters) {
        Scale scale = options.scale();
        return switch (id) {
            case "A" -> new ThroughputWorkload("A", 1024, scale, options.repetitions(), clusters);
            case "B" -> new ThroughputWorkload("B", 100, scale, options.repetitions(), clusters);
            case "C" -> new BreadthWorkload(scale, clusters);
            case "D" -> new LatencyWorkload(scale, clusters);
            case "E" -> new AlignmentWorkload(scale, options.repetitions(), clusters);
            case "F" -> new OffsetSyncWorkload(scale, clusters);
            case "G" -> new SchemaExportWorkload(scale, clusters);
            case "H" -> new AclSweepWorkload(scale, clusters);
            case "I" -> new StateWorkload(scale, clusters);
            default -> throw new IllegalArgumentException("Unknown workload " + id);
        };
    }
}
