package io.shapes.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.Map;
import java.util.TreeSet;

import io.shapes.workload.Attempt;

/** A scenario's report: report.md with the figures and invariants, chart.svg with success and p99 per second per cell. */
final class ChaosReport {
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};
    private static final int WIDTH = 900;
    private static final int PANEL = 200;
    private static final int LEFT = 60;
    private static final int TOP = 30;

    private ChaosReport() {
    }

    static void write(Path dir, Scenario scenario, Timeline t, List<Attempt> history,
            Function<Attempt, String> cellOf, ChaosVerdict verdict, List<String> notes) throws IOException {
        write(dir, scenario.wireName(), scenario.description(), t, history, cellOf, verdict, notes);
    }

    /** The report of a run named {@code name}; {@code cellOf} puts each attempt in the group its line is drawn for. */
    static void write(Path dir, String name, String description, Timeline t, List<Attempt> history,
            Function<Attempt, String> cellOf, ChaosVerdict verdict, List<String> notes) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("chart.svg"), chart(name, t, history, cellOf));
        List<String> md = new ArrayList<>();
        md.add("# Chaos: " + name);
        md.add("");
        md.add(description + ".");
        md.add("");
        md.add(String.format("Timeline (s since the clients started at %s): baseline from %.1f, fault at %.1f,"
                + " recovery action from %.1f to %.1f, serving again at %.1f, end %.1f.", t.clientsStarted(),
                t.baselineFrom() / 1e3, t.faultAt() / 1e3, t.healAt() / 1e3, t.healedAt() / 1e3, t.recoveredAt() / 1e3,
                t.end() / 1e3));
        md.add("");
        md.add("| figure | value |");
        md.add("|---|---|");
        verdict.figures().forEach((k, v) -> md.add("| " + k + " | " + (v instanceof Double d ? String.format("%.2f", d)
                : v) + " |"));
        md.add("");
        md.add(verdict.violations().isEmpty() ? "Every invariant holds." : "Violated:");
        verdict.violations().forEach(v -> md.add("- " + v));
        notes.forEach(n -> md.add("- note: " + n));
        md.add("");
        md.add("![success and p99 per second per cell](chart.svg)");
        md.add("");
        md.add("Every request: [history.csv](history.csv).");
        Files.writeString(dir.resolve("report.md"), String.join("\n", md) + "\n");
        writeCsv(dir.resolve("history.csv"), history, cellOf);
    }

    /** One line per request, by start: when, how long, whose, for which cell, what came back. */
    static void writeCsv(Path file, List<Attempt> attempts, Function<Attempt, String> cellOf) throws IOException {
        List<String> csv = new ArrayList<>(List.of("start_ms,latency_ms,tenant,cell,status,retry_after"));
        attempts.stream().sorted(java.util.Comparator.comparingLong(Attempt::startMs)).forEach(a -> csv.add(
                String.format(java.util.Locale.ROOT, "%d,%.2f,%s,%s,%d,%b", a.startMs(), a.latencyMs(), a.tenant(),
                        cellOf.apply(a), a.status(), a.retryAfter())));
        Files.writeString(file, String.join("\n", csv) + "\n");
    }

    private static String chart(String name, Timeline t, List<Attempt> history, Function<Attempt, String> cellOf) {
        int seconds = (int) (t.end() / 1000) + 1;
        List<String> cells = new ArrayList<>(new TreeSet<>(history.stream().map(cellOf)
                .filter(java.util.Objects::nonNull).toList()));
        double[][] success = new double[cells.size()][seconds];
        double[][] p99 = new double[cells.size()][seconds];
        double maxP99 = 1;
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            for (int s = 0; s < seconds; s++) {
                long from = s * 1000L;
                Stats stats = Stats.of(ChaosVerdict.between(history.stream()
                        .filter(a -> cell.equals(cellOf.apply(a))).toList(), from, from + 1000));
                success[c][s] = stats.successRate();
                p99[c][s] = stats.p99Ms();
                if (!Double.isNaN(stats.p99Ms())) {
                    maxP99 = Math.max(maxP99, stats.p99Ms());
                }
            }
        }
        double xScale = (WIDTH - LEFT - 20.0) / Math.max(1, seconds);
        StringBuilder svg = new StringBuilder();
        int height = TOP + 2 * PANEL + 90;
        svg.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                + " font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", WIDTH, height));
        svg.append(String.format("<text x=\"%d\" y=\"18\" font-size=\"14\">%s: success rate and p99 put latency per second,"
                + " per group of tenants (shaded: the fault)</text>%n", LEFT, name));
        double faultX = LEFT + t.faultAt() / 1000.0 * xScale;
        double healX = LEFT + t.healAt() / 1000.0 * xScale;
        for (int panel = 0; panel < 2; panel++) {
            int top = TOP + panel * (PANEL + 30);
            svg.append(String.format("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#fde0dd\"/>%n", faultX,
                    top, Math.max(1, healX - faultX), PANEL));
            svg.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT,
                    top + PANEL, WIDTH - 20, top + PANEL));
            svg.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, top,
                    LEFT, top + PANEL));
            svg.append(String.format("<text x=\"5\" y=\"%d\">%s</text>%n", top + 12, panel == 0 ? "100 %" : String.format("%.0f ms", maxP99)));
            svg.append(String.format("<text x=\"5\" y=\"%d\">%s</text>%n", top + PANEL, panel == 0 ? "0 %" : "0 ms"));
            for (int c = 0; c < cells.size(); c++) {
                StringBuilder points = new StringBuilder();
                for (int s = 0; s < seconds; s++) {
                    double value = panel == 0 ? success[c][s] : p99[c][s] / maxP99;
                    if (!Double.isNaN(value)) {
                        points.append(String.format("%.1f,%.1f ", LEFT + (s + 0.5) * xScale, top + PANEL - value * PANEL));
                    }
                }
                svg.append(String.format("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                        COLOURS[c % COLOURS.length], points.toString().strip()));
            }
        }
        int axis = TOP + 2 * PANEL + 50;
        for (int s = 0; s < seconds; s += 5) {
            svg.append(String.format("<text x=\"%.1f\" y=\"%d\">%ds</text>%n", LEFT + s * xScale, axis, s));
        }
        for (int c = 0; c < cells.size(); c++) {
            svg.append(String.format("<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", LEFT + c * 200, axis + 25,
                    COLOURS[c % COLOURS.length], cells.get(c)));
        }
        return svg.append("</svg>\n").toString();
    }
}
