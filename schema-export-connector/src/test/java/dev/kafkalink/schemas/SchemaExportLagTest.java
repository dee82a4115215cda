package dev.kafkalink.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class SchemaExportLagTest {

    @Test
    void aVersionIsMissingWhenTheDestinationHasNoVersionOfThatNumberSoftDeletedOrNot() {
        assertEquals(2, SchemaExportLag.missing(List.of(1, 2, 3, 4), List.of(1, 2)));
        assertEquals(0, SchemaExportLag.missing(List.of(1, 2), List.of(1, 2, 3)), "more on the destination is no lag");
        assertEquals(1, SchemaExportLag.missing(List.of(1, 3), List.of(1, 2)), "by number, not by count");
    }

    @Test
    void subjectsBehindComeMostBehindFirstThenByNameAndSubjectsInStepAreLeftOut() {
        SchemaExportLag.Lag lag = SchemaExportLag.summary(Map.of("payments-value", 1, "orders-value", 2, "audit-value", 1,
                "in-step", 0), 4);
        assertEquals(4, lag.versionsBehind());
        assertEquals(List.of("orders-value", "audit-value", "payments-value"), List.copyOf(lag.subjectsBehind().keySet()));
        assertEquals(2, lag.subjectsBehind().get("orders-value"));
        assertEquals(4, lag.subjectsCompared());
        assertEquals(0, SchemaExportLag.summary(Map.of("in-step", 0), 1).versionsBehind());
    }

    @Test
    void onlyTheRegistrySettingsAndTheSubjectMappingNeedResolvedValues() {
        Map<String, String> config = new HashMap<>(Map.of("link.name", "dc1",
                "source.schema.registry.url", "http://source:8081",
                "destination.schema.registry.url", "http://destination:8081",
                "source.basic.auth.user.info", "${file:/etc/kafka-link/secrets.properties:user.info}",
                "source.kafka.sasl.jaas.config", "${file:/etc/kafka-link/secrets.properties:jaas}",
                "schema.subject.rename.format", "aws.${subject}"));
        assertEquals(List.of("source.basic.auth.user.info"), SchemaExportLag.fromConfigProvider(config),
                "the change feed's cluster is not read, and ${subject} is the rename format's placeholder");
        config.put("schema.subject.rename.format", "${file:/etc/format.properties:format}");
        assertEquals(List.of("schema.subject.rename.format", "source.basic.auth.user.info"),
                SchemaExportLag.fromConfigProvider(config));
    }

    @Test
    void invalidSettingsAndARegistryThatDoesNotAnswerAreErrorsWithTheReason() {
        assertThrows(ConfigException.class, () -> SchemaExportLag.measure(Map.of("link.name", "dc1")));
        ConnectException unreachable = assertThrows(ConnectException.class, () -> SchemaExportLag.measure(Map.of(
                "link.name", "dc1", "source.schema.registry.url", "http://127.0.0.1:1",
                "destination.schema.registry.url", "http://127.0.0.1:1", "schema.registry.request.timeout.ms", "1000")));
        assertEquals(true, unreachable.getMessage().contains("source schema registry"), unreachable.getMessage());
    }
}
