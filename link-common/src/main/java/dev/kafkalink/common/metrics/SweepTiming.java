package dev.kafkalink.common.metrics;

/**
 * When a periodic task's last sweep finished and how long it took, as the gauges
 * {@code last-sync-time-ms} and {@code sync-duration-ms} (-1 before the first sweep).
 */
public final class SweepTiming {

    private final LinkGauges gauges;
    private volatile long lastSyncMs = -1;
    private volatile long durationMs = -1;

    public SweepTiming(LinkGauges gauges) {
        this.gauges = gauges;
        gauges.add("last-sync-time-ms", "When the last sweep finished (epoch ms); -1 before the first", () -> lastSyncMs);
        gauges.add("sync-duration-ms", "How long the last sweep took; -1 before the first", () -> durationMs);
    }

    /** Also registers gauges that a previous instance of the task still held at start (see {@link LinkGauges}). */
    public void record(long finishedMs, long tookMs) {
        lastSyncMs = finishedMs;
        durationMs = tookMs;
        gauges.retryPending();
    }
}
