package dev.kafkalink.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.kafkalink.testkit.ConnectorMetrics;

/** The durations of a sync connector's sweeps, read from its plugin metrics as they finish. */
final class SweepWatch {

    private static final String[] ORDINALS = {"first", "second", "third", "fourth", "fifth"};

    private SweepWatch() {
    }

    /** A table of sweep durations: "first sweep (ms)", "second sweep (ms)", ... and one row. */
    static Section.Table table(List<Long> sweeps) {
        List<String> header = new ArrayList<>();
        for (int i = 0; i < sweeps.size(); i++) {
            header.add((i < ORDINALS.length ? ORDINALS[i] : "sweep " + (i + 1)) + " sweep (ms)");
        }
        return new Section.Table(header, List.of(sweeps.stream().map(String::valueOf).toList()));
    }

    /** Waits for the connector task's first {@code count} sweeps and returns their durations in ms. */
    static List<Long> sweeps(String connector, int count, Duration deadline) throws Exception {
        return sweepsAfter(connector, -1, count, deadline);
    }

    /** Waits for {@code count} sweeps that finish after {@code lastSyncMs} (a {@code last-sync-time-ms}); their durations. */
    static List<Long> sweepsAfter(String connector, long lastSyncMs, int count, Duration deadline) throws Exception {
        List<Long> durations = new ArrayList<>();
        long last = lastSyncMs;
        while (durations.size() < count) {
            last = ConnectorMetrics.awaitSweepAfter(connector, last, deadline);
            durations.add(ConnectorMetrics.value(connector, "sync-duration-ms"));
        }
        return durations;
    }
}
