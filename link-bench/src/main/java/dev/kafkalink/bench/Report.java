package dev.kafkalink.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes a run's sections as results.md (tables and charts), results.json, and one SVG per chart. */
final class Report {

    private final List<Section> sections = new ArrayList<>();
    private final Instant started = Instant.now();

    void add(Section section) {
        sections.add(section);
    }

    void write(Path folder, BenchOptions options) throws IOException {
        Files.createDirectories(folder);
        for (Section section : sections) {
            for (Section.Chart chart : section.charts) {
                Files.writeString(folder.resolve(chart.file()), chart.svg());
            }
        }
        Files.writeString(folder.resolve("results.md"), markdown(options));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(folder.resolve("results.json").toFile(),
                Map.of("started", started.toString(), "scale", options.scale().name(), "repetitions", options.repetitions(),
                        "machine", MachineInfo.describe(), "sections", sections.stream().map(Report::json).toList()));
    }

    private static Map<String, Object> json(Section section) {
        return Map.of("id", section.id, "title", section.title, "text", section.paragraphs,
                "tables", section.tables, "targets", section.targets);
    }

    private String markdown(BenchOptions options) {
        StringBuilder out = new StringBuilder("# Kafka Link benchmark results\n\n");
        out.append(String.format("Run of %s (%s scale, %d repetitions, %.0f minutes). Machine:%n%n",
                started.truncatedTo(ChronoUnit.SECONDS), options.scale().name(), options.repetitions(),
                (Instant.now().toEpochMilli() - started.toEpochMilli()) / 60_000.0));
        MachineInfo.describe().forEach(line -> out.append("- ").append(line).append('\n'));
        out.append("\n## Targets (issues 7 and 15)\n\n");
        List<List<String>> rows = new ArrayList<>();
        for (Section section : sections) {
            for (Section.Target target : section.targets) {
                rows.add(List.of(section.id, target.what(), target.target(), target.measured(), target.met() ? "met" : "**missed**"));
            }
        }
        out.append(new Section.Table(List.of("", "what", "target", "measured", ""), rows).markdown());
        for (Section section : sections) {
            out.append("\n## ").append(section.id).append(". ").append(section.title).append("\n\n");
            section.paragraphs.forEach(paragraph -> out.append(paragraph).append("\n\n"));
            section.tables.forEach(table -> out.append(table.markdown()).append('\n'));
            section.charts.forEach(chart -> out.append("![").append(chart.title()).append("](").append(chart.file()).append(")\n\n"));
        }
        return out.toString();
    }
}
