package dev.kafkalink.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kafkalink.common.config.LinkConfig;
import dev.kafkalink.schemas.SchemaExportLag;

/**
 * The schema section of {@code kafka-link status}: each SchemaExportConnector of the link with its state, from
 * the Connect REST API. RUNNING, PAUSED ({@code schema.export.paused}), FAILED with the reason from the task's
 * trace (the stopped subjects, each with why), or what Connect says (UNASSIGNED ...). With the lag in versions,
 * measured live by comparing the two registries of the export's configuration ({@link SchemaExportLag}): the
 * worker's metrics are out of the command's reach.
 */
final class SchemaExportStatus {

    /** The subjects behind that a row keeps, most behind first. */
    static final int SUBJECTS_SHOWN = 10;
    static final String FROM_CONFIG_PROVIDER = "registry settings from a config provider: give them with --schema-registry-config";
    private static final Set<String> MEASURED = Set.of("RUNNING", "PAUSED", "FAILED");
    private static final int MAX_REASON = 2_000;
    private static final int MAX_LAG_PROBLEM = 300;

    /**
     * One schema export: its connector, state and, when it failed, why; its lag in versions (null when not
     * measured, with {@code lagProblem} saying why when it could not be), the subjects behind (the first
     * {@value #SUBJECTS_SHOWN} of {@code subjectsBehindCount}) and how many selected subjects were compared.
     */
    record Row(String connector, String state, String reason, Long lagVersions, Map<String, Integer> subjectsBehind,
               int subjectsBehindCount, int subjectsCompared, String lagProblem) {

        Row(String connector, String state, String reason) {
            this(connector, state, reason, null, Map.of(), 0, 0, null);
        }

        Row withLag(SchemaExportLag.Lag lag) {
            Map<String, Integer> shown = new LinkedHashMap<>();
            lag.subjectsBehind().entrySet().stream().limit(SUBJECTS_SHOWN)
                    .forEach(entry -> shown.put(entry.getKey(), entry.getValue()));
            return new Row(connector, state, reason, lag.versionsBehind(), shown, lag.subjectsBehind().size(),
                    lag.subjectsCompared(), null);
        }

        Row withLagProblem(String problem) {
            return new Row(connector, state, reason, null, Map.of(), 0, 0, problem);
        }
    }

    /** Measures one export's lag from its configuration; the seam for tests. */
    @FunctionalInterface
    interface LagMeasure {
        SchemaExportLag.Lag measure(Map<String, String> config);
    }

    private SchemaExportStatus() {
    }

    /** @param registrySettings the connector's registry keys with the values a config provider gives on the worker */
    static List<Row> read(ConnectRest connect, String link, Map<String, String> registrySettings) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> connector : connect.connectorConfigs().entrySet()) {
            Map<String, String> config = connector.getValue();
            if (SchemaExportCommand.CONNECTOR_CLASS.equals(config.get("connector.class"))
                    && link.equals(config.get(LinkConfig.LINK_NAME))) {
                Row row = row(connector.getKey(), config, connect.connectorStatus(connector.getKey()));
                rows.add(withLag(row, config, registrySettings, SchemaExportLag::measure));
            }
        }
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

    /**
     * The row with the export's lag, for a running, paused or failed export; a registry that does not answer or
     * settings the command cannot resolve leave the lag unknown with the reason, never fail the status.
     */
    static Row withLag(Row row, Map<String, String> config, Map<String, String> registrySettings, LagMeasure measure) {
        if (!MEASURED.contains(row.state())) {
            return row;
        }
        Map<String, String> settings = new HashMap<>(config);
        settings.putAll(registrySettings);
        if (!SchemaExportLag.fromConfigProvider(settings).isEmpty()) {
            return row.withLagProblem(FROM_CONFIG_PROVIDER);
        }
        try {
            return row.withLag(measure.measure(settings));
        } catch (RuntimeException e) {
            String problem = String.valueOf(e.getMessage());
            return row.withLagProblem(problem.length() > MAX_LAG_PROBLEM ? problem.substring(0, MAX_LAG_PROBLEM) + "..." : problem);
        }
    }

    /** The first line of a trace, without the exception's class names. */
    private static String reason(String trace) {
        String first = trace.lines().findFirst().orElse("");
        String reason = first.replaceFirst("^(?:[\\w.$]+(?:Exception|Error): )+", "");
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason;
    }
}
