package dev.kafkalink.bench;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** The benchmark's own console output (the clusters log to a file). */
final class Progress {

    private Progress() {
    }

    static void say(String format, Object... args) {
        System.out.println("[bench " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + String.format(format, args));
    }
}
