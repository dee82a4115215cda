package dev.kafkalink.bench;

/**
 * How big each workload is. {@link #full()} is what issue 7 specifies and what README reports;
 * {@link #smoke()} runs every workload in a minute or two so that CI keeps the benchmark working.
 * {@code sweeps} is how many sweeps of a sync connector are watched (the first and the idle ones);
 * {@code settleSeconds} how long a catching-up copy is watched after it caught up;
 * {@code stateMarkersPerPartition} how many transaction markers workload I's simulated week has.
 */
record Scale(String name, int throughputRecords, int warmupRecords, int breadthTopics, int breadthPartitions,
             int breadthPreloadPerPartition, int breadthRatePerSecond, int latencyRatePerSecond, int latencyWarmupSeconds,
             int latencySeconds, long alignmentOffset, int groups, int schemas, int aclBindings, int sweeps,
             int settleSeconds, long stateMarkersPerPartition) {

    static Scale full() {
        return new Scale("full", 1_000_000, 1_000_000, 100, 10, 1_000, 2_000, 10_000, 10, 30, 50_000_000L, 10_000, 10_000, 10_000, 3, 10, 10_000_000L);
    }

    static Scale smoke() {
        return new Scale("smoke", 20_000, 5_000, 5, 2, 100, 200, 1_000, 2, 4, 200_000L, 50, 50, 50, 2, 2, 20_000L);
    }

    static Scale named(String name) {
        return switch (name) {
            case "full" -> full();
            case "smoke" -> smoke();
            default -> throw new IllegalArgumentException("--scale must be full or smoke, not " + name);
        };
    }
}
