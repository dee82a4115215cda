package dev.kafkalink.bench;

import java.util.ArrayList;
import java.util.List;

/** What one workload reports: a text, tables, the targets it was measured against, and charts. */
final class Section {

    /** A Markdown table. */
    record Table(List<String> header, List<List<String>> rows) {
        String markdown() {
            StringBuilder out = new StringBuilder("| " + String.join(" | ", header) + " |\n|");
            header.forEach(column -> out.append("---|"));
            out.append('\n');
            rows.forEach(row -> out.append("| ").append(String.join(" | ", row)).append(" |\n"));
            return out.toString();
        }
    }

    /** A target of issue 7 and what this run measured. */
    record Target(String what, String target, String measured, boolean met) {
    }

    /** A chart, written next to the report as {@code file}. */
    record Chart(String file, String title, String svg) {
    }

    final String id;
    final String title;
    final List<String> paragraphs = new ArrayList<>();
    final List<Table> tables = new ArrayList<>();
    final List<Target> targets = new ArrayList<>();
    final List<Chart> charts = new ArrayList<>();

    Section(String id, String title) {
        this.id = id;
        this.title = title;
    }

    Section text(String format, Object... args) {
        paragraphs.add(String.format(format, args));
        return this;
    }

    Section table(List<String> header, List<List<String>> rows) {
        return table(new Table(header, rows));
    }

    Section table(Table table) {
        tables.add(table);
        return this;
    }

    Section target(String what, String target, String measured, boolean met) {
        targets.add(new Target(what, target, measured, met));
        return this;
    }

    Section chart(String file, String title, String svg) {
        charts.add(new Chart(file, title, svg));
        return this;
    }
}
