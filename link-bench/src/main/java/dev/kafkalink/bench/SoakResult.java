package dev.kafkalink.bench;

import java.util.List;

/** Everything the soak report says: the settings, the samples, the faults and the totals at the end. */
record SoakResult(Soak.Settings settings, List<Soak.Sample> samples, List<SoakFaults.Event> faults, LatencyHistogram latency,
                  LatencyHistogram sourceLatency,                  long produced, long produceFailures, long notMirrored, long unmatchedInMirror, SoakVerifier.Snapshot last,
                  boolean groupOffsetsEqual, long startedMillis, long endedMillis, List<String> machine) {

    /** The headline: records duplicated, missing or different in the mirror, and source records never mirrored. */
    long differences() {
        return last.differences() + notMirrored + unmatchedInMirror;
    }

    Soak.Sample first() {
        return samples.get(0);
    }

    Soak.Sample lastSample() {
        return samples.get(samples.size() - 1);
    }
}
