package org.cnpgrehearsal.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.cnpgrehearsal.strategy.StrategyFacts;
import org.cnpgrehearsal.util.Sizes;

/**
 * {@code rehearse --compare}: the offline, online and physical rehearsals of one scenario on the same data, in one
 * report ({@code comparison.md}, {@code comparison.html}, {@code comparison.json}). Its first lines say which path
 * has the shorter downtime, by how much, and what each needs on the source first; then the seed's "Migration
 * Approach Comparison" table with measured figures instead of adjectives, and the timelines one above the other.
 */
public final class ComparisonReport {

    public static final String MARKDOWN = "comparison.md";
    public static final String HTML = "comparison.html";
    public static final String JSON = "comparison.json";

    /** One strategy's rehearsal: its report and its folder, relative to the comparison's. */
    public record Entry(String strategy, RehearsalReport report, String folder) {
        StrategyFacts facts() {
            return report.facts().strategy();
        }

        boolean passed() {
            return report.succeeded() && facts() != null && facts().downtimeMs() != null;
        }
    }

    /** What comparison.json holds: the headline, and per strategy its outcome, cause, folder and figures. */
    public record Summary(
            String scenario, long fixtureBytes, String shortestDowntime, List<String> headline, List<Row> rehearsals) {}

    /** One strategy in comparison.json. */
    public record Row(String strategy, String outcome, String cause, String folder, StrategyFacts figures) {
        static Row of(Entry e) {
            return new Row(
                    e.strategy(),
                    e.report().facts().outcome(),
                    e.report().facts().diagnosis() == null
                            ? null
                            : e.report().facts().diagnosis().cause().name(),
                    e.folder(),
                    e.facts());
        }
    }

    /** Writes the three files into {@code dir}; returns the headline (the report's first lines). */
    public static List<String> write(String scenario, long fixtureBytes, List<Entry> entries, Path dir) {
        List<String> headline = headline(entries);
        String shortest = shortest(entries).map(Entry::strategy).orElse(null);
        try {
            Files.writeString(
                    dir.resolve(MARKDOWN), markdown(scenario, fixtureBytes, entries, headline), StandardCharsets.UTF_8);
            Files.writeString(
                    dir.resolve(HTML), html(scenario, fixtureBytes, entries, headline), StandardCharsets.UTF_8);
            Files.writeString(
                    dir.resolve(JSON),
                    ReportJson.toJson(new Summary(
                            scenario,
                            fixtureBytes,
                            shortest,
                            headline,
                            entries.stream().map(Row::of).toList())),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the comparison into " + dir + ": " + e.getMessage(), e);
        }
        return headline;
    }

    private static Optional<Entry> shortest(List<Entry> entries) {
        return entries.stream()
                .filter(Entry::passed)
                .min(Comparator.comparingLong(e -> e.facts().downtimeMs()));
    }

    /**
     * Which path has the shortest downtime and by how much against each other that passed; the ones that failed,
     * with their cause; then what each needs on the source first.
     */
    static List<String> headline(List<Entry> entries) {
        List<String> lines = new ArrayList<>();
        Optional<Entry> best = shortest(entries);
        if (best.isEmpty()) {
            lines.add("No path passed, so no downtime can be compared: see each rehearsal's diagnosis below.");
        } else {
            Entry b = best.get();
            long bm = b.facts().downtimeMs();
            List<String> against = new ArrayList<>();
            for (Entry e : entries) {
                if (e != b && e.passed()) {
                    long em = e.facts().downtimeMs();
                    against.add(Format.duration(em - bm) + " shorter than " + e.strategy() + "'s " + Format.duration(em)
                            + (bm > 0 ? String.format(Locale.ROOT, " (%.1fx)", em / (double) bm) : ""));
                }
            }
            lines.add("Shortest downtime: " + b.strategy() + ", " + Format.duration(bm)
                    + (against.isEmpty() ? "" : ": " + String.join("; ", against)) + ".");
        }
        for (Entry e : entries) {
            if (!e.passed()) {
                lines.add(e.strategy() + " did not pass: "
                        + (e.report().facts().diagnosis() == null
                                ? e.report().facts().outcome()
                                : e.report().facts().diagnosis().cause() + " in "
                                        + e.report().facts().diagnosis().phase() + " ("
                                        + e.report().facts().diagnosis().summary() + ")")
                        + ".");
            }
        }
        for (Entry e : entries) {
            List<String> needed = e.facts() == null ? List.of() : StrategyView.needed(e.facts());
            lines.add(e.strategy() + " needs on the source first: "
                    + (needed.isEmpty() ? "nothing a Zalando cluster lacks" : String.join("; ", needed)) + ".");
        }
        return lines;
    }

    /** The seed's comparison table, one column per strategy, measured. */
    static Map<String, List<String>> table(List<Entry> entries) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        row(
                rows,
                entries,
                "Outcome",
                e -> e.report().facts().outcome()
                        + (e.report().facts().diagnosis() == null
                                ? ""
                                : " (" + e.report().facts().diagnosis().cause() + ")"));
        row(rows, entries, "Downtime", e -> ms(e.facts().downtimeMs()));
        row(
                rows,
                entries,
                "of which: drain + switch",
                e -> e.facts().drainMs() == null
                        ? "the whole import"
                        : Format.duration(e.facts().drainMs()) + " + "
                                + Format.duration(e.facts().switchMs()));
        row(
                rows,
                entries,
                "Copy while the application writes",
                e -> e.facts().drainMs() == null
                        ? "none: stopped throughout"
                        : ms(e.facts().copyMs()));
        row(rows, entries, "Total duration", e -> ms(e.facts().totalMs()));
        row(
                rows,
                entries,
                "WAL retained on the source (peak)",
                e -> e.facts().walRetainedPeakBytes() == null
                        ? "not measured"
                        : e.facts().walRetainedPeakBytes() == 0
                                ? "none"
                                : Sizes.human(e.facts().walRetainedPeakBytes()));
        row(
                rows,
                entries,
                "WAL written on the source meanwhile",
                e -> e.facts().walWrittenBytes() == null
                        ? "not measured"
                        : Sizes.human(e.facts().walWrittenBytes()));
        row(
                rows,
                entries,
                "Sessions serving it on the source (peak)",
                e -> e.facts().sourceSessionsPeak() == null
                        ? "not measured"
                        : e.facts().sourceSessionsPeak().toString());
        row(
                rows,
                entries,
                "Application writes during the copy",
                e -> e.facts().writes() == null
                        ? "none"
                        : e.facts().writes().statements() + " committed, all verified on the target: "
                                + (e.report().judgement().verification() != null
                                                && e.report()
                                                        .judgement()
                                                        .verification()
                                                        .passed()
                                        ? "yes"
                                        : "no"));
        row(
                rows,
                entries,
                "Their median latency on the source (copy / after)",
                e -> e.facts().writes() == null || e.facts().writes().medianLatencyDuringCopyMs() == null
                        ? "-"
                        : String.format(
                                Locale.ROOT,
                                "%.1f / %s ms",
                                e.facts().writes().medianLatencyDuringCopyMs(),
                                e.facts().writes().medianLatencyAfterCopyMs() == null
                                        ? "-"
                                        : String.format(
                                                Locale.ROOT,
                                                "%.1f",
                                                e.facts().writes().medianLatencyAfterCopyMs())));
        row(rows, entries, "Same major on both sides", e -> "physical".equals(e.strategy()) ? "required" : "no");
        row(rows, entries, "Needs on the source first", e -> {
            List<String> n = StrategyView.needed(e.facts());
            return n.isEmpty() ? "nothing" : String.join("; ", n);
        });
        return rows;
    }

    private static void row(
            Map<String, List<String>> rows, List<Entry> entries, String label, Function<Entry, String> value) {
        rows.put(
                label,
                entries.stream()
                        .map(e -> e.facts() == null ? "not run" : value.apply(e))
                        .toList());
    }

    private static String ms(Long v) {
        return v == null ? "not measured" : Format.duration(v);
    }

    static String markdown(String scenario, long bytes, List<Entry> entries, List<String> headline) {
        StringBuilder b = new StringBuilder();
        b.append("# Offline or online? ")
                .append(scenario)
                .append(" at ")
                .append(Sizes.human(bytes))
                .append("\n\n");
        headline.forEach(l -> b.append(MarkdownReport.cell(l)).append("\n\n"));
        b.append("| | ")
                .append(String.join(" | ", entries.stream().map(Entry::strategy).toList()))
                .append(" |\n|---|");
        entries.forEach(e -> b.append("---|"));
        b.append('\n');
        table(entries)
                .forEach((label, values) -> b.append("| ")
                        .append(MarkdownReport.cell(label))
                        .append(" | ")
                        .append(String.join(
                                " | ", values.stream().map(MarkdownReport::cell).toList()))
                        .append(" |\n"));
        b.append("\nThe same fixture, seeded afresh for each path (it is deterministic); offline's downtime is the "
                + "whole import, the application stopped; online's and physical's is the cutover, from writes stopped "
                + "until the target takes them. Each rehearsal's own report: ");
        b.append(String.join(
                        ", ",
                        entries.stream()
                                .map(e -> "[" + e.strategy() + "](" + e.folder() + "/report.md)")
                                .toList()))
                .append(".\n");
        return b.toString();
    }

    static String html(String scenario, long bytes, List<Entry> entries, List<String> headline) {
        Html h = new Html();
        String title = "Offline or online? " + scenario + " at " + Sizes.human(bytes);
        h.raw("<!DOCTYPE html>\n");
        h.open("html", "xmlns", "http://www.w3.org/1999/xhtml", "lang", "en")
                .open("head")
                .raw("<meta charset=\"UTF-8\"/>")
                .el("title", title)
                .open("style")
                .raw("body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;"
                        + "text-align:left;vertical-align:top}.muted{color:#666}")
                .close("style")
                .close("head")
                .open("body")
                .el("h1", title)
                .nl();
        h.open("section", "id", "headline");
        headline.forEach(l -> h.el("p", l));
        h.close("section").nl();
        h.open("section", "id", "comparison")
                .el("h2", "Migration approach comparison, measured")
                .open("table");
        h.open("tr").el("th", "");
        entries.forEach(e -> h.el("th", e.strategy()));
        h.close("tr");
        table(entries).forEach((label, values) -> {
            h.open("tr").el("th", label);
            values.forEach(v -> h.el("td", v));
            h.close("tr");
        });
        h.close("table").close("section").nl();
        h.open("section", "id", "timelines").el("h2", "Timelines, one above the other");
        h.raw(ComparisonChart.lanes(entries));
        h.el(
                "p",
                "Each path from its first migration step; red: the downtime (offline: the whole import; online and "
                        + "physical: the cutover); blue: copying and catching up while the application writes.",
                "class",
                "muted");
        h.close("section").nl();
        h.open("p");
        entries.forEach(e -> h.open("a", "href", e.folder() + "/report.html")
                .text(e.strategy() + "'s report")
                .close("a")
                .text(" "));
        h.close("p").close("body").close("html").nl();
        return h.toString();
    }

    private ComparisonReport() {}
}
