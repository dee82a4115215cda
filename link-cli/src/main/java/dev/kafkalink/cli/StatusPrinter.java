package dev.kafkalink.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.kafkalink.common.state.MirrorRestoreState;
import dev.kafkalink.common.state.MirrorRestoreState.Phase;

/** Prints {@link MirrorStatus}, restore and {@link SchemaExportStatus} rows as tables for people or as JSON for scripts. */
final class StatusPrinter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Subjects behind named in the table's BEHIND column (the JSON has more), so that the line stays readable. */
    private static final int SUBJECTS_IN_TABLE = 5;

    private StatusPrinter() {
    }

    static void json(PrintStream out, String link, List<MirrorStatus.TopicRow> rows, List<SchemaExportStatus.Row> schemas,
                     Map<String, MirrorRestoreState> restores) {
        try {
            out.println(JSON.writeValueAsString(Map.of("link", link, "mirrors", rows, "schemas", schemas,
                    "restores", new TreeMap<>(restores))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Restores of the link (mirror.topics.restore): where each stands and how many records diverged, per partition. */
    static void restoreTable(PrintStream out, Map<String, MirrorRestoreState> restores) {
        if (restores.isEmpty()) {
            return;
        }
        out.println();
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"RESTORED TOPIC", "PHASE", "DIVERGED RECORDS", "SET ASIDE IN", "PER PARTITION", "REASON"});
        new TreeMap<>(restores).forEach((topic, restore) -> {
            String perPartition = restore.partitions().stream()
                    .map(p -> p.partition() + ": " + p.diverged() + " (from " + p.divergence() + ")")
                    .collect(Collectors.joining(", "));
            boolean setAside = !restore.partitions().isEmpty() && !restore.inPlace() && restore.phase() != Phase.VERIFIED;
            lines.add(new String[] {topic, restore.phase().name() + (restore.phase() == Phase.DONE
                    ? restore.inPlace() ? " (in place)" : " (re-created)" : ""),
                Long.toString(restore.divergedTotal()), setAside ? restore.divergedTopic() : "", perPartition,
                restore.reason() == null ? "" : restore.reason()});
        });
        print(out, lines);
    }

    /** The schema exports of the link, after the mirror topics. */
    static void schemaTable(PrintStream out, List<SchemaExportStatus.Row> schemas) {
        if (schemas.isEmpty()) {
            return;
        }
        out.println();
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"SCHEMA EXPORT", "STATE", "LAG", "BEHIND", "REASON"});
        for (SchemaExportStatus.Row row : schemas) {
            String lag = row.lagVersions() != null ? row.lagVersions().toString() : row.lagProblem() != null ? "?" : "";
            String reason = row.lagProblem() == null ? row.reason()
                    : (row.reason().isEmpty() ? "" : row.reason() + "; ") + "lag unknown: " + row.lagProblem();
            lines.add(new String[] {row.connector(), row.state(), lag, behind(row), reason});
        }
        print(out, lines);
    }

    /** "orders-value (2), payments-value (1)": the subjects most behind, and how many more are. */
    private static String behind(SchemaExportStatus.Row row) {
        String shown = row.subjectsBehind().entrySet().stream().limit(SUBJECTS_IN_TABLE)
                .map(entry -> entry.getKey() + " (" + entry.getValue() + ")").collect(Collectors.joining(", "));
        int more = row.subjectsBehindCount() - Math.min(SUBJECTS_IN_TABLE, row.subjectsBehind().size());
        return more > 0 ? shown + " and " + more + " more subject(s)" : shown;
    }

    static void table(PrintStream out, String link, List<MirrorStatus.TopicRow> rows, boolean partitions) {
        out.println("Link " + link + ": " + rows.size() + " mirror topic(s)");
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"MIRROR TOPIC", "STATE", "SINCE", "PARTITIONS", "TOTAL LAG", "MAX LAG", "OFFSETS", "REASON"});
        for (MirrorStatus.TopicRow row : rows) {
            lines.add(new String[] {row.mirror(), row.state(), since(row.stateSinceMs()), Integer.toString(row.partitions()),
                Long.toString(row.totalLag()),
                Long.toString(row.maxLag()), row.mapped() ? "mapped" : "aligned", row.reason() == null ? "" : row.reason()});
        }
        print(out, lines);
        if (partitions) {
            List<String[]> partitionLines = new ArrayList<>();
            partitionLines.add(new String[] {"MIRROR TOPIC", "PARTITION", "SOURCE END", "DESTINATION END", "MIRRORED UP TO", "LAG",
                "STOPPED BY"});
            for (MirrorStatus.TopicRow row : rows) {
                for (MirrorStatus.PartitionRow partition : row.partitionRows()) {
                    partitionLines.add(new String[] {row.mirror(), Integer.toString(partition.partition()),
                        Long.toString(partition.sourceEnd()), Long.toString(partition.destinationEnd()),
                        Long.toString(partition.mirroredUpTo()), Long.toString(partition.lag()),
                        partition.fault() == null ? "" : partition.fault()});
                }
            }
            out.println();
            print(out, partitionLines);
        }
    }

    /** When the state was written, to the second, in UTC. */
    private static String since(long epochMs) {
        return epochMs <= 0 ? "" : java.time.Instant.ofEpochMilli(epochMs).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    private static void print(PrintStream out, List<String[]> lines) {
        int[] widths = new int[lines.get(0).length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(i == line.length - 1 ? line[i] : String.format("%-" + widths[i] + "s  ", line[i]));
            }
            out.println(text.toString().stripTrailing());
        }
    }
}
