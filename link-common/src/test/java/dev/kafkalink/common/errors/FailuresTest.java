package dev.kafkalink.common.errors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void anErrorFromAPoolThreadIsPermanent() {
        assertTrue(Failures.isPermanent(new ExecutionException(new NoSuchMethodError("Admin.listGroups()"))));
        assertTrue(Failures.isPermanent(new NoClassDefFoundError("org/apache/kafka/common/GroupState")));
    }

    @Test
    void aTimeoutIsNot() {
        assertFalse(Failures.isPermanent(new ExecutionException(new TimeoutException("no answer"))));
    }
}
