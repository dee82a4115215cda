package dev.kafkalink.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kafkalink.common.config.LinkConfig;

/**
 * The schema section of {@code kafka-link status}: each SchemaExportConnector of the link with its state, from
 * the Connect REST API. RUNNING, PAUSED ({@code schema.export.paused}), FAILED with the reason from the task's
 * trace (the stopped subjects, each with why), or what Connect says (UNASSIGNED ...).
 */
final class SchemaExportStatus {

    /** One schema export: its connector, state and, when it failed, why. */
    record Row(String connector, String state, String reason) {
    }

    private static final int MAX_REASON = 2_000;

    private SchemaExportStatus() {
    }

    static List<Row> read(ConnectRest connect, String link) {
        List<Row> rows = new ArrayList<>();
        connect.connectorConfigs().forEach((name, config) -> {
            if (SchemaExportCommand.CONNECTOR_CLASS.equals(config.get("connector.class"))
                    && link.equals(config.get(LinkConfig.LINK_NAME))) {
                rows.add(row(name, config, connect.connectorStatus(name)));
            }
        });
        return rows;
    }

    /** The row for a connector's configuration and its {@code /status} answer. */
    static Row row(String connector, Map<String, String> config, JsonNode status) {
        JsonNode task = status.path("tasks").path(0);
        String state = task.isMissingNode() ? status.path("connector").path("state").asText("UNKNOWN") : task.path("state").asText();
        if ("FAILED".equals(state)) {
            return new Row(connector, state, reason(task.path("trace").asText("")));
        }
        if ("RUNNING".equals(state) && "true".equalsIgnoreCase(config.get(SchemaExportCommand.PAUSED))) {
            return new Row(connector, "PAUSED", SchemaExportCommand.PAUSED + "=true");
        }
        return new Row(connector, state, "");
    }

    /** The first line of a trace, without the exception's class names. */
    private static String reason(String trace) {
        String first = trace.lines().findFirst().orElse("");
        String reason = first.replaceFirst("^(?:[\\w.$]+(?:Exception|Error): )+", "");
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason;
    }
}
