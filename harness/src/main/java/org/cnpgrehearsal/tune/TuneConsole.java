package org.cnpgrehearsal.tune;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.cnpgrehearsal.report.Format;
import org.cnpgrehearsal.report.TuneReport;
import org.cnpgrehearsal.report.TuneView;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.util.Sizes;

/** The tune's result on the console: the ranked table, what was not measured, the tuned manifest and its diff. */
final class TuneConsole {

    /** The phases the table shows one by one; the others are summed under "other". */
    private static final List<String> SHOWN = List.of(Phases.DUMP, Phases.RESTORE_DATA, Phases.RESTORE_POST_DATA);

    static void print(TuneReport r, Path dir, PrintStream out) {
        int runs = r.variants().stream().mapToInt(v -> v.importMs().size()).sum();
        out.println();
        out.printf(
                Locale.ROOT,
                "tune: %d variants, %d timed imports (%d runs each, alternating), in %s; median import time in s,"
                        + " range min-max%n",
                r.variants().size(),
                runs,
                r.repeats(),
                Format.duration(r.durationMs()));
        int width = Math.max(
                "variant".length(),
                r.variants().stream().mapToInt(v -> v.name().length()).max().orElse(0));
        String row = "%3s  %-" + width + "s  %7s  %-11s  %5s  %5s  %5s  %5s  %-16s  %9s  %s%n";
        out.printf(
                Locale.ROOT,
                row,
                "#",
                "variant",
                "import",
                "range",
                "dump",
                "data",
                "post",
                "other",
                "vs as written",
                "peak disk",
                "verified");
        for (TuneReport.VariantResult v : r.variants()) {
            boolean timed = !v.importMs().isEmpty();
            out.printf(
                    Locale.ROOT,
                    row,
                    v.rank(),
                    v.name(),
                    timed ? TuneView.seconds(v.medianMs()) : "-",
                    timed ? TuneView.seconds(v.minMs()) + "-" + TuneView.seconds(v.maxMs()) : "",
                    TuneView.phase(v, Phases.DUMP),
                    TuneView.phase(v, Phases.RESTORE_DATA),
                    TuneView.phase(v, Phases.RESTORE_POST_DATA),
                    timed ? TuneView.seconds(other(v)) : "",
                    TuneView.changeText(v, ""),
                    v.peakBytes() == null ? "" : Sizes.human(v.peakBytes()),
                    v.passed() ? "passed" : "FAILED");
        }
        out.println("(" + r.rule() + ")");
        for (TuneReport.VariantResult v : r.variants()) {
            if (!v.passed()) {
                out.println("  " + v.name() + ": " + v.verification());
            }
        }
        if (!r.skipped().isEmpty()) {
            out.println("not measured:");
            r.skipped().forEach(s -> out.println("  " + s.knob() + ": " + s.reason()));
        }
        out.println();
        TuneReport.Tuned t = r.tuned();
        TuneReport.VariantResult tuned = TuneView.tuned(r);
        out.println("tuned: " + t.variant() + TuneView.changeText(tuned, ", "));
        tuned.consequences().forEach(c -> out.println("  also: " + c));
        r.variants().stream()
                .filter(v -> v.faster() && v.notAdopted() != null && !v.name().equals(t.variant()))
                .forEach(v -> out.println("  not taken: " + v.name() + ": " + v.notAdopted()));
        if (t.asWrittenEstimate() != null) {
            out.println("production window ("
                    + Sizes.human(t.asWrittenEstimate().production().databaseBytes()) + "): " + TuneView.windows(t));
        }
        out.println("tuned manifest: " + dir.resolve(t.manifestFile()));
        out.println("diff: " + dir.resolve(t.diffFile()));
        t.diff().lines().forEach(l -> out.println("  " + l));
        out.println("report: " + dir.resolve("report.md"));
    }

    private static long other(TuneReport.VariantResult v) {
        return v.phases().stream()
                .filter(p -> !SHOWN.contains(p.phase()))
                .mapToLong(TuneReport.PhaseStat::medianMs)
                .sum();
    }

    private TuneConsole() {}
}
