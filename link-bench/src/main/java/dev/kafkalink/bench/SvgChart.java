package dev.kafkalink.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small, dependency-free SVG charts for the report: horizontal bars and lines over time. */
final class SvgChart {

    /** One bar: a label, its value and a note printed after it (a ratio, say). */
    record Bar(String label, double value, String note) {
    }

    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};
    private static final int WIDTH = 720;
    private static final int LEFT = 150;
    private static final int RIGHT = 270;

    private SvgChart() {
    }

    static String bars(String title, String unit, List<Bar> bars) {
        int rowHeight = 30;
        int height = 50 + bars.size() * rowHeight + 20;
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(1);
        StringBuilder svg = header(height, title);
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = 45 + i * rowHeight;
            double length = (WIDTH - LEFT - RIGHT) * bar.value() / max;
            svg.append(text(LEFT - 8, y + 15, "end", escape(bar.label())));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"%s\"/>%n",
                    LEFT, y, length, COLOURS[i % COLOURS.length]));
            svg.append(text((int) (LEFT + length + 6), y + 15, "start",
                    escape(String.format(Locale.ROOT, "%,.0f %s %s", bar.value(), unit, bar.note()))));
        }
        return svg.append("</svg>\n").toString();
    }

    /**
     * Lines of (x, y) points per series, x in seconds, y on a log scale (log of 1 + y), so that a
     * lag of a few thousand records stays visible next to one of a million.
     */
    static String lines(String title, String xUnit, String yUnit, Map<String, List<double[]>> series) {
        return lines(title, xUnit, yUnit, series, List.of());
    }

    /** {@link #lines(String, String, String, Map)} with a dashed vertical line at each x of {@code markers} (events). */
    static String lines(String title, String xUnit, String yUnit, Map<String, List<double[]>> series, List<Double> markers) {
        int height = 340;
        int top = 60;
        int bottom = height - 40;
        int right = WIDTH - 130;
        double maxX = series.values().stream().flatMap(List::stream).mapToDouble(p -> p[0]).max().orElse(1);
        double maxY = Math.max(1, series.values().stream().flatMap(List::stream).mapToDouble(p -> p[1]).max().orElse(1));
        StringBuilder svg = header(height, title);
        svg.append(line(70, bottom, right, bottom)).append(line(70, top, 70, bottom));
        double scaleTop = Math.log10(1 + maxY);
        for (double tick = 10; tick <= maxY; tick *= 10) {
            int y = (int) Math.round(bottom - (bottom - top) * Math.log10(1 + tick) / scaleTop);
            svg.append(line(66, y, 70, y)).append(text(62, y + 4, "end", compact(tick)));
        }
        svg.append(text(62, bottom + 4, "end", "0"));
        svg.append(text(right, bottom + 18, "end", escape(String.format(Locale.ROOT, "%,.0f %s", maxX, xUnit))));
        svg.append(text(70, top - 8, "start", escape(yUnit)));
        for (double marker : markers) {
            int x = (int) Math.round(70 + (right - 70) * marker / maxX);
            svg.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\" stroke-dasharray=\"4,3\"/>%n",
                    x, top, x, bottom));
        }
        int i = 0;
        for (Map.Entry<String, List<double[]>> line : series.entrySet()) {
            StringBuilder points = new StringBuilder();
            for (double[] point : line.getValue()) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", 70 + (right - 70) * point[0] / maxX,
                        bottom - (bottom - top) * Math.log10(1 + Math.max(0, point[1])) / scaleTop));
            }
            String colour = COLOURS[i % COLOURS.length];
            svg.append(String.format("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", colour, points));
            svg.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", right + 10,
                    top + i * 20, colour));
            svg.append(text(right + 28, top + 10 + i * 20, "start", escape(line.getKey())));
            i++;
        }
        return svg.append("</svg>\n").toString();
    }

    /** 10, 100, 1k, 10k, 1M: long numbers do not fit left of the axis. */
    private static String compact(double tick) {
        if (tick >= 1e6) {
            return String.format(Locale.ROOT, "%.0fM", tick / 1e6);
        }
        return tick >= 1e3 ? String.format(Locale.ROOT, "%.0fk", tick / 1e3) : String.format(Locale.ROOT, "%.0f", tick);
    }

    private static StringBuilder header(int height, String title) {
        return new StringBuilder(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"13\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", WIDTH, height))
                .append(text(WIDTH / 2, 22, "middle", "<tspan font-weight=\"bold\">" + escape(title) + "</tspan>"));
    }

    private static String line(int x1, int y1, int x2, int y2) {
        return String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>%n", x1, y1, x2, y2);
    }

    private static String text(int x, int y, String anchor, String content) {
        return String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">%s</text>%n", x, y, anchor, content);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
