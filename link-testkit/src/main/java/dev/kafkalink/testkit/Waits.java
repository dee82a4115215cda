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
}
