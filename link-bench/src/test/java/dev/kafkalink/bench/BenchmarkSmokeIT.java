package dev.kafkalink.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark still runs, end to end, at a scale that takes a few minutes: every workload against
 * real clusters and the plugin archive. Each workload checks its own copies (every contender wrote
 * exactly the source's records; the aligned mirror starts where the source does; every group, schema
 * and binding arrived), so a broken benchmark or a broken copy fails here. Figures are not asserted.
 */
class BenchmarkSmokeIT {

    @Test
    void everyWorkloadRunsAndTheReportHasEverySectionTargetAndChart(@TempDir Path out) throws Exception {
        Path report = Benchmark.run(BenchOptions.parse("--scale=smoke", "--repetitions=1", "--out=" + out));

        String markdown = Files.readString(report);
        for (String workload : BenchOptions.ALL_WORKLOADS) {
            assertTrue(markdown.contains("\n## " + workload + ". "), "section " + workload + " in\n" + markdown);
        }
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(9, results.path("sections").size());
        long targets = 0;
        for (JsonNode section : results.path("sections")) {
            targets += section.path("targets").size();
        }
        assertEquals(16, targets, "targets of A (4), B (4), D, E, F, H and I (4)");
        for (String chart : List.of("throughput-A.svg", "throughput-B.svg", "breadth-lag.svg", "latency-p99.svg")) {
            assertTrue(Files.readString(out.resolve(chart)).startsWith("<svg"), chart);
        }
    }
}
