package dev.kafkalink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.kafkalink.schemas.SchemaExportLag;

import org.junit.jupiter.api.Test;

class KafkaLinkCliTest {

    @Test
    void operationsMoveTopicsBetweenTheConfigurationLists() {
        Map<String, String> config = Map.of("mirror.topics", "orders,payments", "mirror.topics.pause", "orders, payments");
        Map<String, String> promoted = MirrorOperationCommand.edited(config, MirrorOperationCommand.Operation.PROMOTE_OP,
                List.of("payments"));
        assertEquals("orders", promoted.get("mirror.topics.pause"));
        assertEquals("payments", promoted.get("mirror.topics.promote"));

        Map<String, String> failedOver = MirrorOperationCommand.edited(promoted, MirrorOperationCommand.Operation.FAILOVER_OP,
                List.of("payments", "orders"));
        assertEquals(null, failedOver.get("mirror.topics.pause"), "an emptied list is removed");
        assertEquals(null, failedOver.get("mirror.topics.promote"), "failover replaces a pending promote");
        assertEquals("payments,orders", failedOver.get("mirror.topics.failover"));

        Map<String, String> resumed = MirrorOperationCommand.edited(config, MirrorOperationCommand.Operation.RESUME, List.of("orders"));
        assertEquals("payments", resumed.get("mirror.topics.pause"));
        assertEquals("orders,payments", resumed.get("mirror.topics"), "other keys stay as they were");
    }

    @Test
    void schemaExportPauseResumeAndResetEditTheConnectorsControlKeys() {
        Map<String, String> config = Map.of("connector.class", SchemaExportCommand.CONNECTOR_CLASS, "schema.subjects", "*");
        java.time.Instant now = java.time.Instant.parse("2026-12-05T10:00:00Z");
        Map<String, String> paused = SchemaExportCommand.edited(config, "pause", now);
        assertEquals("true", paused.get("schema.export.paused"));
        assertEquals("*", paused.get("schema.subjects"), "other keys stay as they were");
        assertEquals("false", SchemaExportCommand.edited(paused, "resume", now).get("schema.export.paused"));
        assertEquals("2026-12-05T10:00:00Z", SchemaExportCommand.edited(paused, "reset", now).get("schema.export.reset"),
                "a new token: Connect restarts the task, which compares everything again");
        assertEquals("true", SchemaExportCommand.edited(paused, "reset", now).get("schema.export.paused"), "reset keeps a pause");
        CliException unknown = org.junit.jupiter.api.Assertions.assertThrows(CliException.class,
                () -> SchemaExportCommand.edited(config, "stop", now));
        assertTrue(unknown.getMessage().contains("pause, resume or reset"), unknown.getMessage());
    }

    @Test
    void theSchemaSectionOfTheStatusSaysRunningPausedOrFailedWithTheStoppedSubjects() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Map<String, String> config = Map.of("connector.class", SchemaExportCommand.CONNECTOR_CLASS, "link.name", "dc1");
        String running = "{\"name\":\"schemas\",\"connector\":{\"state\":\"RUNNING\"},\"tasks\":[{\"id\":0,\"state\":\"RUNNING\"}]}";
        assertEquals(new SchemaExportStatus.Row("schemas", "RUNNING", ""),
                SchemaExportStatus.row("schemas", config, json.readTree(running)));
        assertEquals(new SchemaExportStatus.Row("schemas", "PAUSED", "schema.export.paused=true"), SchemaExportStatus.row("schemas",
                Map.of("connector.class", SchemaExportCommand.CONNECTOR_CLASS, "schema.export.paused", "true"), json.readTree(running)));
        String failed = json.writeValueAsString(Map.of("connector", Map.of("state", "RUNNING"), "tasks", List.of(Map.of("id", 0,
                "state", "FAILED", "trace", "org.apache.kafka.connect.errors.ConnectException: Schema export of link dc1 cannot go on: "
                        + "ConnectException: 1 subject(s) stopped, the others are exported: third: version 1 ...\n\tat x.y(Z.java:1)"))));
        assertEquals(new SchemaExportStatus.Row("schemas", "FAILED", "Schema export of link dc1 cannot go on: ConnectException: "
                + "1 subject(s) stopped, the others are exported: third: version 1 ..."),
                SchemaExportStatus.row("schemas", config, json.readTree(failed)));
    }

    @Test
    void theSchemaSectionShowsTheLagMeasuredFromTheRegistriesOrWhyItIsUnknown() throws Exception {
        Map<String, String> config = Map.of("connector.class", SchemaExportCommand.CONNECTOR_CLASS, "link.name", "dc1",
                "source.schema.registry.url", "http://source:8081", "destination.schema.registry.url", "http://destination:8081",
                "source.basic.auth.user.info", "${file:/etc/kafka-link/secrets.properties:user.info}");
        Map<String, Integer> behind = new java.util.LinkedHashMap<>();
        for (int i = 12; i > 0; i--) {
            behind.put("subject-" + i, i);
        }
        SchemaExportStatus.LagMeasure measure = settings -> {
            assertEquals("alice:secret", settings.get("source.basic.auth.user.info"), "the file's value replaces the reference");
            return new SchemaExportLag.Lag(78, behind, 20);
        };
        SchemaExportStatus.Row running = new SchemaExportStatus.Row("schemas", "RUNNING", "");

        SchemaExportStatus.Row unresolved = SchemaExportStatus.withLag(running, config, Map.of(), measure);
        assertEquals(null, unresolved.lagVersions());
        assertEquals(SchemaExportStatus.FROM_CONFIG_PROVIDER, unresolved.lagProblem());

        SchemaExportStatus.Row measured = SchemaExportStatus.withLag(running, config,
                Map.of("source.basic.auth.user.info", "alice:secret"), measure);
        assertEquals(78L, measured.lagVersions());
        assertEquals(10, measured.subjectsBehind().size(), "the first ten, most behind first");
        assertEquals(12, measured.subjectsBehind().get("subject-12"));
        assertEquals(12, measured.subjectsBehindCount());
        assertEquals(20, measured.subjectsCompared());

        SchemaExportStatus.Row unreachable = SchemaExportStatus.withLag(new SchemaExportStatus.Row("schemas", "PAUSED",
                "schema.export.paused=true"), config, Map.of("source.basic.auth.user.info", "alice:secret"), settings -> {
                    throw new org.apache.kafka.connect.errors.ConnectException("The source schema registry did not answer");
                });
        assertEquals("The source schema registry did not answer", unreachable.lagProblem());
        SchemaExportStatus.Row unassigned = new SchemaExportStatus.Row("schemas", "UNASSIGNED", "");
        assertEquals(unassigned, SchemaExportStatus.withLag(unassigned, config, Map.of(), settings -> {
            throw new AssertionError("not measured");
        }));

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        StatusPrinter.schemaTable(new PrintStream(table, true, StandardCharsets.UTF_8), List.of(measured, unreachable, unassigned));
        String printed = table.toString(StandardCharsets.UTF_8);
        assertTrue(printed.matches("(?s).*SCHEMA EXPORT\\s+STATE\\s+LAG\\s+BEHIND\\s+REASON\n.*"), printed);
        assertTrue(printed.matches("(?s).*schemas\\s+RUNNING\\s+78\\s+subject-12 \\(12\\), subject-11 \\(11\\), subject-10 \\(10\\), "
                + "subject-9 \\(9\\), subject-8 \\(8\\) and 7 more subject\\(s\\)\n.*"), "the five most behind: " + printed);
        assertTrue(printed.matches("(?s).*PAUSED\\s+\\?\\s+schema.export.paused=true; lag unknown: The source schema registry "
                + "did not answer\n.*"), printed);
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhy() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = KafkaLinkCli.run(new String[] {"status", "--connect"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--connect needs a value"));
        assertEquals(2, KafkaLinkCli.run(new String[] {}, System.out, new PrintStream(new ByteArrayOutputStream())));
    }

    @Test
    void anUnreachableConnectClusterIsAClearError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = KafkaLinkCli.run(new String[] {"--connect", "http://127.0.0.1:9", "status"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Cannot reach Kafka Connect at http://127.0.0.1:9"),
                err.toString(StandardCharsets.UTF_8));
    }
}
