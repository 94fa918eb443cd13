package org.cnpgrehearsal.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.timeline.PhaseRecord;

/** The matrix of {@code rehearse --all}: one row a scenario, expected against observed. */
public final class Matrix {

    public static void print(List<RehearsalReport> reports, PrintStream out) {
        String format = "%-26s %-30s %-30s %-10s %-20s %-18s %8s%n";
        out.println();
        out.printf(Locale.ROOT, format, "scenario", "expected", "observed", "reproduced", "cause", "phase", "seconds");
        for (RehearsalReport r : reports) {
            var expect = r.judgement().expectation();
            var diagnosis = r.facts().diagnosis();
            String expected = expect.outcome() + (expect.cause() == null ? "" : " " + expect.cause());
            String observed = r.facts().outcome() + (diagnosis == null ? "" : " " + diagnosis.cause());
            long ms = r.facts().phases().stream()
                    .mapToLong(PhaseRecord::durationMs)
                    .sum();
            out.printf(
                    Locale.ROOT,
                    format,
                    r.scenario(),
                    expected,
                    observed,
                    r.reproduced() ? "yes" : "NO",
                    diagnosis == null ? "-" : diagnosis.cause(),
                    diagnosis == null ? "-" : diagnosis.phase(),
                    String.format(Locale.ROOT, "%.1f", ms / 1000.0));
        }
        long met = reports.stream().filter(RehearsalReport::reproduced).count();
        out.println(met + " of " + reports.size() + " scenarios reproduced as expected");
    }

    private Matrix() {}
}
