package dev.kafkalink.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * MirrorMaker 2's MirrorSourceConnector on the same worker. {@link #defaults} is its documented
 * minimal configuration (with replication factor 1 for the one-broker clusters); {@link #tuned}
 * gives it what Kafka Link's producer and consumer do by default: the same task count as Kafka Link's
 * tuned example, its producer's settings and the same large fetches.
 */
final class MirrorMakerContender implements Contender {

    private final BenchClusters clusters;
    private final String run;
    private final boolean tuned;

    private MirrorMakerContender(BenchClusters clusters, String run, boolean tuned) {
        this.clusters = clusters;
        this.run = run;
        this.tuned = tuned;
    }

    static MirrorMakerContender defaults(BenchClusters clusters, String run) {
        return new MirrorMakerContender(clusters, run, false);
    }

    static MirrorMakerContender tuned(BenchClusters clusters, String run) {
        return new MirrorMakerContender(clusters, run, true);
    }

    @Override
    public String name() {
        return tuned ? "mm2-tuned" : "mm2-defaults";
    }

    @Override
    public String settings() {
        return tuned ? "tasks.max as Kafka Link's tuned example; producer.override.* " + PlainLoopContender.PRODUCER
                + "; source.consumer.* " + PlainLoopContender.CONSUMER
                : "documented minimal config (tasks.max=1, worker producer defaults)";
    }

    @Override
    public void start(TopicSelection selection) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "org.apache.kafka.connect.mirror.MirrorSourceConnector");
        config.put("source.cluster.alias", run);
        config.put("target.cluster.alias", "bench-destination");
        config.put("source.cluster.bootstrap.servers", clusters.sourceCluster().bootstrapServers());
        config.put("target.cluster.bootstrap.servers", clusters.destinationCluster().bootstrapServers());
        config.put("topics", selection.regex());
        config.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("replication.factor", "1");
        config.put("offset-syncs.topic.replication.factor", "1");
        config.put("sync.topic.acls.enabled", "false");
        if (tuned) {
            ShippedExample link = ShippedExample.load(KafkaLinkContender.EXAMPLE);
            config.put("tasks.max", link.get("tasks.max"));
            PlainLoopContender.PRODUCER.forEach((key, value) -> config.put("producer.override." + key, value));
            PlainLoopContender.CONSUMER.forEach((key, value) -> config.put("source.consumer." + key, value.toString()));
        }
        clusters.connect().configureConnector(connector(), config);
    }

    private String connector() {
        return name() + "-" + run;
    }

    @Override
    public boolean ownsThread(String threadName) {
        return Contenders.names(threadName, connector());
    }

    @Override
    public String run() {
        return run;
    }

    @Override
    public void stop() throws Exception {
        clusters.removeConnector(connector());
        clusters.deleteCopies(run);
    }
}
