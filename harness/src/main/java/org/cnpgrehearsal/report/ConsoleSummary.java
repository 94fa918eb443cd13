package org.cnpgrehearsal.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.verify.Check;

/**
 * What the console prints when a rehearsal ends, from the same {@link ReportView} as the reports: the verdict first
 * (production, the window, the source preparation, what to act on), then the rehearsal's own outcome.
 */
public final class ConsoleSummary {

    public static List<String> lines(RehearsalReport r) {
        ReportView v = new ReportView(r);
        List<String> out = new ArrayList<>(verdict(v.verdict));
        if (r.estimate() != null) {
            out.add("");
            out.addAll(estimate(r.estimate()));
        }
        if (r.facts().streamed()) {
            out.add("");
            out.add(v.strategy + " migration:");
            v.strategyFigures.forEach(x -> out.add("  " + x.label() + ": " + x.value()));
            v.strategyNeeds.forEach(n -> out.add("  needs on the source first: " + n));
        }
        out.add("");
        out.add("rehearsal: " + r.facts().outcome() + " (expected "
                + ReportView.expectationText(r.judgement().expectation()) + "): "
                + (r.reproduced() ? "expectation met" : "EXPECTATION NOT MET") + "; import "
                + v.summary.stream()
                        .filter(x -> x.id().equals("import-ms"))
                        .findFirst()
                        .map(ReportView.Row::value)
                        .orElse("")
                + " here");
        if (v.diagnosis != null) {
            out.add("cause: " + v.diagnosis.cause() + " at " + v.diagnosis.phase() + ": " + v.diagnosis.summary());
            v.diagnosis.evidence().stream().limit(3).forEach(e -> out.add("  > " + e));
            out.add("fix: " + v.diagnosis.remediation());
        }
        for (Check c : v.checks) {
            out.add("  " + (c.passed() ? "pass" : "FAIL") + " " + c.name() + ": " + c.detail());
        }
        return out;
    }

    /** The verdict, as every report opens. */
    public static List<String> verdict(Verdict d) {
        List<String> out = new ArrayList<>();
        out.add("");
        out.add("verdict: " + d.headline());
        d.blocking().forEach(b -> out.add("  blocking: " + b));
        d.unchecked().forEach(u -> out.add("  not checked: " + u));
        out.add("window: "
                + (d.window() == null ? "not estimated (pass --production-size SIZE or --profile FILE)" : d.window()));
        out.add("source preparation it relies on (source-prep.sql, undone by source-revert.sql):");
        d.sourcePrep().forEach(s -> out.add("  " + s));
        d.warnings().forEach(w -> out.add("act on: " + w));
        return out;
    }

    /** The estimate on the console: the window with its range, each line of the night, the volume, the method. */
    public static List<String> estimate(Estimate e) {
        EstimateView v = new EstimateView(e);
        List<String> out = new ArrayList<>();
        out.add("production window: " + v.headline);
        out.add("  " + v.breakdown);
        out.add(String.format(Locale.ROOT, "  %-44s %14s  %s", "line", "central", "range"));
        for (EstimateView.Line l : v.lines) {
            out.add(String.format(
                    Locale.ROOT,
                    "  %-44s %14s  %s",
                    shorten(l.name(), 44),
                    Format.duration(l.range().centralMs()),
                    Format.range(l.range())));
        }
        out.add(String.format(Locale.ROOT, "  %-44s %14s  %s", "window", v.window, Format.range(e.window())));
        out.add("volume: " + v.volume);
        out.add("  how: " + v.volumeHow);
        out.add(v.jobs);
        v.leftOut.forEach(l -> out.add("left out: " + l.rehearsal() + " " + l.reason()));
        v.notes.forEach(n -> out.add("caveat: " + n));
        out.add(v.statement);
        out.add(v.method);
        return out;
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }

    private ConsoleSummary() {}
}
