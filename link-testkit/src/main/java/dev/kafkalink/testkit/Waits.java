package dev.kafkalink.testkit;

import java.time.Duration;
import java.util.function.Supplier;

import org.apache.kafka.test.TestCondition;
import org.apache.kafka.test.TestUtils;

/** Waits for a condition with a deadline; never a bare sleep. */
public final class Waits {

    private Waits() {
    }

    public static void waitFor(TestCondition condition, Duration deadline, Supplier<String> whatIsWrong)
            throws InterruptedException {
        TestUtils.waitForCondition(() -> {
            try {
                return condition.conditionMet();
            } catch (Exception e) {
                return false;
            }
        }, deadline.toMillis(), whatIsWrong);
    }

    /**
     * Lets {@code duration} pass (a fault that lasts that long, for example), checking {@code invariant}
     * about once a second; fails at once when it no longer holds.
     */
    public static void holdFor(Duration duration, TestCondition invariant, Supplier<String> whatIsWrong)
            throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
            boolean holds;
            try {
                holds = invariant.conditionMet();
            } catch (Exception e) {
                throw new AssertionError(whatIsWrong.get(), e);
            }
            if (!holds) {
                throw new AssertionError(whatIsWrong.get());
            }
            Thread.sleep(Math.max(1, Math.min(1_000, left / 1_000_000)));
        }
    }

    /** Something that may not be there yet. */
    @FunctionalInterface
    public interface Lookup<T> {
        java.util.Optional<T> find() throws Exception;
    }

    /** Waits until {@code lookup} finds its value, and returns it. */
    public static <T> T await(Lookup<T> lookup, Duration deadline, String what) throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<T> found = new java.util.concurrent.atomic.AtomicReference<>();
        waitFor(() -> {
            lookup.find().ifPresent(found::set);
            return found.get() != null;
        }, deadline, () -> what + " did not appear");
        return found.get();
    }
}
