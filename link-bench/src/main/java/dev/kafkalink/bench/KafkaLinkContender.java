package dev.kafkalink.bench;

import java.util.Map;

/**
 * Kafka Link exactly as config-examples/source-link-tuned.json configures it (tasks, producer
 * overrides, consumer defaults of the connector), with only its topic filter pointed at the
 * workload's topics and a prefix that keeps each run's mirrors apart.
 */
final class KafkaLinkContender implements Contender {

    static final String EXAMPLE = "source-link-tuned.json";

    private final BenchClusters clusters;
    private final String run;
    private final Map<String, String> extra;

    KafkaLinkContender(BenchClusters clusters, String run, Map<String, String> extra) {
        this.clusters = clusters;
        this.run = run;
        this.extra = extra;
    }

    @Override
    public String name() {
        return "kafka-link";
    }

    @Override
    public String settings() {
        ShippedExample example = ShippedExample.load(EXAMPLE);
        return EXAMPLE + " as shipped (tasks.max=" + example.get("tasks.max") + ", its producer.override.* settings)";
    }

    @Override
    public void start(TopicSelection selection) {
        Map<String, String> config = ShippedExample.with(ShippedExample.load(EXAMPLE).placed(
                clusters.sourceCluster().bootstrapServers(), clusters.destinationCluster().bootstrapServers(), null, null), Map.of(
                "link.name", run,
                "cluster.link.prefix", run + ".",
                "auto.create.mirror.topics.filters", "{\"topicFilters\":[{\"name\":\"" + selection.prefix()
                        + "\",\"patternType\":\"PREFIXED\",\"filterType\":\"INCLUDE\"}]}"));
        config.putAll(extra);
        clusters.connect().configureConnector(connector(), config);
    }

    /** The link's name; its mirrors are named {@code linkName + "." + source topic}. */
    String linkName() {
        return run;
    }

    private String connector() {
        return "link-" + run;
    }

    @Override
    public String destinationTopic(String sourceTopic) {
        return run + "." + sourceTopic;
    }

    @Override
    public void stop() throws Exception {
        clusters.removeConnector(connector());
        BenchClusters.deleteTopics(clusters.destinationAdmin(),
                topic -> topic.startsWith(run + ".") || topic.equals("_kafka-link-" + run + "-state"));
    }
}
