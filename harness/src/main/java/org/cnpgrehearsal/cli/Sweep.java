package org.cnpgrehearsal.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cnpgrehearsal.engine.RehearsalRun;
import org.cnpgrehearsal.estimate.Candidate;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.estimate.TargetCluster;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.report.ConsoleSummary;
import org.cnpgrehearsal.report.MarkdownReport;
import org.cnpgrehearsal.report.ReportWriter;
import org.cnpgrehearsal.report.Verdict;
import org.cnpgrehearsal.scenario.Scenario;

/**
 * {@code rehearse --sizes}: one scenario at several sizes, in one sweep folder ({@code <time>-<scenario>-sweep/}) with a
 * subfolder per size ({@code 20MB/}, {@code 1.5GB/}); with a production size or profile, the sweep's estimate
 * ({@code estimate.html}, {@code .md}, {@code .json}) sits in the sweep folder and links to each rehearsal.
 */
final class Sweep {

    private final RehearsalRun run;
    private final EstimateInputs estimate;
    private final PrintStream out;

    Sweep(RehearsalRun run, EstimateInputs estimate, PrintStream out) {
        this.run = run;
        this.estimate = estimate;
        this.out = out;
    }

    /** The sweep's rehearsals, and its estimate (null when none was asked for). */
    record Result(List<RehearsalRun.Outcome> outcomes, Estimate estimate) {}

    /** Rehearses {@code scenario} at each size into {@code folder}, then writes the sweep's estimate when asked. */
    Result run(Scenario scenario, List<Long> sizes, Path folder) throws Exception {
        ClusterManifest manifest = run.manifest(scenario);
        List<RehearsalRun.Outcome> outcomes = new ArrayList<>();
        for (long bytes : sizes) {
            outcomes.add(run.run(scenario, manifest, bytes, folder.resolve(label(bytes))));
        }
        if (!estimate.given()) {
            out.println("sweep: " + folder
                    + " (pass --production-size SIZE or --profile FILE to estimate the production window from it)");
            return new Result(outcomes, null);
        }
        List<Candidate> candidates = outcomes.stream()
                .map(o -> new Candidate(
                        o.dir().getFileName().toString(),
                        o.report().reportVersion(),
                        o.report().facts()))
                .toList();
        Estimate e = estimate.estimate(candidates, TargetCluster.of(manifest));
        List<MarkdownReport.Link> links = outcomes.stream()
                .map(o -> new MarkdownReport.Link(
                        o.dir().getFileName().toString(),
                        o.dir().getFileName() + "/" + ReportWriter.HTML,
                        o.report().facts().outcome() + ", import "
                                + o.report().facts().importMs() + " ms"))
                .toList();
        Verdict verdict = Verdict.of(
                outcomes.stream()
                        .map(o -> new Verdict.Labelled(o.dir().getFileName().toString(), o.report()))
                        .toList(),
                e);
        ReportWriter.writeEstimate(verdict, e, links, folder);
        out.println();
        out.println("the sweep:");
        ConsoleSummary.verdict(verdict).forEach(out::println);
        out.println();
        ConsoleSummary.estimate(e).forEach(out::println);
        out.println("sweep: " + folder.resolve(ReportWriter.ESTIMATE_HTML));
        return new Result(outcomes, e);
    }

    /** A size as a folder name: "20MB", "1.5GB" (decimal units, as --sizes takes them). */
    static String label(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double v = bytes;
        int i = 0;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        String number = String.format(Locale.ROOT, "%.2f", v).replaceAll("\\.?0+$", "");
        return number + units[i];
    }
}
