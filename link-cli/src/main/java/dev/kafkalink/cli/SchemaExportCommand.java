package dev.kafkalink.cli;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.kafkalink.common.config.LinkConfig;

/**
 * {@code kafka-link schemas pause|resume|reset}: edits the schema export connector's configuration
 * through the Connect REST API ({@code schema.export.paused}, {@code schema.export.reset}), exactly what
 * a deploy pipeline would do. Connect restarts the task with the new configuration.
 */
final class SchemaExportCommand {

    static final String CONNECTOR_CLASS = "dev.kafkalink.schemas.SchemaExportConnector";
    static final String PAUSED = "schema.export.paused";
    static final String RESET = "schema.export.reset";

    private SchemaExportCommand() {
    }

    /** Runs {@code operation} on the schema export connector named, or the only one, or the one of {@code link}. */
    static String run(ConnectRest connect, String operation, String connectorName, String link, Instant now) {
        Map.Entry<String, Map<String, String>> connector = find(connect, connectorName, link);
        connect.putConfig(connector.getKey(), edited(connector.getValue(), operation, now));
        return "Connector " + connector.getKey() + ": schemas " + operation;
    }

    /** The configuration with the operation applied; reset writes the time as a new token. */
    static Map<String, String> edited(Map<String, String> config, String operation, Instant now) {
        Map<String, String> edited = new HashMap<>(config);
        switch (operation) {
            case "pause" -> edited.put(PAUSED, "true");
            case "resume" -> edited.put(PAUSED, "false");
            case "reset" -> edited.put(RESET, now.toString());
            default -> throw new CliException("Unknown schemas operation '" + operation + "': pause, resume or reset");
        }
        return edited;
    }

    private static Map.Entry<String, Map<String, String>> find(ConnectRest connect, String connectorName, String link) {
        Map<String, Map<String, String>> found = new HashMap<>();
        connect.connectorConfigs().forEach((name, config) -> {
            if (CONNECTOR_CLASS.equals(config.get("connector.class")) && (connectorName == null || connectorName.equals(name))
                    && (link == null || link.equals(config.get(LinkConfig.LINK_NAME)))) {
                found.put(name, config);
            }
        });
        if (found.size() != 1) {
            throw new CliException(found.isEmpty() ? "No SchemaExportConnector " + (connectorName != null ? "named " + connectorName
                    : link != null ? "of link " + link : "") + " runs on this Connect cluster"
                    : "Several schema exports run here (" + found.keySet() + "): choose one with --connector or --link");
        }
        return found.entrySet().iterator().next();
    }
}
