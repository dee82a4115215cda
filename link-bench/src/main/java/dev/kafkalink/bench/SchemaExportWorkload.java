package dev.kafkalink.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.kafkalink.testkit.ConfluentRegistryStandIn;
import dev.kafkalink.testkit.ConnectorMetrics;
import dev.kafkalink.testkit.Waits;

/**
 * Workload G: the schema export of config-examples/schema-export.json with 10,000 schemas, once
 * listing the source through REST and once reading its storage topic as a change feed. Both
 * registries are the test kit's in-process stand-in for Confluent's REST API (no registry with
 * Confluent's explicit ids is on Maven Central), so its own cost is part of the figures.
 */
final class SchemaExportWorkload implements Workload {

    private static final Duration DEADLINE = Duration.ofMinutes(15);

    private record Run(String how, double initialSeconds, long firstSweepMs, List<Long> idleSweepsMs, long requestsPerIdleSweep) {
    }

    private final Scale scale;
    private final BenchClusters clusters;

    SchemaExportWorkload(Scale scale, BenchClusters clusters) {
        this.scale = scale;
        this.clusters = clusters;
    }

    @Override
    public String id() {
        return "G";
    }

    @Override
    public Section run() throws Exception {
        List<Run> runs = List.of(export("REST listing", false), export("change feed", true));
        Section section = new Section("G", String.format("Schema export: %,d schemas", scale.schemas()));
        section.text("%,d Avro schemas, one per subject, in the source registry; schema-export.json as shipped (5 s between "
                + "sweeps). Both registries are the in-process stand-in of Confluent's REST API from the test kit, in this JVM.",
                scale.schemas());
        List<List<String>> rows = new ArrayList<>();
        for (Run run : runs) {
            rows.add(List.of(run.how(), Stats.decimal(run.initialSeconds()), String.valueOf(run.firstSweepMs()),
                    run.idleSweepsMs().toString(), Stats.number(run.requestsPerIdleSweep())));
        }
        section.table(List.of("source read by", "initial export (s)", "first sweep (ms)", "idle sweeps (ms)",
                "source requests per idle sweep"), rows);
        return section;
    }

    private Run export(String how, boolean feed) throws Exception {
        String topic = "_schemas-" + (feed ? "feed" : "rest");
        try (ConfluentRegistryStandIn source = feed ? ConfluentRegistryStandIn.start(clusters.sourceCluster().bootstrapServers(), topic)
                : ConfluentRegistryStandIn.start();
             ConfluentRegistryStandIn destination = ConfluentRegistryStandIn.start()) {
            RegistryLoad.avroSubjects(source.url(), scale.schemas());
            String connector = "schemas-" + (feed ? "feed" : "rest");
            Map<String, String> changes = new HashMap<>(Map.of("link.name", connector));
            if (feed) {
                changes.put("source.schema.registry.topic", topic);
                changes.put("source.kafka.bootstrap.servers", clusters.sourceCluster().bootstrapServers());
            }
            Map<String, String> config = ShippedExample.with(ShippedExample.load("schema-export.json").placed(
                    clusters.sourceCluster().bootstrapServers(), clusters.destinationCluster().bootstrapServers(), source.url(),
                    destination.url()), changes);
            long started = System.nanoTime();
            clusters.connect().configureConnector(connector, config);
            try {
                Waits.waitFor(() -> ConnectorMetrics.value(connector, "subjects-in-sync") >= scale.schemas(), DEADLINE,
                        () -> "the initial export did not finish");
                double initial = (System.nanoTime() - started) / 1e9;
                long firstSweep = ConnectorMetrics.value(connector, "sync-duration-ms");
                long requests = source.requests();
                List<Long> idle = SweepWatch.sweepsAfter(connector, ConnectorMetrics.value(connector, "last-sync-time-ms"), scale.sweeps(),
                        DEADLINE);
                long perIdleSweep = (source.requests() - requests) / scale.sweeps();
                int exported = RegistryLoad.subjects(destination.url());
                if (exported != scale.schemas()) {
                    throw new IllegalStateException(exported + " of " + scale.schemas() + " subjects reached the destination");
                }
                Progress.say("G: %s: initial export %.1f s, idle sweeps %s ms", how, initial, idle);
                return new Run(how, initial, firstSweep, idle, perIdleSweep);
            } finally {
                clusters.removeConnector(connector);
            }
        }
    }
}
