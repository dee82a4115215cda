package dev.kafkalink.it;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Panels of the dashboard drawn from Prometheus range queries as one SVG picture (Grafana itself is not
 * installable here): a grid of line charts, two a row, each with its title, a linear axis and a legend.
 */
final class DashboardSvg {

    /** One panel: its title, the unit of its values and each series as (seconds from the start, value) points. */
    record Panel(String title, String unit, Map<String, List<double[]>> series) {
    }

    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};
    private static final int PANEL_WIDTH = 480;
    private static final int PANEL_HEIGHT = 240;

    private DashboardSvg() {
    }

    static String render(String title, List<Panel> panels) {
        int rows = (panels.size() + 1) / 2;
        int width = 2 * PANEL_WIDTH + 30;
        int height = 50 + rows * (PANEL_HEIGHT + 20);
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"#111217\"/>%n",
                width, height));
        svg.append(text(15, 30, 16, "#ffffff", title));
        for (int i = 0; i < panels.size(); i++) {
            panel(svg, panels.get(i), 10 + (i % 2) * (PANEL_WIDTH + 10), 45 + (i / 2) * (PANEL_HEIGHT + 20));
        }
        return svg.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder svg, Panel panel, int x, int y) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#181b1f\" stroke=\"#2c3235\"/>%n",
                x, y, PANEL_WIDTH, PANEL_HEIGHT));
        svg.append(text(x + 8, y + 18, 12, "#d8d9da", panel.title()));
        int left = x + 50;
        int right = x + PANEL_WIDTH - 10;
        int top = y + 30;
        int bottom = y + PANEL_HEIGHT - 25 - 14 * Math.min(3, panel.series().size());
        double maxX = panel.series().values().stream().flatMap(List::stream).mapToDouble(p -> p[0]).max().orElse(1);
        double maxY = Math.max(1, panel.series().values().stream().flatMap(List::stream).mapToDouble(p -> p[1]).max().orElse(1));
        svg.append(line(left, bottom, right, bottom)).append(line(left, top, left, bottom));
        svg.append(text(left - 4, top + 4, 10, "#9fa7b3", compact(maxY) + " " + panel.unit(), "end"));
        svg.append(text(left - 4, bottom, 10, "#9fa7b3", "0", "end"));
        svg.append(text(right, bottom + 12, 10, "#9fa7b3", String.format(Locale.ROOT, "%.0f s", maxX), "end"));
        int i = 0;
        for (Map.Entry<String, List<double[]>> series : panel.series().entrySet()) {
            StringBuilder points = new StringBuilder();
            for (double[] point : series.getValue()) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + (right - left) * point[0] / Math.max(1, maxX),
                        bottom - (bottom - top) * point[1] / maxY));
            }
            String colour = COLOURS[i % COLOURS.length];
            svg.append(String.format("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n", colour, points));
            if (i < 3) {
                svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"3\" fill=\"%s\"/>%n", left,
                        bottom + 22 + i * 14, colour));
                svg.append(text(left + 14, bottom + 27 + i * 14, 10, "#d8d9da", series.getKey()));
            }
            i++;
        }
    }

    private static String compact(double value) {
        return value >= 1e6 ? String.format(Locale.ROOT, "%.1fM", value / 1e6)
                : value >= 1e3 ? String.format(Locale.ROOT, "%.1fk", value / 1e3) : String.format(Locale.ROOT, "%.0f", value);
    }

    private static String line(int x1, int y1, int x2, int y2) {
        return String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#464c54\"/>%n", x1, y1, x2, y2);
    }

    private static String text(int x, int y, int size, String colour, String content) {
        return text(x, y, size, colour, content, "start");
    }

    private static String text(int x, int y, int size, String colour, String content, String anchor) {
        return String.format("<text x=\"%d\" y=\"%d\" font-size=\"%d\" fill=\"%s\" text-anchor=\"%s\">%s</text>%n", x, y, size, colour,
                anchor, content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
    }
}
