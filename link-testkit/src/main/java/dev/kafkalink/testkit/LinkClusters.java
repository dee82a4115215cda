package dev.kafkalink.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that starts, once per test class, a source KRaft cluster and a distributed
 * Connect cluster whose own KRaft cluster is the destination (the usual deployment: consume remote,
 * produce local). The workers load Kafka Link from the packaged plugin folder, as users' workers do.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final LinkClusters clusters = LinkClusters.builder().workers(2).build();
 * </pre>
 *
 * <p>Outside JUnit (the benchmark), call {@link #start(String)} and {@link #close()}.
 */
public final class LinkClusters implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    /** Set by the build to the unpacked plugin archive (a plugin.path entry). */
    public static final String PLUGIN_PATH_PROPERTY = "kafkalink.plugin.path";

    private final int workers;
    private final int brokers;
    private final boolean faultProxies;
    private final Properties brokerProps;
    private final Map<String, String> workerProps;
    private EmbeddedKafkaCluster source;
    private EmbeddedConnectCluster connect;
    private Map<String, String> workerProperties;

    private KafkaFaultProxy sourceProxy;
    private KafkaFaultProxy destinationProxy;

    private LinkClusters(int workers, int brokers, boolean faultProxies, Properties brokerProps, Map<String, String> workerProps) {
        this.workers = workers;
        this.brokers = brokers;
        this.faultProxies = faultProxies;
        this.brokerProps = brokerProps;
        this.workerProps = Map.copyOf(workerProps);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link LinkClusters}. */
    public static final class Builder {
        private int workers = 1;
        private int brokers = 1;
        private boolean faultProxies;
        private final Properties brokerProps = new Properties();
        private final Map<String, String> workerProps = new HashMap<>();

        public Builder workers(int count) {
            this.workers = count;
            return this;
        }

        /**
         * Three brokers in each cluster, as in production: replication factor 3 for every topic (the
         * brokers' default, Kafka's and Connect's internal topics) and {@code min.insync.replicas=2}, so
         * that one broker can be restarted or killed at a time ({@link #sourceBrokers()},
         * {@link #destinationBrokers()}) without refusing a write.
         */
        public Builder threeBrokers() {
            this.brokers = 3;
            return this;
        }

        /**
         * Each cluster's broker advertises a {@link KafkaFaultProxy} in front of it, so that a test can make
         * chosen clients' requests fail for a while ({@link #sourceProxy()}, {@link #destinationProxy()}).
         */
        public Builder faultProxies() {
            this.faultProxies = true;
            return this;
        }

        /** A broker setting for both clusters. */
        public Builder brokerProperty(String key, String value) {
            brokerProps.put(key, value);
            return this;
        }

        /** A Connect worker setting, for example a config provider. */
        public Builder workerProperty(String key, String value) {
            workerProps.put(key, value);
            return this;
        }

        /** Workers resolve {@code ${file:path:key}} in connector configs, as production workers with a config provider do. */
        public Builder fileConfigProvider() {
            return workerProperty("config.providers", "file")
                    .workerProperty("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        }

        public LinkClusters build() {
            return new LinkClusters(workers, brokers, faultProxies, brokerProps, workerProps);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start("link-" + context.getRequiredTestClass().getSimpleName());
    }

    /** Starts the source cluster and the Connect cluster (with the destination); {@code name} names the Connect cluster. */
    public void start(String name) {
        if (faultProxies && this.brokers > 1) {
            throw new IllegalStateException("a fault proxy stands in front of one broker only");
        }
        Properties brokers = new Properties();
        String replicas = String.valueOf(this.brokers);
        String minIsr = this.brokers > 1 ? "2" : "1";
        brokers.put("transaction.state.log.replication.factor", replicas);
        brokers.put("transaction.state.log.min.isr", minIsr);
        brokers.put("offsets.topic.replication.factor", replicas);
        brokers.put("default.replication.factor", replicas);
        brokers.put("min.insync.replicas", minIsr);
        brokers.put("log.cleaner.backoff.ms", "200");
        brokers.putAll(brokerProps);
        Properties sourceBrokers = new Properties();
        sourceBrokers.putAll(brokers);
        Properties destinationBrokers = new Properties();
        destinationBrokers.putAll(brokers);
        if (faultProxies) {
            sourceProxy = KafkaFaultProxy.start();
            destinationProxy = KafkaFaultProxy.start();
            sourceBrokers.put("advertised.listeners", "EXTERNAL://localhost:" + sourceProxy.port());
            destinationBrokers.put("advertised.listeners", "EXTERNAL://localhost:" + destinationProxy.port());
        }
        source = new EmbeddedKafkaCluster(this.brokers, sourceBrokers);
        if (faultProxies) {
            sourceProxy.forwardTo(source::bootstrapServers);
        }
        source.start();
        Map<String, String> worker = connectWorker(name);
        // A worker that leaves keeps its tasks unassigned for this long (default 5 minutes) in case it
        // comes back; tests that remove a worker should not wait that long to see the tasks move.
        worker.put("scheduled.rebalance.max.delay.ms", "10000");
        // The strictest client override policy: the link must need no producer.override.* (it writes with its own producer).
        worker.put("connector.client.config.override.policy", "None");
        for (String topic : List.of("config", "offset", "status")) {
            worker.put(topic + ".storage.replication.factor", replicas);
        }
        worker.putAll(workerProps);
        workerProperties = Map.copyOf(worker);
        connect = new EmbeddedConnectCluster.Builder()
                .name(name)
                .numWorkers(workers)
                .numBrokers(this.brokers)
                .brokerProps(destinationBrokers)
                .workerProps(worker)
                .build();
        if (faultProxies) {
            destinationProxy.forwardTo(() -> connect.kafka().bootstrapServers());
        }
        connect.start();
    }

    /**
     * The settings of a worker of Connect cluster {@code name} (its group and internal topics, named here
     * so that workers in child processes, {@link ConnectWorkerProcess}, can join it) that loads the plugin
     * from the unpacked archive; the caller adds where its Kafka cluster is.
     */
    public static Map<String, String> connectWorker(String name) {
        Map<String, String> worker = new HashMap<>();
        worker.put("group.id", "connect-" + name);
        worker.put("config.storage.topic", "connect-configs-" + name);
        worker.put("offset.storage.topic", "connect-offsets-" + name);
        worker.put("status.storage.topic", "connect-status-" + name);
        worker.put("config.storage.replication.factor", "1");
        worker.put("offset.storage.replication.factor", "1");
        worker.put("status.storage.replication.factor", "1");
        worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("plugin.path", pluginPath());
        worker.put("plugin.discovery", "service_load");
        worker.put("offset.flush.interval.ms", "2000");
        return worker;
    }

    private static String pluginPath() {
        String path = System.getProperty(PLUGIN_PATH_PROPERTY);
        if (path == null || !Files.isDirectory(Path.of(path))) {
            throw new IllegalStateException("The Kafka Link plugin folder " + path + " (system property "
                    + PLUGIN_PATH_PROPERTY + ") does not exist: build the archive first with 'mvn package', "
                    + "or run the tests with 'mvn verify'");
        }
        return path;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        if (connect != null) {
            connect.stop();
        }
        if (source != null) {
            source.stop();
        }
        for (KafkaFaultProxy proxy : new KafkaFaultProxy[] {sourceProxy, destinationProxy}) {
            if (proxy != null) {
                proxy.close();
            }
        }
    }

    /** The proxy in front of the source broker; only with {@link Builder#faultProxies()}. */
    public KafkaFaultProxy sourceProxy() {
        return java.util.Objects.requireNonNull(sourceProxy, "built without faultProxies()");
    }

    /** The proxy in front of the destination broker; only with {@link Builder#faultProxies()}. */
    public KafkaFaultProxy destinationProxy() {
        return java.util.Objects.requireNonNull(destinationProxy, "built without faultProxies()");
    }

    /** Restarts, kills and leader moves on the source's brokers. */
    public KafkaBrokers sourceBrokers() {
        return new KafkaBrokers(source, "source");
    }

    /** Restarts, kills and leader moves on the destination's brokers (the Connect cluster's own Kafka). */
    public KafkaBrokers destinationBrokers() {
        return new KafkaBrokers(destination(), "destination");
    }

    public EmbeddedKafkaCluster source() {
        return source;
    }

    public EmbeddedKafkaCluster destination() {
        return connect.kafka();
    }

    public EmbeddedConnectCluster connect() {
        return connect;
    }

    /**
     * The settings of the embedded workers, with the destination as their Kafka cluster: a
     * {@link ConnectWorkerProcess} started with them joins the same Connect cluster.
     */
    public Map<String, String> workerProperties() {
        Map<String, String> properties = new HashMap<>(workerProperties);
        properties.put("bootstrap.servers", destination().bootstrapServers());
        return properties;
    }

    /** The keys every source link needs, for these clusters: add topics and options to it. */
    public Map<String, String> sourceLinkConfig(String linkName) {
        return sourceLinkConfig(linkName, source.bootstrapServers(), destination().bootstrapServers());
    }

    /** The keys every source link needs, for any two clusters. */
    public static Map<String, String> sourceLinkConfig(String linkName, String sourceServers, String destinationServers) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.kafkalink.source.SourceLinkConnector");
        config.put("tasks.max", "1");
        config.put("link.name", linkName);
        config.put("source.bootstrap.servers", sourceServers);
        config.put("destination.bootstrap.servers", destinationServers);
        return config;
    }

    /** The keys every offset sync needs, for these clusters: add group filters and options to it. */
    public Map<String, String> offsetSyncConfig(String linkName) {
        return linkConfig("dev.kafkalink.offsets.OffsetSyncConnector", linkName);
    }

    /** The keys every ACL sync needs, for these clusters: add filters and options to it. */
    public Map<String, String> aclSyncConfig(String linkName) {
        return linkConfig("dev.kafkalink.acls.AclSyncConnector", linkName);
    }

    private Map<String, String> linkConfig(String connectorClass, String linkName) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", connectorClass);
        config.put("tasks.max", "1");
        config.put("link.name", linkName);
        config.put("source.bootstrap.servers", source.bootstrapServers());
        config.put("destination.bootstrap.servers", destination().bootstrapServers());
        return config;
    }
}
