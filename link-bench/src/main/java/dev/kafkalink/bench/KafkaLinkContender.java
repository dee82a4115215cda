package dev.kafkalink.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * Kafka Link exactly as a shipped example configures it, with only its topics pointed at the
 * workload's and a prefix that keeps each run's mirrors apart: {@link #tuned} is
 * config-examples/source-link-tuned.json (its task count, auto-creation), {@link #minimal} is
 * config-examples/source-link-minimal.json with one task, what a new user pastes.
 */
final class KafkaLinkContender implements Contender {

    static final String EXAMPLE = "source-link-tuned.json";
    static final String MINIMAL_EXAMPLE = "source-link-minimal.json";

    private final BenchClusters clusters;
    private final String run;
    private final String example;
    private final Map<String, String> extra;

    private KafkaLinkContender(BenchClusters clusters, String run, String example, Map<String, String> extra) {
        this.clusters = clusters;
        this.run = run;
        this.example = example;
        this.extra = extra;
    }

    static KafkaLinkContender tuned(BenchClusters clusters, String run, Map<String, String> extra) {
        return new KafkaLinkContender(clusters, run, EXAMPLE, extra);
    }

    static KafkaLinkContender minimal(BenchClusters clusters, String run) {
        return new KafkaLinkContender(clusters, run, MINIMAL_EXAMPLE, Map.of("tasks.max", "1"));
    }

    @Override
    public String name() {
        return example.equals(EXAMPLE) ? "kafka-link" : "kafka-link-minimal";
    }

    @Override
    public String settings() {
        ShippedExample shipped = ShippedExample.load(example);
        return example + " as shipped (tasks.max=" + extra.getOrDefault("tasks.max", shipped.get("tasks.max")) + ")";
    }

    @Override
    public void start(TopicSelection selection) {
        Map<String, String> changes = new HashMap<>(Map.of("link.name", run, "cluster.link.prefix", run + "."));
        if (example.equals(EXAMPLE)) {
            changes.put("auto.create.mirror.topics.filters", "{\"topicFilters\":[{\"name\":\"" + selection.prefix()
                    + "\",\"patternType\":\"PREFIXED\",\"filterType\":\"INCLUDE\"}]}");
        } else {
            changes.put("mirror.topics", String.join(",", selection.topicNames()));
        }
        Map<String, String> config = ShippedExample.with(ShippedExample.load(example).placed(
                clusters.sourceCluster().bootstrapServers(), clusters.destinationCluster().bootstrapServers(), null, null), changes);
        config.putAll(extra);
        clusters.connect().configureConnector(connector(), config);
    }

    private String connector() {
        return "link-" + run;
    }

    @Override
    public boolean ownsThread(String threadName) {
        return Contenders.names(threadName, "link-" + run);
    }

    @Override
    public String run() {
        return run;
    }

    @Override
    public void stop() throws Exception {
        clusters.removeConnector(connector());
        clusters.deleteCopies(run, "_kafka-link-" + run + "-state");
    }
}
