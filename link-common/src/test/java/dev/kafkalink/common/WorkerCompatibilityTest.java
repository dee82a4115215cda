package dev.kafkalink.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class WorkerCompatibilityTest {

    @Test
    void workersFrom37OnAreServed() {
        for (String version : List.of("3.7.0", "3.7.2", "3.9.1", "4.0.2", "4.3.2", "4.4.0", "5.0.0-SNAPSHOT")) {
            assertTrue(WorkerCompatibility.problemWith(version).isEmpty(), version);
        }
    }

    @Test
    void readsTheVersionOfTheKafkaClientsItRunsOn() {
        assertTrue(WorkerCompatibility.workerKafkaVersion().matches("\\d+\\.\\d+\\..*"), WorkerCompatibility.workerKafkaVersion());
    }

    @Test
    void olderWorkersAreRefusedWithTheSupportedRange() {
        for (String version : List.of("2.7.1", "3.6.2", "3.0.0")) {
            String problem = WorkerCompatibility.problemWith(version).orElseThrow();
            assertTrue(problem.contains(version) && problem.contains("3.7 to 4.4"), problem);
        }
    }

    @Test
    void aLinkageErrorInTheChecksBecomesAnErrorOnConnectorClass() {
        Config config = WorkerCompatibility.validate(Map.of("connector.class", "dev.kafkalink.source.SourceLinkConnector"),
                () -> {
                    throw new NoSuchMethodError("Admin.listGroups()");
                });
        ConfigValue connectorClass = config.configValues().get(0);
        assertEquals("connector.class", connectorClass.name());
        assertEquals("dev.kafkalink.source.SourceLinkConnector", connectorClass.value());
        assertTrue(connectorClass.errorMessages().get(0).contains("Admin.listGroups()"), connectorClass.errorMessages().toString());
    }
}
