package dev.kafkalink.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.kafkalink.common.config.LinkConfig;

/**
 * One link as its SourceLinkConnector's configuration describes it: name, mirror prefix, state topic
 * and the client settings of both clusters. Settings that a config provider resolves on the worker
 * ({@code ${file:...}}) must come from {@code --source-config} / {@code --destination-config} files.
 */
record LinkConnection(String connector, Map<String, String> config, String linkName, String prefix, String stateTopic,
                      Map<String, Object> source, Map<String, Object> destination) {

    static final String SOURCE_LINK_CONNECTOR = "dev.kafkalink.source.SourceLinkConnector";

    /** The source link connector named, or the only one, or the one of {@code link}. */
    static LinkConnection find(ConnectRest connect, String connectorName, String link, Path sourceConfig, Path destinationConfig) {
        Map<String, Map<String, String>> links = new HashMap<>();
        connect.connectorConfigs().forEach((name, config) -> {
            if (SOURCE_LINK_CONNECTOR.equals(config.get("connector.class"))
                    && (connectorName == null || connectorName.equals(name))
                    && (link == null || link.equals(config.get(LinkConfig.LINK_NAME)))) {
                links.put(name, config);
            }
        });
        if (links.size() != 1) {
            throw new CliException(links.isEmpty() ? "No SourceLinkConnector " + (connectorName != null ? "named " + connectorName
                    : link != null ? "of link " + link : "") + " runs on this Connect cluster"
                    : "Several links run here (" + links.keySet() + "): choose one with --connector or --link");
        }
        Map.Entry<String, Map<String, String>> found = links.entrySet().iterator().next();
        Map<String, String> config = found.getValue();
        String linkName = config.get(LinkConfig.LINK_NAME);
        return new LinkConnection(found.getKey(), config, linkName, config.getOrDefault(LinkConfig.CLUSTER_LINK_PREFIX, ""),
                LinkConfig.stateTopic(linkName, config.get(LinkConfig.STATE_TOPIC)),
                settings(config, "source.", sourceConfig), settings(config, "destination.", destinationConfig));
    }

    private static Map<String, Object> settings(Map<String, String> config, String prefix, Path overrides) {
        Map<String, Object> settings = new HashMap<>();
        config.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                settings.put(key.substring(prefix.length()), value);
            }
        });
        settings.putAll(properties(overrides));
        List<String> unresolved = settings.entrySet().stream()
                .filter(entry -> String.valueOf(entry.getValue()).contains("${")).map(Map.Entry::getKey).sorted().toList();
        if (!unresolved.isEmpty()) {
            throw new CliException("The connector takes " + unresolved + " of the " + prefix.substring(0, prefix.length() - 1)
                    + " cluster from a config provider, which only the worker resolves: give them in a properties file with --"
                    + prefix.substring(0, prefix.length() - 1) + "-config");
        }
        return settings;
    }

    /** The settings of a properties file given on the command line; none for null. */
    static Map<String, String> properties(Path file) {
        Map<String, String> settings = new HashMap<>();
        if (file == null) {
            return settings;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new CliException("Cannot read " + file + ": " + e.getMessage());
        }
        properties.forEach((key, value) -> settings.put((String) key, (String) value));
        return settings;
    }

    String mirrorName(String sourceTopic) {
        return prefix + sourceTopic;
    }
}
