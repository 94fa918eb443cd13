package org.cnpgrehearsal.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.cnpgrehearsal.preflight.PreflightReport;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.timeline.PhaseRecord;

/**
 * The matrix of {@code rehearse --all}: one row a scenario, expected against observed. The same rows make the JSON
 * output and the JUnit file.
 */
public final class Matrix {

    /**
     * The rule of the "preflight saw it" column, stated once: the preflight that every rehearsal runs against its
     * source before the import said no-go. A warning alone does not count: the same warnings (large objects readable
     * only through lo_compat_privileges, say) show on scenarios that pass, and counting them made every row yes,
     * hiding the failures the preflight did not foresee.
     */
    public static final String PREFLIGHT_RULE =
            "preflight saw it: yes when the preflight run against the rehearsal source before the import said no-go "
                    + "(warnings alone do not count)";

    /** One rehearsal as the matrix shows it. */
    public record Row(
            String scenario,
            String expected,
            String observed,
            boolean reproduced,
            String cause,
            String phase,
            double seconds,
            boolean preflightSawIt) {

        public static Row of(RehearsalReport r) {
            var expect = r.judgement().expectation();
            var diagnosis = r.facts().diagnosis();
            String expected = expect.outcome() + (expect.cause() == null ? "" : " " + expect.cause());
            String observed = r.facts().outcome() + (diagnosis == null ? "" : " " + diagnosis.cause());
            long ms = r.facts().phases().stream()
                    .mapToLong(PhaseRecord::durationMs)
                    .sum();
            return new Row(
                    r.scenario(),
                    expected,
                    observed,
                    r.reproduced(),
                    diagnosis == null ? null : diagnosis.cause().name(),
                    diagnosis == null ? null : diagnosis.phase(),
                    ms / 1000.0,
                    Matrix.preflightSawIt(r.preflight()));
        }
    }

    /** See {@link #PREFLIGHT_RULE}; false when the rehearsal has no preflight (it failed before). */
    static boolean preflightSawIt(PreflightReport preflight) {
        return preflight != null && !preflight.go();
    }

    public static void print(List<RehearsalReport> reports, PrintStream out, Console console) {
        String format = "%-26s %-30s %-30s %s %-20s %-18s %8s  %s%n";
        out.println();
        out.printf(
                Locale.ROOT,
                format,
                "scenario",
                "expected",
                "observed",
                String.format("%-10s", "reproduced"),
                "cause",
                "phase",
                "seconds",
                "preflight saw it");
        for (RehearsalReport r : reports) {
            Row row = Row.of(r);
            out.printf(
                    Locale.ROOT,
                    format,
                    row.scenario(),
                    row.expected(),
                    row.observed(),
                    row.reproduced() ? String.format("%-10s", "yes") : console.red(String.format("%-10s", "NO")),
                    row.cause() == null ? "-" : row.cause(),
                    row.phase() == null ? "-" : row.phase(),
                    String.format(Locale.ROOT, "%.1f", row.seconds()),
                    row.preflightSawIt() ? "yes" : "no");
        }
        long met = reports.stream().filter(RehearsalReport::reproduced).count();
        out.println(met + " of " + reports.size() + " scenarios reproduced as expected (" + PREFLIGHT_RULE + ")");
    }

    private Matrix() {}
}
