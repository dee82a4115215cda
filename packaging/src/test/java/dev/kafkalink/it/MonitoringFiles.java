package dev.kafkalink.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the shipped monitoring files ask of Prometheus (config-examples/monitoring): every query of the
 * Grafana dashboard, with its variables filled in, and every alert rule's expression.
 */
final class MonitoringFiles {

    /** One dashboard query: its panel, legend and PromQL with {@code $link} matching every link. */
    record Query(String panel, String legend, String expr) {
    }

    private static final Pattern SERIES = Pattern.compile("\\b(kafka_(?:link|connect)_[a-z_]+)");
    private static final Pattern COMPARISON = Pattern.compile("\\s*(?:==|>|<|>=|<=)\\s*[0-9.]+\\s*$");

    private final Path folder;

    MonitoringFiles(Path folder) {
        this.folder = folder;
    }

    static MonitoringFiles shipped() {
        return new MonitoringFiles(Path.of(System.getProperty("kafkalink.monitoring")));
    }

    Path rules() {
        return folder.resolve("kafka-link-jmx-exporter.yml").toAbsolutePath();
    }

    Path alerts() {
        return folder.resolve("kafka-link-alerts.yml").toAbsolutePath();
    }

    JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(folder.resolve("kafka-link-dashboard.json").toFile());
    }

    List<Query> dashboardQueries() throws IOException {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(panel.path("title").asText(), target.path("legendFormat").asText(),
                        target.path("expr").asText().replace("$link", ".+").replace("$__rate_interval", "30s")));
            }
        }
        return queries;
    }

    /** Alert name to expression, read from the rules file (single-line expressions or folded {@code >-} blocks). */
    Map<String, String> alertExpressions() throws IOException {
        Map<String, String> alerts = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(alerts());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (!line.startsWith("- alert:")) {
                continue;
            }
            String name = line.substring("- alert:".length()).trim();
            int at = i + 1;
            while (!lines.get(at).trim().startsWith("expr:")) {
                at++;
            }
            String expr = lines.get(at).trim().substring("expr:".length()).trim();
            if (expr.equals(">-")) {
                StringBuilder folded = new StringBuilder();
                while (!lines.get(at + 1).trim().matches("(for|labels|annotations):.*")) {
                    folded.append(' ').append(lines.get(++at).trim());
                }
                expr = folded.toString().trim();
            }
            alerts.put(name, expr);
        }
        return alerts;
    }

    /** The expression without its final threshold: what the alert compares, which exists whenever a link runs. */
    static String withoutThreshold(String expr) {
        return COMPARISON.matcher(expr).replaceFirst("");
    }

    /** Every series name the dashboard and the alert rules use. */
    Set<String> seriesUsed() throws IOException {
        Set<String> names = new TreeSet<>();
        List<String> exprs = new ArrayList<>(alertExpressions().values());
        dashboardQueries().forEach(query -> exprs.add(query.expr()));
        for (String expr : exprs) {
            Matcher matcher = SERIES.matcher(expr);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }
}
