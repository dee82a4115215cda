package dev.kafkalink.common.schedule;

import java.util.concurrent.ThreadLocalRandom;

/** Waits between retries: from 1 s, doubling up to a cap, each with up to a quarter more of jitter. */
public final class Backoff {

    private static final long FIRST_MS = 1_000;

    private final long capMs;
    private long nextMs = FIRST_MS;

    public Backoff(long capMs) {
        this.capMs = capMs;
    }

    /** The wait before the next retry; each call doubles the following one, up to the cap. */
    public long next() {
        long base = Math.min(nextMs, capMs);
        nextMs = Math.min(nextMs * 2, capMs);
        return base + ThreadLocalRandom.current().nextLong(1 + base / 4);
    }

    /** After a success: the next failure waits from 1 s again. */
    public void reset() {
        nextMs = FIRST_MS;
    }
}
