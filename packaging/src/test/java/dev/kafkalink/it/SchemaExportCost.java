package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.management.ObjectName;

import dev.kafkalink.testkit.ConfluentRegistryStandIn;
import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.Waits;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How long the initial export of many schemas and an idle sweep take, not part of CI:
 * {@code mvn -pl packaging failsafe:integration-test -Dit.test=SchemaExportCost -Dit.quiet=false -Dsweep.schemas=10000}.
 * Both registries are the in-process test stand-in, so its own cost is part of the figures; once
 * with REST listing and once with the change feed ({@code _schemas}).
 */
class SchemaExportCost {

    private static final int SCHEMAS = Integer.getInteger("sweep.schemas", 10_000);
    private static final Duration DEADLINE = Duration.ofMinutes(10);

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().build();

    @Test
    void exportsManySchemasThenSweepsIdle() throws Exception {
        List<String> report = new ArrayList<>();
        report.add(measure("REST listing", false));
        report.add(measure("change feed", true));
        // The measurement's report, for a person (run with -Dit.quiet=false).
        System.out.printf("%n%d schemas, one per subject:%n  %s%n%n", SCHEMAS, String.join("\n  ", report));
    }

    private String measure(String how, boolean feed) throws Exception {
        String topic = "_schemas-" + (feed ? "feed" : "rest");
        try (ConfluentRegistryStandIn source = feed ? ConfluentRegistryStandIn.start(clusters.source().bootstrapServers(), topic)
                : ConfluentRegistryStandIn.start();
             ConfluentRegistryStandIn destination = ConfluentRegistryStandIn.start()) {
            register(new RegistryCalls(source.url()));
            String link = feed ? "costfeed" : "costrest";
            Map<String, String> config = SchemaExportIT.exportConfig(link, source.url(), destination.url());
            config.put("schema.export.sync.ms", "2000");
            if (feed) {
                config.put("source.schema.registry.topic", topic);
                config.put("source.kafka.bootstrap.servers", clusters.source().bootstrapServers());
            }
            long started = System.nanoTime();
            clusters.connect().configureConnector(link, config);
            ObjectName metrics = ConnectorMetrics.await(link);
            Waits.waitFor(() -> ConnectorMetrics.value(link, "subjects-in-sync") >= SCHEMAS, DEADLINE,
                    () -> "the initial export did not finish");
            long initialMs = (System.nanoTime() - started) / 1_000_000;
            long firstSweepMs = ConnectorMetrics.value(metrics, "sync-duration-ms");
            List<Long> idle = new ArrayList<>();
            long lastSync = ConnectorMetrics.value(metrics, "last-sync-time-ms");
            long sourceRequests = source.requests();
            while (idle.size() < 3) {
                lastSync = ConnectorMetrics.awaitSweepAfter(link, lastSync, DEADLINE);
                idle.add(ConnectorMetrics.value(link, "sync-duration-ms"));
            }
            long requestsPerIdleSweep = (source.requests() - sourceRequests) / 3;
            assertEquals(SCHEMAS, new RegistryCalls(destination.url()).subjects("").size());
            clusters.connect().deleteConnector(link);
            return String.format("%s: initial export %,d ms (first sweep %,d ms); idle sweeps %s ms, %,d source requests each",
                    how, initialMs, firstSweepMs, idle, requestsPerIdleSweep);
        }
    }

    private static void register(RegistryCalls registry) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> ids = new ArrayList<>();
            for (int i = 0; i < SCHEMAS; i++) {
                String name = "Event" + i;
                ids.add(pool.submit(() -> registry.register("events." + name + "-value", "AVRO",
                        "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}")));
            }
            for (Future<Integer> id : ids) {
                id.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
