package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kafkalink.testkit.LinkClusters;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The archive users install: its layout, and a worker that finds the connector in it. */
class PluginArchiveIT {

    private static final String ROOT = "dev.kafkalink-kafka-link-";
    private static final List<String> CONNECTORS = List.of("dev.kafkalink.source.SourceLinkConnector",
            "dev.kafkalink.offsets.OffsetSyncConnector", "dev.kafkalink.acls.AclSyncConnector",
            "dev.kafkalink.schemas.SchemaExportConnector");

    @RegisterExtension
    static final LinkClusters clusters = LinkClusters.builder().build();

    @Test
    void archiveHasTheComponentLayoutAndNoJarTheWorkerProvides() throws IOException {
        try (ZipFile zip = new ZipFile(System.getProperty("kafkalink.archive"))) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertTrue(names.stream().anyMatch(n -> n.startsWith(ROOT) && n.endsWith("/manifest.json")), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.matches(ROOT + "[^/]+/lib/source-link-connector-.*\\.jar")), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.matches(ROOT + "[^/]+/lib/link-common-.*\\.jar")), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.matches(ROOT + "[^/]+/etc/source-link-.*\\.json")), names.toString());
            for (String page : List.of("source-link-connector", "offset-sync-connector", "acl-sync-connector",
                    "schema-export-connector")) {
                assertTrue(names.stream().anyMatch(n -> n.matches(ROOT + "[^/]+/doc/" + page + "\\.md")), names.toString());
            }
            List<String> files = names.stream().filter(n -> !n.endsWith("/")).map(n -> n.substring(n.indexOf('/') + 1)).toList();
            List<String> unexpected = files.stream()
                    .filter(n -> !n.equals("manifest.json") && !n.equals("bin/kafka-link") && !n.matches("lib/[^/]+\\.jar")
                            && !n.matches("etc/[^/]+\\.json") && !n.matches("etc/monitoring/[a-z-]+\\.(yml|json)")
                            && !n.matches("doc/(README\\.md|LICENSE|[a-z-]+-connector\\.md)")).toList();
            assertEquals(List.of(), unexpected, "only manifest.json, bin/kafka-link, lib/*.jar, etc/*.json, etc/monitoring/ and doc/ files belong in the archive");
            assertTrue(names.stream().anyMatch(n -> n.matches(ROOT + "[^/]+/bin/kafka-link")), names.toString());
            for (String monitoring : List.of("kafka-link-jmx-exporter.yml", "kafka-link-dashboard.json", "kafka-link-alerts.yml")) {
                assertTrue(names.stream().anyMatch(n -> n.matches(ROOT + "[^/]+/etc/monitoring/" + monitoring)), names.toString());
            }
            assertTrue(names.stream().anyMatch(n -> n.matches(ROOT + "[^/]+/lib/link-cli-.*\\.jar")), names.toString());
            List<String> provided = names.stream()
                    .filter(n -> n.matches(".*/lib/(kafka-clients|connect-api|jackson-|slf4j-|log4j).*")).toList();
            assertEquals(List.of(), provided, "jars the worker provides must not be packaged");
            ZipEntry manifest = names.stream().filter(n -> n.endsWith("/manifest.json")).map(zip::getEntry).findFirst().orElseThrow();
            JsonNode json = new ObjectMapper().readTree(zip.getInputStream(manifest));
            List<String> listed = new java.util.ArrayList<>();
            json.path("connectors").forEach(connector -> listed.add(connector.path("class").asText()));
            assertEquals(CONNECTORS, listed, "connectors in manifest.json");
            assertTrue(!json.path("version").asText().contains("$"), "manifest version is filtered");
        }
    }

    @Test
    void workerWithServiceLoadDiscoveryListsTheConnector() {
        String plugins = clusters.connect().requestGet(clusters.connect().endpointForResource("connector-plugins"))
                .getEntity().toString();
        for (String connector : CONNECTORS) {
            assertTrue(plugins.contains(connector), connector + " missing from " + plugins);
        }
    }
}
