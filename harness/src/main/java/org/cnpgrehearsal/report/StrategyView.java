package org.cnpgrehearsal.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cnpgrehearsal.strategy.SourceRequirement;
import org.cnpgrehearsal.strategy.StrategyFacts;

/**
 * How a rehearsal's migration path reads: its figures (copy, catch-up, downtime, WAL, sessions, writes), what the
 * source needed first, and {@code source-prep.sql}; as console lines, a Markdown section and an HTML section.
 */
public final class StrategyView {

    /** The figures as label and value, in reading order; only those measured. */
    static List<String[]> figures(StrategyFacts f) {
        List<String[]> rows = new ArrayList<>();
        boolean offline = "offline".equals(f.strategy());
        add(
                rows,
                offline ? "Downtime (the whole import: the application is stopped)" : "Downtime (the cutover)",
                f.downtimeMs());
        if (!offline && f.drainMs() != null) {
            rows.add(new String[] {
                "Of which: last writes drained, then switched",
                Format.duration(f.drainMs()) + " + " + Format.duration(f.switchMs())
            });
        }
        if (!offline) {
            add(rows, "Copy while the application writes", f.copyMs());
            add(rows, "Catch-up", f.catchUpMs());
            add(rows, "Total, first step to cutover done", f.totalMs());
        }
        if (f.walRetainedPeakBytes() != null) {
            rows.add(new String[] {
                "WAL retained on the source (peak)",
                f.walRetainedPeakBytes() == 0 ? "none (no replication slot)" : Format.bytes(f.walRetainedPeakBytes())
            });
        }
        if (f.walWrittenBytes() != null) {
            rows.add(new String[] {"WAL written on the source meanwhile", Format.bytes(f.walWrittenBytes())});
        }
        if (f.sourceSessionsPeak() != null) {
            rows.add(new String[] {"Sessions serving the migration on the source (peak)", f.sourceSessionsPeak() + ""});
        }
        StrategyFacts.Writes w = f.writes();
        if (w != null) {
            rows.add(new String[] {
                "Application writes during the copy",
                w.statements() + " committed statements (" + w.inserts() + " inserts, " + w.updates() + " updates, "
                        + w.deletes() + " deletes) at " + String.format(Locale.ROOT, "%.1f", w.achievedRate())
                        + "/s (asked " + w.requestedRate() + "/s), " + w.rowsTouched() + " rows"
            });
            if (w.medianLatencyDuringCopyMs() != null) {
                rows.add(new String[] {
                    "Their median latency on the source: during the copy, after it",
                    ms(w.medianLatencyDuringCopyMs()) + ", " + ms(w.medianLatencyAfterCopyMs())
                });
            }
        }
        if (f.cutoverSteps() != null && !f.cutoverSteps().isEmpty()) {
            rows.add(new String[] {"Cutover steps", String.join("; ", f.cutoverSteps())});
        }
        return rows;
    }

    /** Console lines after the phase table. */
    public static List<String> lines(StrategyFacts f) {
        List<String> out = new ArrayList<>();
        out.add(f.strategy() + " migration:");
        figures(f).forEach(r -> out.add("  " + r[0] + ": " + r[1]));
        needed(f).forEach(n -> out.add("  needs on the source first: " + n));
        return out;
    }

    /** What the source needed that a Zalando cluster does not have as it comes. */
    static List<String> needed(StrategyFacts f) {
        return f.requirements() == null
                ? List.of()
                : f.requirements().stream()
                        .filter(r -> !r.alreadyMet())
                        .map(r -> r.what() + " (" + r.how() + ")")
                        .toList();
    }

    /** source-prep.sql: what to run on the source before the migration starts, each with its reason. */
    public static String sourcePrep(StrategyFacts f) {
        StringBuilder b = new StringBuilder();
        b.append("-- ").append(f.strategy()).append(" migration: what the source needs before it starts\n");
        b.append("-- (written by cnpg-rehearsal from the rehearsal; run as the source's superuser)\n");
        if (f.sourcePrep() == null || f.sourcePrep().isEmpty()) {
            b.append("-- nothing to run: ");
            f.requirements().stream()
                    .filter(SourceRequirement::alreadyMet)
                    .forEach(
                            r -> b.append(r.what()).append(": ").append(r.how()).append(". "));
            b.append('\n');
        } else {
            f.sourcePrep().forEach(l -> b.append(l).append('\n'));
        }
        return b.toString();
    }

    /** The Markdown section. */
    static String markdown(StrategyFacts f) {
        StringBuilder b = new StringBuilder();
        b.append("## Migration path: ").append(f.strategy()).append("\n\n| | |\n|---|---|\n");
        figures(f)
                .forEach(r -> b.append("| ")
                        .append(MarkdownReport.cell(r[0]))
                        .append(" | ")
                        .append(MarkdownReport.cell(r[1]))
                        .append(" |\n"));
        b.append('\n');
        List<String> needed = needed(f);
        if (!needed.isEmpty()) {
            b.append("Needs on the source first:\n\n");
            needed.forEach(n -> b.append("- ").append(MarkdownReport.cell(n)).append('\n'));
            b.append('\n');
        }
        return b.toString();
    }

    /** The HTML section. */
    static String html(StrategyFacts f) {
        Html h = new Html();
        h.open("section", "id", "strategy")
                .el("h2", "Migration path: " + f.strategy())
                .open("table");
        for (String[] r : figures(f)) {
            h.open("tr").el("th", r[0]).el("td", r[1]).close("tr");
        }
        h.close("table");
        List<String> needed = needed(f);
        if (!needed.isEmpty()) {
            h.el("p", "Needs on the source first:").open("ul");
            needed.forEach(n -> h.el("li", n));
            h.close("ul");
        }
        h.close("section").nl();
        return h.toString();
    }

    private static void add(List<String[]> rows, String label, Long ms) {
        if (ms != null) {
            rows.add(new String[] {label, Format.duration(ms)});
        }
    }

    private static String ms(Double v) {
        return v == null ? "none" : String.format(Locale.ROOT, "%.1f ms", v);
    }

    private StrategyView() {}
}
