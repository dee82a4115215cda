package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import dev.kafkalink.testkit.ApicurioRegistry;
import dev.kafkalink.testkit.ConfluentRegistryStandIn;
import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SchemaExportConnector between two real registries: Apicurio Registry 3.3.3 serving the Confluent
 * API. Apicurio ignores explicit ids and versions, so ids only agree as long as both registries
 * assign the same ones (the connector writes in source id order, so on an empty destination they
 * do); once they differ, the connector must stop and say so. It keeps no data contracts (metadata, rule
 * sets) either: what is exported from a registry that has them must stop with that reason.
 *
 * <p>The first test needs an empty destination, so the tests run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchemaExportApicurioIT {

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().build();

    private static ApicurioRegistry sourceRegistry;
    private static ApicurioRegistry destinationRegistry;

    @BeforeAll
    static void startRegistries() throws Exception {
        sourceRegistry = ApicurioRegistry.start("source");
        destinationRegistry = ApicurioRegistry.start("destination");
    }

    @AfterAll
    static void stopRegistries() {
        for (ApicurioRegistry registry : new ApicurioRegistry[] {sourceRegistry, destinationRegistry}) {
            if (registry != null) {
                registry.close();
            }
        }
    }

    @Test
    @Order(1)
    void avroProtobufAndJsonWithReferencesArriveAndAnIdTheDestinationDidNotKeepStopsTheSubject() throws Exception {
        RegistryCalls source = new RegistryCalls(sourceRegistry.url());
        RegistryCalls destination = new RegistryCalls(destinationRegistry.url());
        List<String> subjects = new ArrayList<>(SchemaExportIT.registerMixedSubjects(source));
        source.setCompatibility(null, "FULL");
        source.setCompatibility("orders-value", "FORWARD");

        Map<String, String> config = SchemaExportIT.exportConfig("apicurio", sourceRegistry.url(), destinationRegistry.url());
        config.put("schema.subjects", "address,orders-*,money,payments-*,customer*,late-*");
        clusters.connect().configureConnector("apicurio", config);

        SchemaExportIT.awaitSame(source, destination, subjects, UnaryOperator.identity(), UnaryOperator.identity());
        Waits.waitFor(() -> "FULL".equals(destination.compatibility(null))
                        && "FORWARD".equals(destination.compatibility("orders-value")), Duration.ofSeconds(60),
                () -> "compatibility not copied: " + destination.compatibility(null) + ", " + destination.compatibility("orders-value"));

        // A subject outside the selection takes the next id on the source only: the destination, which
        // ignores the explicit id, gives the next exported schema another one than the source did.
        source.register("not-exported", "AVRO", "{\"type\":\"record\",\"name\":\"Skipped\",\"fields\":[]}");
        int sourceId = source.register("late-value", "AVRO", "{\"type\":\"record\",\"name\":\"Late\",\"fields\":[]}");

        ConnectorStateInfo.TaskState task = SchemaExportIT.awaitFailedTask(clusters, "apicurio");
        assertTrue(task.trace().contains("late-value") && task.trace().contains("version 1")
                && task.trace().contains("source id " + sourceId) && task.trace().contains("the destination kept it as late-value id"),
                task.trace());
        clusters.connect().deleteConnector("apicurio");
    }

    /**
     * Apicurio's Confluent API answers a registration with metadata and a rule set with an id, and keeps neither;
     * the same text with other metadata gets the same id. The source here is the Confluent stand-in (Apicurio
     * cannot hold data contracts), with ids above those the destination has used.
     */
    @Test
    @Order(2)
    void aDestinationThatDropsMetadataAndRuleSetsStopsTheSubjectNamingTheRegistryAndWhatWasLost() throws Exception {
        try (ConfluentRegistryStandIn contracts = ConfluentRegistryStandIn.start()) {
            RegistryCalls source = new RegistryCalls(contracts.url());
            source.setMode("contract-value", "IMPORT");
            String order = SchemaExportIT.ORDER_V1;
            source.importSchema("contract-value", 1001, 1, "AVRO", order, SchemaExportIT.contract("team-a", true));
            source.importSchema("contract-value", 1002, 2, "AVRO", order, SchemaExportIT.contract("team-b", false));

            Map<String, String> config = SchemaExportIT.exportConfig("apicurio-contracts", contracts.url(), destinationRegistry.url());
            config.put("schema.subjects", "contract-value");
            clusters.connect().configureConnector("apicurio-contracts", config);

            ConnectorStateInfo.TaskState task = SchemaExportIT.awaitFailedTask(clusters, "apicurio-contracts");
            assertTrue(task.trace().contains("contract-value") && task.trace().contains("source id 1001")
                    && task.trace().contains("did not keep its data contract")
                    && task.trace().contains("metadata.properties") && task.trace().contains("ruleSet.domainRules")
                    && task.trace().contains(destinationRegistry.url()), task.trace());
            clusters.connect().deleteConnector("apicurio-contracts");
        }
    }
}
