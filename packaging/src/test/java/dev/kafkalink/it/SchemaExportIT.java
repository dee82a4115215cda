package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kafkalink.it.RegistryCalls.Ref;
import dev.kafkalink.testkit.ConfluentRegistryStandIn;
import dev.kafkalink.testkit.ConnectorMetrics;
import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SchemaExportConnector, loaded from the plugin archive by a real Connect cluster, between two
 * registries that behave as Confluent Schema Registry does where no registry on Maven Central can:
 * explicit ids in IMPORT mode, contexts with their own id spaces, refusal to reuse an id. The
 * registries are {@link ConfluentRegistryStandIn}, a test stand-in for that REST API.
 */
class SchemaExportIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    static final String ADDRESS = "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"com.example\","
            + "\"fields\":[{\"name\":\"street\",\"type\":\"string\"}]}";
    static final String ORDER_V1 = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"com.example\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
    static final String ORDER_V2 = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"com.example\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"double\",\"default\":0}]}";
    static final String ORDER_V3 = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"com.example\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"double\",\"default\":0},"
            + "{\"name\":\"ship_to\",\"type\":[\"null\",\"com.example.Address\"],\"default\":null}]}";
    static final String MONEY = "syntax = \"proto3\";\npackage com.example;\n\nmessage Money {\n  int64 cents = 1;\n}\n";
    static final String PAYMENT = "syntax = \"proto3\";\npackage com.example;\n\nimport \"money.proto\";\n\n"
            + "message Payment {\n  string id = 1;\n  Money amount = 2;\n}\n";
    static final String CUSTOMER = "{\"$id\":\"customer.json\",\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}";
    static final String CUSTOMER_EVENT = "{\"type\":\"object\",\"properties\":{\"customer\":{\"$ref\":\"customer.json\"}}}";

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().build();

    private ConfluentRegistryStandIn sourceRegistry;
    private ConfluentRegistryStandIn destinationRegistry;
    private RegistryCalls source;
    private RegistryCalls destination;

    @BeforeEach
    void startRegistries() {
        sourceRegistry = ConfluentRegistryStandIn.start();
        destinationRegistry = ConfluentRegistryStandIn.start();
        source = new RegistryCalls(sourceRegistry.url());
        destination = new RegistryCalls(destinationRegistry.url());
    }

    @AfterEach
    void stopRegistries() {
        sourceRegistry.close();
        destinationRegistry.close();
    }

    /** Registers Avro, Protobuf and JSON Schema subjects with references; returns the subjects. */
    static List<String> registerMixedSubjects(RegistryCalls registry) {
        registry.register("address", "AVRO", ADDRESS);
        registry.register("orders-value", "AVRO", ORDER_V1);
        registry.register("orders-value", "AVRO", ORDER_V2);
        registry.register("orders-value", "AVRO", ORDER_V3, new Ref("com.example.Address", "address", 1));
        registry.register("money", "PROTOBUF", MONEY);
        registry.register("payments-value", "PROTOBUF", PAYMENT, new Ref("money.proto", "money", 1));
        registry.register("customer", "JSON", CUSTOMER);
        registry.register("customers-value", "JSON", CUSTOMER_EVENT, new Ref("customer.json", "customer", 1));
        return List.of("address", "orders-value", "money", "payments-value", "customer", "customers-value");
    }

    @Test
    void everyVersionArrivesWithItsIdInImportModeThenChangesAndDeletesFollowAndAnIdleSweepWritesNothing() throws Exception {
        // Subjects outside the selection take the first ids, so kept ids differ from freshly assigned ones.
        source.register("internal-a", "AVRO", "\"string\"");
        source.register("internal-b", "AVRO", "\"int\"");
        List<String> subjects = new ArrayList<>(registerMixedSubjects(source));
        source.register("orders-copy", "AVRO", ORDER_V1);
        subjects.add("orders-copy");
        source.setCompatibility(null, "FULL");
        source.setCompatibility("orders-value", "NONE");

        Map<String, String> config = exportConfig("exact");
        // money is not selected: it goes along because payments-value references it.
        config.put("schema.subjects", "orders-*,payments-value,customer*,address");
        config.put("schema.delete.sync", "true");
        clusters.connect().configureConnector("exact", config);

        awaitSame(subjects, UnaryOperator.identity(), UnaryOperator.identity());
        assertEquals(List.of(), destination.subjects(null).stream().filter(s -> s.startsWith("internal")).toList());
        assertEquals(source.version("orders-copy", 1).path("id"), destination.version("orders-value", 1).path("id"),
                "one schema in two subjects keeps one id");
        for (String subject : subjects) {
            assertEquals("IMPORT", destination.mode(subject), subject + " is written in IMPORT mode");
        }
        Waits.waitFor(() -> "FULL".equals(destination.compatibility(null)) && "NONE".equals(destination.compatibility("orders-value")),
                DEADLINE, () -> "compatibility levels were not copied: " + destination.compatibility(null) + ", "
                        + destination.compatibility("orders-value"));

        // New versions and subjects, a soft delete and a hard delete follow within an interval.
        source.register("orders-value", "AVRO", ORDER_V2.replace("\"amount\"", "\"total\""));
        source.register("orders-extra", "AVRO", "\"long\"");
        subjects.add("orders-extra");
        source.deleteVersion("orders-value", 2, false);
        source.deleteVersion("orders-copy", 1, false);
        source.deleteVersion("orders-copy", 1, true);
        awaitSame(subjects, UnaryOperator.identity(), UnaryOperator.identity());
        assertEquals(List.of(), destination.versions("orders-copy", true), "the hard delete followed");

        // In step: sweeps go on and write nothing, also after a restart of the task.
        long writes = destinationRegistry.writeRequests();
        awaitSweeps("exact", 3);
        clusters.connect().restartConnectorAndTasks("exact", false, true, false);
        awaitSweeps("exact", 2);
        assertEquals(writes, destinationRegistry.writeRequests(), "writes on the destination while nothing changed");
        assertEquals(0, ConnectorMetrics.value("exact", "lag-versions"));
        // address, orders-value, orders-extra, payments-value, customer, customers-value (money is not selected).
        assertEquals(6, ConnectorMetrics.value("exact", "subjects-in-sync"));
        clusters.connect().deleteConnector("exact");
    }

    @Test
    void withTheSourceRegistrysTopicAsChangeFeedAnIdleSweepAsksTheSourceRegistryNothing() throws Exception {
        sourceRegistry.close();
        sourceRegistry = ConfluentRegistryStandIn.start(clusters.source().bootstrapServers(), "_schemas");
        source = new RegistryCalls(sourceRegistry.url());
        List<String> subjects = new ArrayList<>(registerMixedSubjects(source));

        Map<String, String> config = exportConfig("fed");
        config.put("source.schema.registry.topic", "_schemas");
        config.put("source.kafka.bootstrap.servers", clusters.source().bootstrapServers());
        config.put("schema.delete.sync", "true");
        clusters.connect().configureConnector("fed", config);
        awaitSame(subjects, UnaryOperator.identity(), UnaryOperator.identity());

        awaitSweeps("fed", 1);
        assertTrue(ConnectorMetrics.value("fed", "feed-position") > 0, "the feed position is a metric");
        long requests = sourceRegistry.requests();
        awaitSweeps("fed", 3);
        assertEquals(requests, sourceRegistry.requests(), "requests to the source registry while nothing changed");

        // Changes reach the destination through the feed: a new subject, a new version, deletes.
        source.register("orders-value", "AVRO", ORDER_V2.replace("\"amount\"", "\"total\""));
        source.register("late-value", "JSON", CUSTOMER.replace("customer.json", "late.json"));
        subjects.add("late-value");
        source.deleteVersion("orders-value", 1, false);
        source.deleteVersion("customers-value", 1, false);
        source.deleteVersion("customers-value", 1, true);
        awaitSame(subjects, UnaryOperator.identity(), UnaryOperator.identity());
        clusters.connect().deleteConnector("fed");
    }

    @Test
    void contextsGoBelowTheLinkContextWithTheirOwnIdsAndRenamedSubjects() throws Exception {
        source.register("orders-value", "AVRO", ORDER_V1);
        source.register(":.team:address", "AVRO", ADDRESS);
        source.register(":.team:orders-value", "AVRO", ORDER_V2);
        source.register(":.team:orders-value", "AVRO", ORDER_V3, new Ref("com.example.Address", "address", 1));
        assertEquals(1, source.version(":.team:address", 1).path("id").asInt(), "a context has its own id space");
        source.putConfig(":.team:", Map.of("compatibility", "FULL_TRANSITIVE"));

        Map<String, String> config = exportConfig("ctx");
        // The first URL answers nothing: the next one is used.
        config.put("destination.schema.registry.url", "http://127.0.0.1:9," + destinationRegistry.url());
        config.put("schema.subjects", ":*:");
        config.put("schema.context.type", "AUTO");
        config.put("schema.subject.rename.format", "aws.${subject}");
        clusters.connect().configureConnector("ctx", config);

        UnaryOperator<String> renamed = subject -> subject.startsWith(":.team:")
                ? ":.ctx.team:aws." + subject.substring(":.team:".length()) : ":.ctx:aws." + subject;
        awaitSame(List.of("orders-value", ":.team:address", ":.team:orders-value"), renamed, subject -> "aws." + subject);
        assertEquals("IMPORT", destination.mode(":.ctx:"), "the link's context is in IMPORT mode");
        assertEquals("IMPORT", destination.mode(":.ctx.team:"));
        Waits.waitFor(() -> "FULL_TRANSITIVE".equals(destination.compatibility(":.ctx.team:")), DEADLINE,
                () -> "the context's own config did not follow: " + destination.config(":.ctx.team:"));
        assertEquals(List.of(), destination.subjects(null).stream().filter(subject -> !subject.startsWith(":.")).toList(),
                "nothing lands in the default context");
        clusters.connect().deleteConnector("ctx");
    }

    @Test
    void anIdTakenOnTheDestinationStopsThatSubjectOverwritesNothingAndSaysWhy() throws Exception {
        destination.setMode("operator-owned", "IMPORT");
        destination.importSchema("operator-owned", 3, 1, "AVRO", "\"boolean\"");
        source.register("first", "AVRO", "\"string\"");
        source.register("second", "AVRO", "\"int\"");
        source.register("third", "AVRO", "\"long\"");

        clusters.connect().configureConnector("clash", exportConfig("clash"));

        ConnectorStateInfo.TaskState task = awaitFailedTask("clash");
        assertTrue(task.trace().contains("third") && task.trace().contains("id 3")
                && task.trace().contains("already used on the destination by a different schema"), task.trace());
        assertEquals(List.of(), destination.versions("third", true), "nothing written for the stopped subject");
        assertEquals("\"boolean\"", destination.version("operator-owned", 1).path("schema").asText(), "nothing overwritten");
        assertEquals(List.of(), RegistryComparison.differences(source, destination, List.of("first", "second"),
                UnaryOperator.identity(), UnaryOperator.identity()), "the other subjects were exported");
        clusters.connect().deleteConnector("clash");
    }

    @Test
    void anUnreachableRegistryIsRetriedThenCaughtUpAndAfterTheRetryTimeoutFailsTheTaskWithTheReason() throws Exception {
        source.register("orders-value", "AVRO", ORDER_V1);
        clusters.connect().configureConnector("patient", exportConfig("patient"));
        awaitSame(List.of("orders-value"), UnaryOperator.identity(), UnaryOperator.identity());

        destinationRegistry.setUnavailable(true);
        source.register("orders-value", "AVRO", ORDER_V2);
        long failedBefore = ConnectorMetrics.value("patient", "sweep-errors-total");
        Waits.waitFor(() -> ConnectorMetrics.value("patient", "sweep-errors-total") >= failedBefore + 2, DEADLINE,
                () -> "the sweeps did not fail while the destination was down");
        assertEquals("RUNNING", clusters.connect().connectorStatus("patient").tasks().get(0).state(), "retrying, not failed");
        destinationRegistry.setUnavailable(false);
        awaitSame(List.of("orders-value"), UnaryOperator.identity(), UnaryOperator.identity());
        clusters.connect().deleteConnector("patient");

        Map<String, String> impatient = exportConfig("impatient");
        impatient.put("schema.registry.retry.timeout.ms", "1000");
        clusters.connect().configureConnector("impatient", impatient);
        awaitSweeps("impatient", 1);
        destinationRegistry.setUnavailable(true);
        ConnectorStateInfo.TaskState task = awaitFailedTask("impatient");
        assertTrue(task.trace().contains("destination schema registry did not answer")
                && task.trace().contains("schema.registry.retry.timeout.ms"), task.trace());
        destinationRegistry.setUnavailable(false);
        clusters.connect().deleteConnector("impatient");
    }

    /**
     * Both registries answer errors for a while: the destination loses every second answer after
     * carrying the request out (the write happened, the exporter does not know), then the source
     * answers 503 to everything and afterwards 500 to every third request. The task keeps running and
     * counts the failed sweeps; afterwards the destination holds exactly the source's versions, each
     * with its id, and nothing else.
     */
    @Test
    void registriesAnsweringErrorsForAWhileAreRetriedAndTheDestinationEndsExactlyLikeTheSource() throws Exception {
        List<String> subjects = new ArrayList<>(registerMixedSubjects(source));
        clusters.connect().configureConnector("flaky", exportConfig("flaky"));
        awaitSame(subjects, UnaryOperator.identity(), UnaryOperator.identity());

        destinationRegistry.failRequests(new ConfluentRegistryStandIn.RequestFault(500, 2, true));
        source.register("orders-value", "AVRO", ORDER_V2.replace("\"amount\"", "\"total\""));
        source.register("refunds-value", "AVRO", ORDER_V1.replace("Order", "Refund"));
        source.register("refunds-value", "AVRO", ORDER_V2.replace("Order", "Refund"));
        subjects.add("refunds-value");
        awaitFailedSweepsWhileRunning("flaky", 3);
        assertTrue(destinationRegistry.failedRequests() > 0, "the destination answered no error");
        destinationRegistry.failRequests(null);
        awaitSame(subjects, UnaryOperator.identity(), UnaryOperator.identity());

        source.register("refunds-value", "AVRO", ORDER_V3.replace("Order", "Refund"), new Ref("com.example.Address", "address", 1));
        sourceRegistry.failRequests(ConfluentRegistryStandIn.RequestFault.every(503));
        awaitFailedSweepsWhileRunning("flaky", 3);
        sourceRegistry.failRequests(null);
        source.register("late-value", "JSON", CUSTOMER.replace("customer.json", "late.json"));
        subjects.add("late-value");
        sourceRegistry.failRequests(new ConfluentRegistryStandIn.RequestFault(500, 3, false));
        awaitFailedSweepsWhileRunning("flaky", 3);
        sourceRegistry.failRequests(null);
        awaitSame(subjects, UnaryOperator.identity(), UnaryOperator.identity());
        assertEquals(subjects.stream().sorted().toList(), destination.subjects(null).stream().sorted().toList(),
                "the destination holds the source's subjects and no other");
        clusters.connect().deleteConnector("flaky");
    }

    /** Data contracts as Confluent's API takes them: metadata (properties, tags, sensitive) and a rule set. */
    static Map<String, Object> contract(String owner, boolean withRules) {
        Map<String, Object> contract = new HashMap<>();
        contract.put("metadata", Map.of("properties", Map.of("owner", owner), "tags", Map.of("Order.id", List.of("PII")),
                "sensitive", List.of("id")));
        if (withRules) {
            contract.put("ruleSet", Map.of(
                    "domainRules", List.of(Map.of("name", "idNotEmpty", "kind", "CONDITION", "mode", "WRITE", "type", "CEL",
                            "expr", "message.id != ''", "onFailure", "DLQ")),
                    "migrationRules", List.of(Map.of("name", "renameAmount", "kind", "TRANSFORM", "mode", "UPGRADE",
                            "type", "JSONATA", "expr", "$merge([$sift($, function($v, $k) {$k != 'total'}), {'amount': $.total}])"))));
        }
        return contract;
    }

    @Test
    void versionsThatDifferOnlyInMetadataArriveAsDistinctVersionsWithTheirIdsMetadataAndRuleSets() throws Exception {
        source.register("contracts-value", "AVRO", ORDER_V1);
        source.register("contracts-value", "AVRO", ORDER_V1, contract("team-a", false));
        source.register("contracts-value", "AVRO", ORDER_V1, contract("team-b", true));
        assertEquals(List.of(1, 2, 3), source.versions("contracts-value", false), "the same text with other metadata is a new version");

        Map<String, String> config = exportConfig("contracts");
        config.put("schema.subjects", "contracts-value");
        clusters.connect().configureConnector("contracts", config);
        // The comparison covers metadata and ruleSet as the registries answer them.
        awaitSame(List.of("contracts-value"), UnaryOperator.identity(), UnaryOperator.identity());
        List<Integer> ids = new ArrayList<>();
        for (int version = 1; version <= 3; version++) {
            ids.add(destination.version("contracts-value", version).path("id").asInt());
        }
        assertEquals(3, ids.stream().distinct().count(), "three versions, three ids: " + ids);
        assertEquals("team-b", destination.version("contracts-value", 3).path("metadata").path("properties").path("owner").asText());
        assertEquals("DLQ", destination.version("contracts-value", 3).path("ruleSet").path("domainRules").path(0).path("onFailure")
                .asText());
        assertEquals(source.version("contracts-value", 2).path("metadata"),
                destination.version("contracts-value", 2).path("metadata"));

        // A version that changes only the rule set follows too.
        source.register("contracts-value", "AVRO", ORDER_V1, contract("team-b", false));
        awaitSame(List.of("contracts-value"), UnaryOperator.identity(), UnaryOperator.identity());
        clusters.connect().deleteConnector("contracts");
    }

    /** A subject config with every field Confluent 7.4+ keeps, data contract defaults and overrides among them. */
    static Map<String, Object> configWithContracts() {
        Map<String, Object> config = new HashMap<>();
        config.put("compatibility", "FULL");
        config.put("normalize", true);
        config.put("compatibilityGroup", "application.major.version");
        config.put("defaultMetadata", Map.of("properties", Map.of("owner", "payments-team", "tier", "gold")));
        config.put("overrideMetadata", Map.of("properties", Map.of("region", "eu-west-1")));
        config.put("defaultRuleSet", Map.of("domainRules", List.of(Map.of("name", "amountPositive", "kind", "CONDITION",
                "mode", "WRITE", "type", "CEL", "expr", "message.amount > 0"))));
        config.put("overrideRuleSet", Map.of("migrationRules", List.of(Map.of("name", "upgradeV2", "kind", "TRANSFORM",
                "mode", "UPGRADE", "type", "JSONATA", "expr", "$"))));
        return config;
    }

    /**
     * Versions registered on the source under a config with data contract defaults and overrides, and a version that
     * inherited the previous one's contract, arrive with the contract the source stored for them, exactly, although the
     * destination has other defaults and overrides configured (IMPORT mode stores what it is given, as Confluent does);
     * then the destination's config becomes the source's.
     */
    @Test
    void versionsShapedByConfigDefaultsOverridesAndInheritanceArriveWithTheContractTheSourceStored() throws Exception {
        source.putConfig("shaped-value", configWithContracts());
        source.register("shaped-value", "AVRO", ORDER_V1, contract("team-a", false));
        source.register("shaped-value", "AVRO", ORDER_V2); // no contract of its own: inherits version 1's
        JsonNode first = source.version("shaped-value", 1);
        assertEquals("eu-west-1", first.path("metadata").path("properties").path("region").asText(), "the override applied");
        assertEquals("gold", first.path("metadata").path("properties").path("tier").asText(), "the default applied");
        assertEquals(first.path("metadata"), source.version("shaped-value", 2).path("metadata"), "inherited");
        destination.putConfig("shaped-value", Map.of("overrideMetadata", Map.of("properties", Map.of("region", "us-east-1"))));

        Map<String, String> config = exportConfig("shaped");
        config.put("schema.subjects", "shaped-value");
        clusters.connect().configureConnector("shaped", config);
        awaitSame(List.of("shaped-value"), UnaryOperator.identity(), UnaryOperator.identity());
        for (int version = 1; version <= 2; version++) {
            assertEquals(source.version("shaped-value", version), destination.version("shaped-value", version));
        }
        Waits.waitFor(() -> source.config("shaped-value").equals(destination.config("shaped-value")), DEADLINE,
                () -> "config not copied: " + destination.config("shaped-value"));
        clusters.connect().deleteConnector("shaped");
    }

    /**
     * A compatibility level changed on a subject already in step, and the global one, arrive within one sweep:
     * with REST listing and with the change feed (two connectors at once, one source, two destinations); so do a
     * subject config with data contract defaults and overrides, and the deletion of a subject config.
     */
    @Test
    void aCompatibilityChangedOnASubjectInStepAndTheGlobalOneArriveWithinOneSweepInBothListingModes() throws Exception {
        sourceRegistry.close();
        sourceRegistry = ConfluentRegistryStandIn.start(clusters.source().bootstrapServers(), "_schemas_levels");
        source = new RegistryCalls(sourceRegistry.url());
        source.register("orders-value", "AVRO", ORDER_V1);
        source.register("payments-value", "PROTOBUF", MONEY);
        try (ConfluentRegistryStandIn fedRegistry = ConfluentRegistryStandIn.start()) {
            RegistryCalls fedDestination = new RegistryCalls(fedRegistry.url());
            clusters.connect().configureConnector("levels", exportConfig("levels"));
            Map<String, String> fed = exportConfig("levels-fed", sourceRegistry.url(), fedRegistry.url());
            fed.put("source.schema.registry.topic", "_schemas_levels");
            fed.put("source.kafka.bootstrap.servers", clusters.source().bootstrapServers());
            clusters.connect().configureConnector("levels-fed", fed);
            List<String> subjects = List.of("orders-value", "payments-value");
            awaitSame(subjects, UnaryOperator.identity(), UnaryOperator.identity());
            awaitSame(source, fedDestination, subjects, UnaryOperator.identity(), UnaryOperator.identity());

            source.setCompatibility("orders-value", "FORWARD_TRANSITIVE");
            source.setCompatibility(null, "NONE");
            // A sweep under way may have read the levels just before: the one after it must bring them.
            awaitSweeps("levels", 2);
            awaitSweeps("levels-fed", 2);
            for (RegistryCalls registry : List.of(destination, fedDestination)) {
                assertEquals("FORWARD_TRANSITIVE", registry.compatibility("orders-value"));
                assertEquals("NONE", registry.compatibility(null));
            }

            // A subject's data contract defaults and overrides are config too; a config deleted on the source goes.
            source.putConfig("payments-value", configWithContracts());
            source.deleteConfig("orders-value");
            awaitSweeps("levels", 2);
            awaitSweeps("levels-fed", 2);
            for (RegistryCalls registry : List.of(destination, fedDestination)) {
                assertEquals(source.config("payments-value"), registry.config("payments-value"));
                assertNull(registry.config("orders-value"), "the subject config deleted on the source");
            }
            clusters.connect().deleteConnector("levels");
            clusters.connect().deleteConnector("levels-fed");
        }
    }

    /**
     * Deleting the connector while its sweep waits for the source registry stops the task without a
     * warning: a normal stop is not a failure.
     */
    @Test
    void deletingTheConnectorDuringARequestLogsNoWarning() throws Exception {
        source.register("orders-value", "AVRO", ORDER_V1);
        clusters.connect().configureConnector("quiet", exportConfig("quiet"));
        awaitSame(List.of("orders-value"), UnaryOperator.identity(), UnaryOperator.identity());

        Path log = Path.of("target/it-logs/tests.log");
        assertTrue(Files.exists(log), "no test log at " + log.toAbsolutePath());
        long logStart = Files.size(log);
        sourceRegistry.holdRequests(true);
        try {
            Waits.waitFor(() -> sourceRegistry.heldRequests() > 0, DEADLINE, () -> "no sweep called the source registry");
            clusters.connect().deleteConnector("quiet");
            Waits.waitFor(() -> logSince(log, logStart).contains("Schema export of link quiet stopped"), DEADLINE,
                    () -> "the task did not stop: " + logSince(log, logStart));
        } finally {
            sourceRegistry.holdRequests(false);
        }
        List<String> warnings = logSince(log, logStart).lines()
                .filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                .filter(line -> line.contains("quiet") || line.contains("Interrupted") || line.contains("schema registry"))
                .toList();
        assertEquals(List.of(), warnings, "a normal stop logged warnings");
    }

    /**
     * schema.export.reset and schema.export.paused (what {@code kafka-link schemas reset|pause|resume} set): a reset
     * after the destination was repaired exports the subject that was stopped; while paused the task asks neither
     * registry anything; resumed, it catches up.
     */
    @Test
    void resetExportsAStoppedSubjectAfterARepairAndPauseHoldsTheExportUntilResumed() throws Exception {
        destination.setMode("operator-owned", "IMPORT");
        destination.importSchema("operator-owned", 2, 1, "AVRO", "\"boolean\"");
        source.register("first", "AVRO", "\"string\"");
        source.register("second", "AVRO", "\"int\"");
        Map<String, String> config = exportConfig("controlled");
        clusters.connect().configureConnector("controlled", config);
        ConnectorStateInfo.TaskState task = awaitFailedTask("controlled");
        assertTrue(task.trace().contains("second") && task.trace().contains("id 2"), task.trace());

        destination.deleteVersion("operator-owned", 1, false);
        destination.deleteVersion("operator-owned", 1, true);
        config.put("schema.export.reset", "after-repair");
        clusters.connect().configureConnector("controlled", config);
        awaitSame(List.of("first", "second"), UnaryOperator.identity(), UnaryOperator.identity());

        config.put("schema.export.paused", "true");
        clusters.connect().configureConnector("controlled", config);
        Waits.waitFor(() -> ConnectorMetrics.value("controlled", "export-paused") == 1, DEADLINE, () -> "not paused");
        long sourceRequests = sourceRegistry.requests();
        source.register("third", "AVRO", "\"long\"");
        Waits.holdFor(Duration.ofSeconds(2), () -> destination.versions("third", true).isEmpty(),
                () -> "a paused export wrote third");
        assertEquals(sourceRequests + 1, sourceRegistry.requests(), "only the test's own registration reached the source");

        config.put("schema.export.paused", "false");
        clusters.connect().configureConnector("controlled", config);
        awaitSame(List.of("first", "second", "third"), UnaryOperator.identity(), UnaryOperator.identity());
        assertEquals(0, ConnectorMetrics.value("controlled", "export-paused"));
        clusters.connect().deleteConnector("controlled");
    }

    private static String logSince(Path log, long offset) {
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            file.seek(Math.min(offset, file.length()));
            byte[] bytes = new byte[(int) (file.length() - file.getFilePointer())];
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits until {@code count} more sweeps failed, the task running all along. */
    private static void awaitFailedSweepsWhileRunning(String connector, int count) throws Exception {
        long before = ConnectorMetrics.value(connector, "sweep-errors-total");
        Waits.waitFor(() -> ConnectorMetrics.value(connector, "sweep-errors-total") >= before + count, DEADLINE,
                () -> "fewer than " + count + " sweeps failed while the registry answered errors: "
                        + clusters.connect().connectorStatus(connector).tasks().get(0).trace());
        assertEquals("RUNNING", clusters.connect().connectorStatus(connector).tasks().get(0).state(), "retrying, not failed");
    }

    @Test
    void wrongCredentialsAreAValidateErrorAndAFailedTaskAndNeverShowTheSecret() throws Exception {
        String secret = "right-s3cret-" + System.nanoTime();
        String rotated = "rotated-s3cret-" + System.nanoTime();
        String wrong = "wr0ng-s3cret-" + System.nanoTime();
        destinationRegistry.requireBasicAuth("link", secret);
        source.register("orders-value", "AVRO", ORDER_V1);

        Map<String, String> config = exportConfig("guarded");
        config.put("destination.basic.auth.user.info", "link:" + wrong);
        List<String> urlErrors = errors(config).get("destination.schema.registry.url");
        assertTrue(String.valueOf(urlErrors).contains("refused the credentials"), String.valueOf(urlErrors));
        assertFalse(String.valueOf(urlErrors).contains(wrong), "the password is in the validate answer");

        config.put("destination.basic.auth.user.info", "link:" + secret);
        clusters.connect().configureConnector("guarded", config);
        awaitSame(source, authorized(secret), List.of("orders-value"), UnaryOperator.identity(), UnaryOperator.identity());

        // The registry's password changes under a running task: a permanent failure that says what to fix.
        destinationRegistry.requireBasicAuth("link", rotated);
        source.register("orders-value", "AVRO", ORDER_V2);
        ConnectorStateInfo.TaskState task = awaitFailedTask("guarded");
        assertTrue(task.trace().contains("refused the credentials") && task.trace().contains("destination.basic.auth.user.info"),
                task.trace());
        assertFalse(task.trace().contains(secret), "the password is in the task's trace");

        config.put("destination.basic.auth.user.info", "link:" + rotated);
        clusters.connect().configureConnector("guarded", config);
        clusters.connect().restartConnectorAndTasks("guarded", true, true, false);
        awaitSame(source, authorized(rotated), List.of("orders-value"), UnaryOperator.identity(), UnaryOperator.identity());
        clusters.connect().deleteConnector("guarded");

        Path log = Path.of("target/it-logs/tests.log");
        if (Files.exists(log)) {
            String logged = Files.readString(log);
            for (String password : List.of(secret, rotated, wrong)) {
                assertFalse(logged.contains(password), "a password appears in " + log);
            }
        }
    }

    private RegistryCalls authorized(String password) {
        return new RegistryCalls(destinationRegistry.url(),
                "Basic " + Base64.getEncoder().encodeToString(("link:" + password).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void badInputIsAValidateErrorOnItsKey() {
        Map<String, String> config = exportConfig("bad");
        config.put("source.schema.registry.url", "registry:8081");
        config.put("schema.context.type", "ELSEWHERE");
        config.put("schema.subject.rename.format", "aws.subject");
        Map<String, List<String>> errors = errors(config);
        assertTrue(String.valueOf(errors.get("source.schema.registry.url")).contains("not an http:// or https:// URL"), errors.toString());
        assertTrue(String.valueOf(errors.get("schema.context.type")).contains("ELSEWHERE"), errors.toString());
        assertTrue(String.valueOf(errors.get("schema.subject.rename.format")).contains("${subject}"), errors.toString());

        Map<String, String> custom = exportConfig("bad");
        custom.put("schema.context.type", "CUSTOM");
        assertTrue(String.valueOf(errors(custom).get("schema.context.name")).contains("Name the destination context"),
                errors(custom).toString());
    }

    private Map<String, String> exportConfig(String link) {
        return exportConfig(link, sourceRegistry.url(), destinationRegistry.url());
    }

    static Map<String, String> exportConfig(String link, String sourceUrl, String destinationUrl) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.kafkalink.schemas.SchemaExportConnector");
        config.put("tasks.max", "1");
        config.put("link.name", link);
        config.put("source.schema.registry.url", sourceUrl);
        config.put("destination.schema.registry.url", destinationUrl);
        config.put("schema.export.sync.ms", "500");
        return config;
    }

    private void awaitSame(List<String> subjects, UnaryOperator<String> target, UnaryOperator<String> referenceSubject)
            throws InterruptedException {
        awaitSame(source, destination, subjects, target, referenceSubject);
    }

    static void awaitSame(RegistryCalls source, RegistryCalls destination, List<String> subjects, UnaryOperator<String> target,
                          UnaryOperator<String> referenceSubject) throws InterruptedException {
        Waits.waitFor(() -> RegistryComparison.differences(source, destination, subjects, target, referenceSubject).isEmpty(),
                DEADLINE, () -> "the destination differs: "
                        + RegistryComparison.differences(source, destination, subjects, target, referenceSubject));
    }

    /** Waits until the task has finished {@code count} more sweeps. */
    private static void awaitSweeps(String connector, int count) throws Exception {
        long last = ConnectorMetrics.value(connector, "last-sync-time-ms");
        for (int i = 0; i < count; i++) {
            last = ConnectorMetrics.awaitSweepAfter(connector, last, DEADLINE);
        }
    }

    private static ConnectorStateInfo.TaskState awaitFailedTask(String connector) throws InterruptedException {
        return awaitFailedTask(clusters, connector);
    }

    static ConnectorStateInfo.TaskState awaitFailedTask(LinkClusters clusters, String connector) throws InterruptedException {
        Waits.waitFor(() -> {
            List<ConnectorStateInfo.TaskState> tasks = clusters.connect().connectorStatus(connector).tasks();
            return !tasks.isEmpty() && "FAILED".equals(tasks.get(0).state());
        }, DEADLINE, () -> "the task did not fail: " + clusters.connect().connectorStatus(connector));
        return clusters.connect().connectorStatus(connector).tasks().get(0);
    }

    static Map<String, List<String>> errors(Map<String, String> config) {
        return ValidateErrors.of(clusters.connect(), "SchemaExportConnector", config);
    }
}
