package dev.kafkalink.bench;

/**
 * Latencies in milliseconds counted per millisecond (up to 10 minutes; longer ones in the last
 * bucket): a fixed 5 MB however long the run, so that the run's own bookkeeping does not grow the heap it
 * measures.
 */
final class LatencyHistogram {

    private static final int MAX_MS = 600_000;
    private final long[] counts = new long[MAX_MS + 1];
    private long total;
    private long max;

    synchronized void addAll(long[] latenciesMs) {
        for (long ms : latenciesMs) {
            counts[(int) Math.max(0, Math.min(MAX_MS, ms))]++;
            max = Math.max(max, ms);
        }
        total += latenciesMs.length;
    }

    /** The {@code p}th percentile (0 to 100), by the nearest-rank method; -1 when empty. */
    synchronized long percentile(double p) {
        long rank = Math.max(1, (long) Math.ceil(p / 100 * total));
        long seen = 0;
        for (int ms = 0; ms <= MAX_MS; ms++) {
            seen += counts[ms];
            if (seen >= rank) {
                return ms;
            }
        }
        return -1;
    }

    synchronized long max() {
        return max;
    }

    synchronized long count() {
        return total;
    }
}
