package org.cnpgrehearsal.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cnpgrehearsal.strategy.StrategyFacts;

/**
 * How a rehearsal's migration path reads: its figures (copy, catch-up, downtime, WAL, sessions, writes) and what the
 * source needed first, for the {@link ReportView} every report formats and for the comparison.
 */
final class StrategyView {

    /** The figures as label and value, in reading order; only those measured. */
    static List<ReportView.Row> figures(StrategyFacts f) {
        List<ReportView.Row> rows = new ArrayList<>();
        boolean offline = "offline".equals(f.strategy());
        add(
                rows,
                offline ? "Downtime (the whole import: the application is stopped)" : "Downtime (the cutover)",
                f.downtimeMs());
        if (!offline && f.drainMs() != null) {
            add(
                    rows,
                    "Of which: last writes drained, then switched",
                    Format.duration(f.drainMs()) + " + " + Format.duration(f.switchMs()));
        }
        if (!offline) {
            add(rows, "Copy while the application writes", f.copyMs());
            add(rows, "Catch-up", f.catchUpMs());
            add(rows, "Total, first step to cutover done", f.totalMs());
        }
        if (f.walRetainedPeakBytes() != null) {
            add(
                    rows,
                    "WAL retained on the source (peak)",
                    f.walRetainedPeakBytes() == 0
                            ? "none (no replication slot)"
                            : Format.bytes(f.walRetainedPeakBytes()));
        }
        if (f.walWrittenBytes() != null) {
            add(rows, "WAL written on the source meanwhile", Format.bytes(f.walWrittenBytes()));
        }
        if (f.sourceSessionsPeak() != null) {
            add(rows, "Sessions serving the migration on the source (peak)", f.sourceSessionsPeak() + "");
        }
        StrategyFacts.Writes w = f.writes();
        if (w != null) {
            add(
                    rows,
                    "Application writes during the copy",
                    w.statements() + " committed statements (" + w.inserts() + " inserts, " + w.updates()
                            + " updates, " + w.deletes() + " deletes) at "
                            + String.format(Locale.ROOT, "%.1f", w.achievedRate()) + "/s (asked " + w.requestedRate()
                            + "/s), " + w.rowsTouched() + " rows");
            if (w.medianLatencyDuringCopyMs() != null) {
                add(
                        rows,
                        "Their median latency on the source: during the copy, after it",
                        ms(w.medianLatencyDuringCopyMs()) + ", " + ms(w.medianLatencyAfterCopyMs()));
            }
        }
        if (f.cutoverSteps() != null && !f.cutoverSteps().isEmpty()) {
            add(rows, "Cutover steps", String.join("; ", f.cutoverSteps()));
        }
        return List.copyOf(rows);
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

    private static void add(List<ReportView.Row> rows, String label, Long ms) {
        if (ms != null) {
            add(rows, label, Format.duration(ms));
        }
    }

    private static void add(List<ReportView.Row> rows, String label, String value) {
        rows.add(new ReportView.Row(label, value, null, null));
    }

    private static String ms(Double v) {
        return v == null ? "none" : String.format(Locale.ROOT, "%.1f ms", v);
    }

    private StrategyView() {}
}
