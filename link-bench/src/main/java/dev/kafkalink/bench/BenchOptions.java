package dev.kafkalink.bench;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What one benchmark run does: {@code --scale=full|smoke --workloads=A,B,... --repetitions=N --out=DIR}. */
record BenchOptions(Scale scale, Set<String> workloads, int repetitions, Path out) {

    static final List<String> ALL_WORKLOADS = List.of("A", "B", "C", "D", "E", "F", "G", "H", "I");

    static BenchOptions parse(String... args) {
        Scale scale = Scale.full();
        Set<String> workloads = new LinkedHashSet<>(ALL_WORKLOADS);
        int repetitions = 3;
        Path out = Path.of("target", "bench");
        for (String arg : args) {
            String[] option = arg.split("=", 2);
            if (option.length != 2) {
                throw new IllegalArgumentException("Options are --name=value, not " + arg);
            }
            switch (option[0]) {
                case "--scale" -> scale = Scale.named(option[1]);
                case "--workloads" -> workloads = workloads(option[1]);
                case "--repetitions" -> repetitions = Integer.parseInt(option[1]);
                case "--out" -> out = Path.of(option[1]);
                default -> throw new IllegalArgumentException("Unknown option " + option[0]
                        + " (known: --scale, --workloads, --repetitions, --out)");
            }
        }
        if (repetitions < 1) {
            throw new IllegalArgumentException("--repetitions must be at least 1");
        }
        return new BenchOptions(scale, workloads, repetitions, out);
    }

    private static Set<String> workloads(String list) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String id : list.split(",")) {
            String workload = id.trim().toUpperCase(java.util.Locale.ROOT);
            if (!ALL_WORKLOADS.contains(workload)) {
                throw new IllegalArgumentException("Unknown workload " + id + " (known: " + ALL_WORKLOADS + ")");
            }
            chosen.add(workload);
        }
        return chosen;
    }
}
