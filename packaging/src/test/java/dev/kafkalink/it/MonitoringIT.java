package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import dev.kafkalink.testkit.ConfluentRegistryStandIn;
import dev.kafkalink.testkit.ConnectWorkerProcess;
import dev.kafkalink.testkit.LinkClusters;
import dev.kafkalink.testkit.Topics;
import dev.kafkalink.testkit.Waits;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipped monitoring (config-examples/monitoring) with the real parts: Connect workers in JVMs of
 * their own started with the Prometheus JMX exporter's Java agent (from Maven Central) and the shipped
 * rules, a 4.3 worker running all four connectors of a link and a 3.9 worker (no plugin metrics: the
 * plugin's own JMX metrics) running a source link; their scrapes must hold every series the dashboard and
 * the alert rules use, with link, topic and partition labels. Where Debian's prometheus is installed (CI
 * installs it), Prometheus scrapes both, every dashboard query and alert expression answers, the FAILED
 * alert fires on a mirror whose source topic was recreated, and the dashboard's panels are drawn as SVG.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringIT {

    private static final Logger LOG = LoggerFactory.getLogger(MonitoringIT.class);
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String LINK = "watched";
    private static final String LINK_3X = "watched3x";
    private static final String GROUP = "billing";
    private static final String PRINCIPAL = "User:auditor";
    private static final String AVRO = "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";

    private static EmbeddedKafkaCluster source;
    private static EmbeddedKafkaCluster destination;
    private static ConfluentRegistryStandIn sourceRegistry;
    private static ConfluentRegistryStandIn destinationRegistry;
    private static ContinuousProducer producer;
    private static final List<ConnectWorkerProcess> workers = new ArrayList<>();
    private static final Map<String, String> scrapeUrls = new LinkedHashMap<>();
    private static final MonitoringFiles files = MonitoringFiles.shipped();

    @BeforeAll
    static void startLink() throws Exception {
        Properties brokers = new Properties();
        brokers.put("transaction.state.log.replication.factor", "1");
        brokers.put("transaction.state.log.min.isr", "1");
        brokers.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        brokers.put("super.users", "User:ANONYMOUS");
        source = new EmbeddedKafkaCluster(1, brokers);
        source.start();
        destination = new EmbeddedKafkaCluster(1, brokers);
        destination.start();
        for (String topic : List.of("orders", "doomed", "legacy")) {
            Topics.create(source, topic, 3, Map.of());
        }
        SourceData.produceNumbered(source, "doomed", 3, 30);
        SourceData.produceNumbered(source, "legacy", 3, 30);
        producer = new ContinuousProducer(source, "orders", 3);
        try (Admin admin = source.createAdminClient()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (int partition = 0; partition < 3; partition++) {
                offsets.put(new TopicPartition("orders", partition), new OffsetAndMetadata(5));
            }
            admin.alterConsumerGroupOffsets(GROUP, offsets).all().get();
            admin.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "orders", PatternType.LITERAL),
                    new AccessControlEntry(PRINCIPAL, "*", AclOperation.READ, AclPermissionType.ALLOW)))).all().get();
        }
        sourceRegistry = ConfluentRegistryStandIn.start();
        destinationRegistry = ConfluentRegistryStandIn.start();
        new RegistryCalls(sourceRegistry.url()).register("orders-value", "AVRO", AVRO);

        Map<String, Map<String, String>> connectors = new LinkedHashMap<>();
        connectors.put("mirror", mirrorConfig(LINK, "orders,doomed"));
        connectors.put("offsets", linkConfig("dev.kafkalink.offsets.OffsetSyncConnector", LINK,
                Map.of("consumer.offset.group.filters", "{\"groupFilters\":[{\"name\":\"" + GROUP + "\"}]}", "consumer.offset.sync.ms", "1000")));
        connectors.put("acls", linkConfig("dev.kafkalink.acls.AclSyncConnector", LINK,
                Map.of("acl.filters", "{\"aclFilters\":[{\"accessFilter\":{\"principal\":\"" + PRINCIPAL + "\"}}]}", "acl.sync.ms", "1000")));
        Map<String, String> schemas = SchemaExportIT.exportConfig(LINK, sourceRegistry.url(), destinationRegistry.url());
        schemas.put("schema.subjects", "orders-value");
        connectors.put("schemas", schemas);
        startWorker("4.3", LINK, connectors);
        startWorker("3.9", LINK_3X, Map.of("mirror-3x", mirrorConfig(LINK_3X, "legacy")));
    }

    /** A worker of that line with the exporter agent and the shipped rules, running these connectors. */
    private static void startWorker(String line, String link, Map<String, Map<String, String>> connectors) throws Exception {
        int agentPort = ConnectWorkerProcess.freePort();
        Path jars = workerFolder(line);
        ConnectWorkerProcess.Launch launch = ConnectWorkerProcess.Launch.workerJars(jars, jars.getFileName().toString())
                .withJavaAgent(Path.of(System.getProperty("kafkalink.jmx.agent")), "127.0.0.1:" + agentPort + ":" + files.rules());
        Map<String, String> properties = LinkClusters.connectWorker(link);
        properties.put("bootstrap.servers", destination.bootstrapServers());
        ConnectWorkerProcess worker = ConnectWorkerProcess.start(properties, launch);
        workers.add(worker);
        scrapeUrls.put(line, "http://127.0.0.1:" + agentPort + "/metrics");
        WorkerRest rest = new WorkerRest(worker.restUrl());
        for (Map.Entry<String, Map<String, String>> connector : connectors.entrySet()) {
            Map<String, String> config = new HashMap<>(connector.getValue());
            config.put("name", connector.getKey());
            rest.putConnector(connector.getKey(), config);
        }
        for (String connector : connectors.keySet()) {
            Waits.waitFor(() -> rest.running(connector), DEADLINE, () -> connector + " on Connect " + line + ": " + rest.status(connector));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (ConnectWorkerProcess worker : workers) {
            worker.close();
        }
        for (AutoCloseable closeable : new AutoCloseable[] {producer, sourceRegistry, destinationRegistry}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        for (EmbeddedKafkaCluster cluster : new EmbeddedKafkaCluster[] {destination, source}) {
            if (cluster != null) {
                cluster.stop();
            }
        }
    }

    @Test
    @Order(1)
    void theExporterTurnsEveryLinkMetricIntoSeriesWithLinkTopicAndPartitionLabels() throws Exception {
        Set<String> used = files.seriesUsed();
        Scrape scrape = Waits.await(() -> {
            Scrape now = Scrape.of(scrapeUrls.get("4.3"));
            boolean complete = used.stream().allMatch(name -> !now.named(name).isEmpty())
                    && now.named("kafka_link_last_health_check_time_ms").stream().anyMatch(sample -> sample.value() > 0);
            return complete ? Optional.of(now) : Optional.empty();
        }, DEADLINE, "every series of the dashboard and the alerts in the scrape of " + scrapeUrls.get("4.3") + " (missing: "
                + missing(used, scrapeUrls.get("4.3")) + ")");
        for (String name : used) {
            for (Scrape.Sample sample : scrape.named(name)) {
                assertTrue(!name.startsWith("kafka_link_") || LINK.equals(sample.labels().get("link")), sample.toString());
                assertTrue(sample.labels().containsKey("connector"), sample.toString());
            }
        }
        assertLabels(scrape, "kafka_link_mirror_lag", "connector", "task", "link", "topic", "partition");
        assertLabels(scrape, "kafka_link_topic_lag", "connector", "link", "topic");
        assertLabels(scrape, "kafka_link_mirror_topic_state", "connector", "link", "topic", "state");
        assertLabels(scrape, "kafka_link_mirror_topics", "connector", "link", "state");
        assertLabels(scrape, "kafka_link_link_seconds_behind", "connector", "link");
        assertLabels(scrape, "kafka_link_last_sync_time_ms", "connector", "task", "link");
        assertEquals(Set.of("doomed", "orders"), topics(scrape, "kafka_link_topic_lag"));
        assertEquals(Set.of("0", "1", "2"), labelValues(scrape, "kafka_link_mirror_lag", "partition"));

        // A 3.x worker has no plugin metrics: the plugin's own JMX metrics must come out as the same series.
        Scrape old = Waits.await(() -> {
            Scrape now = Scrape.of(scrapeUrls.get("3.9"));
            return now.named("kafka_link_mirror_lag").size() == 3 && !now.named("kafka_link_topic_lag").isEmpty()
                    ? Optional.of(now) : Optional.empty();
        }, DEADLINE, "the source link's series on Connect 3.9");
        assertLabels(old, "kafka_link_mirror_lag", "connector", "task", "link", "topic", "partition");
        assertLabels(old, "kafka_link_topic_lag", "connector", "link", "topic");
        assertLabels(old, "kafka_link_mirror_topics", "connector", "link", "state");
        assertEquals(Set.of("legacy"), topics(old, "kafka_link_topic_lag"));
        assertEquals(Set.of(LINK_3X), labelValues(old, "kafka_link_mirror_topics", "link"));
        LOG.info("Series of the link on Connect 4.3: {}", new TreeSet<>(scrape.samples().stream().map(Scrape.Sample::name)
                .filter(name -> name.startsWith("kafka_link_")).toList()));
    }

    @Test
    @Order(2)
    void prometheusAnswersEveryDashboardQueryAndAlertsOnAFailedMirror() throws Exception {
        Optional<Path> prometheus = PrometheusServer.binary("prometheus");
        assertTrue(prometheus.isPresent(), "Debian's prometheus is not installed (.ci/run installs it)");
        PrometheusServer.binary("promtool").ifPresent(promtool -> assertEquals(0, run(promtool.toString(), "check", "rules",
                files.alerts().toString()), "promtool check rules " + files.alerts()));
        try (PrometheusServer server = PrometheusServer.start(prometheus.get(), scrapeUrls.values().stream()
                .map(url -> url.replace("http://", "").replace("/metrics", "")).toList(), files.alerts())) {
            long started = System.currentTimeMillis();
            for (MonitoringFiles.Query query : files.dashboardQueries()) {
                Waits.waitFor(() -> !server.query(query.expr()).isEmpty(), DEADLINE,
                        () -> "dashboard panel '" + query.panel() + "' (" + query.legend() + "): no result for " + query.expr());
            }
            for (Map.Entry<String, String> alert : files.alertExpressions().entrySet()) {
                String compared = MonitoringFiles.withoutThreshold(alert.getValue());
                Waits.waitFor(() -> !server.query(compared).isEmpty(), DEADLINE,
                        () -> "alert " + alert.getKey() + ": no series for " + compared);
            }
            assertTrue(server.query(files.alertExpressions().get("KafkaLinkMirrorFailed")).isEmpty(), "no mirror failed yet");

            recreateSourceTopic("doomed");
            JsonNode firing = Waits.await(() -> stream(server.alerts())
                    .filter(alert -> "KafkaLinkMirrorFailed".equals(alert.path("labels").path("alertname").asText())
                            && "firing".equals(alert.path("state").asText())).findFirst(), DEADLINE,
                    "the alert KafkaLinkMirrorFailed firing");
            assertEquals("doomed", firing.path("labels").path("topic").asText(), firing.toString());
            assertEquals(LINK, firing.path("labels").path("link").asText(), firing.toString());
            Path picture = Path.of("target", "monitoring", "dashboard.svg");
            Files.createDirectories(picture.getParent());
            Files.writeString(picture, DashboardSvg.render("Kafka Link: links " + LINK + " (Connect 4.3) and " + LINK_3X + " (Connect 3.9)",
                    panels(server, (System.currentTimeMillis() - started) / 1000 + 5)));
            LOG.info("Dashboard panels drawn from Prometheus in {}", picture.toAbsolutePath());
        }
    }

    /** The dashboard's time series panels, one series per legend. */
    private static List<DashboardSvg.Panel> panels(PrometheusServer server, long seconds) throws Exception {
        Map<String, String> units = Map.of("s", "s", "ms", "ms");
        List<DashboardSvg.Panel> panels = new ArrayList<>();
        for (JsonNode panel : files.dashboard().path("panels")) {
            if (!"timeseries".equals(panel.path("type").asText())) {
                continue;
            }
            Map<String, List<double[]>> series = new LinkedHashMap<>();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText().replace("$link", ".+").replace("$__rate_interval", "10s");
                for (JsonNode result : server.queryRange(expr, seconds)) {
                    String legend = target.path("legendFormat").asText();
                    for (Map.Entry<String, JsonNode> label : result.path("metric").properties()) {
                        legend = legend.replace("{{" + label.getKey() + "}}", label.getValue().asText());
                    }
                    List<double[]> points = new ArrayList<>();
                    long first = System.currentTimeMillis() / 1000 - seconds;
                    result.path("values").forEach(value -> points.add(new double[] {value.get(0).asDouble() - first, value.get(1).asDouble()}));
                    series.put(legend, points);
                }
            }
            String unit = panel.path("fieldConfig").path("defaults").path("unit").asText();
            panels.add(new DashboardSvg.Panel(panel.path("title").asText(), units.getOrDefault(unit, ""), series));
        }
        return panels;
    }

    private static Set<String> missing(Set<String> used, String url) {
        try {
            Scrape now = Scrape.of(url);
            Set<String> missing = new TreeSet<>(used);
            now.samples().forEach(sample -> missing.remove(sample.name()));
            LOG.info("Scraped series: {}", new TreeSet<>(now.samples().stream().map(Scrape.Sample::name).toList()));
            return missing;
        } catch (Exception e) {
            return Set.of("(scrape failed: " + e + ")");
        }
    }

    private static void recreateSourceTopic(String topic) throws Exception {
        source.deleteTopic(topic);
        Waits.waitFor(() -> source.describeTopics(topic).get(topic).isEmpty(), DEADLINE, () -> topic + " not deleted");
        Topics.create(source, topic, 3, Map.of());
        SourceData.produceNumbered(source, topic, 3, 10);
    }

    private static void assertLabels(Scrape scrape, String name, String... labels) {
        List<Scrape.Sample> samples = scrape.named(name);
        assertTrue(!samples.isEmpty(), name + " is missing");
        samples.forEach(sample -> assertEquals(Set.of(labels), sample.labels().keySet(), sample.toString()));
    }

    private static Set<String> topics(Scrape scrape, String name) {
        return labelValues(scrape, name, "topic");
    }

    private static Set<String> labelValues(Scrape scrape, String name, String label) {
        Set<String> values = new TreeSet<>();
        scrape.named(name).forEach(sample -> values.add(sample.labels().get(label)));
        return values;
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> nodes = new ArrayList<>();
        array.forEach(nodes::add);
        return nodes.stream();
    }

    private static int run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            int exit = process.waitFor();
            LOG.info("{}: {}", String.join(" ", command), output.trim());
            return exit;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path workerFolder(String line) throws IOException {
        try (Stream<Path> folders = Files.list(Path.of(System.getProperty("kafkalink.workers")))) {
            return folders.filter(folder -> folder.getFileName().toString().startsWith(line + ".")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Connect " + line + " worker in " + System.getProperty("kafkalink.workers")));
        }
    }

    private static Map<String, String> mirrorConfig(String link, String topics) {
        Map<String, String> config = LinkClusters.sourceLinkConfig(link, source.bootstrapServers(), destination.bootstrapServers());
        config.put("mirror.topics", topics);
        config.put("topic.discovery.ms", "1000");
        return config;
    }

    private static Map<String, String> linkConfig(String connectorClass, String link, Map<String, String> more) {
        return WorkerVersionsIT.linkConfig(connectorClass, link, source, destination, more);
    }
}
