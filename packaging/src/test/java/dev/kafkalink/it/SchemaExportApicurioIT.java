package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import dev.kafkalink.testkit.ApicurioRegistry;
import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.Waits;

import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SchemaExportConnector between two real registries: Apicurio Registry 3.3.3 serving the Confluent
 * API. Apicurio ignores explicit ids and versions, so ids only agree as long as both registries
 * assign the same ones (the connector writes in source id order, so on an empty destination they
 * do); once they differ, the connector must stop and say so.
 */
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
}
