package org.cnpgrehearsal.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cnpgrehearsal.estimate.Candidate;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.estimate.TargetCluster;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.report.ConsoleSummary;
import org.cnpgrehearsal.report.MarkdownReport;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.report.ReportJson;
import org.cnpgrehearsal.report.ReportWriter;
import org.cnpgrehearsal.report.Verdict;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code estimate}: recomputes the production night from earlier rehearsals' report.json, running nothing. Only
 * successful rehearsals of one scenario, manifest and fixture are used; the others are listed with why; none left is
 * bad input (exit 2).
 */
@Command(
        name = "estimate",
        mixinStandardHelpOptions = true,
        description = {
            "Estimate the production maintenance window from earlier rehearsals (a sweep of sizes) and a "
                    + "production profile, without running anything.",
            "Only successful rehearsals of the same scenario, manifest and fixture are used; the others are "
                    + "listed with the reason. The estimate extrapolates the rehearsal machine's throughput; pass "
                    + "--throughput-factor when you have measured production hardware against it."
        })
public final class EstimateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--from",
            required = true,
            arity = "1..*",
            paramLabel = "REPORT_DIR",
            description =
                    "Report folders of earlier rehearsals (each holds report.json); several sizes give a fitted model.")
    List<Path> from = new ArrayList<>();

    @Mixin
    EstimateInputs inputs = new EstimateInputs();

    @Option(
            names = "--manifest",
            paramLabel = "FILE",
            description = "The CNPG Cluster manifest for production (storage size, instances, parameters, CPU limit) "
                    + "(default: the one the rehearsals rehearsed, when it is still there).")
    Path manifest;

    @Option(
            names = "--storage-size",
            paramLabel = "SIZE",
            description = "The target volume size, instead of the manifest's.")
    String storageSize;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Write estimate.json, estimate.md and estimate.html here.")
    Path out;

    @Override
    public Integer call() {
        List<RehearsalReport> reports = from.stream().map(ReportJson::read).toList();
        List<Candidate> candidates = candidates(reports);
        Estimate e = compute(candidates);
        Verdict verdict = Verdict.of(sameSubject(reports, e), e);
        PrintWriter w = spec == null
                ? new PrintWriter(System.out, true)
                : spec.commandLine().getOut();
        ConsoleSummary.verdict(verdict).forEach(w::println);
        w.println();
        ConsoleSummary.estimate(e).forEach(w::println);
        if (out != null) {
            ReportWriter.writeEstimate(verdict, e, links(out, e), out);
            w.println("estimate written to " + out.resolve(ReportWriter.ESTIMATE_HTML));
        }
        w.flush();
        return 0;
    }

    /** The rehearsals of the estimate's scenario, manifest and fixture, failed ones too: each may block. */
    private List<Verdict.Labelled> sameSubject(List<RehearsalReport> reports, Estimate e) {
        String used = e.rehearsals().get(0);
        RehearsalReport reference = null;
        for (int i = 0; i < from.size(); i++) {
            if (label(from.get(i)).equals(used)) {
                reference = reports.get(i);
            }
        }
        List<Verdict.Labelled> same = new ArrayList<>();
        for (int i = 0; i < from.size(); i++) {
            if (reference != null
                    && reports.get(i).facts().subject().sameAs(reference.facts().subject())) {
                same.add(new Verdict.Labelled(label(from.get(i)), reports.get(i)));
            }
        }
        return same;
    }

    /** Reads the inputs and computes the estimate; bad input throws {@link BadInputException}. */
    Estimate compute() {
        return compute(candidates(from.stream().map(ReportJson::read).toList()));
    }

    private Estimate compute(List<Candidate> candidates) {
        inputs.validate();
        Path manifestFile = manifest != null ? manifest : rehearsedManifest(candidates);
        ClusterManifest m = manifestFile == null ? null : ManifestReader.read(manifestFile);
        TargetCluster target = TargetCluster.of(m);
        if (storageSize != null) {
            target = target.withStorageBytes(Sizes.parse(storageSize));
        }
        return inputs.estimate(candidates, target);
    }

    private List<Candidate> candidates(List<RehearsalReport> reports) {
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < from.size(); i++) {
            RehearsalReport r = reports.get(i);
            candidates.add(new Candidate(label(from.get(i)), r.reportVersion(), r.facts()));
        }
        return candidates;
    }

    /** The manifest the first successful rehearsal rehearsed, when the file is still there. */
    private static Path rehearsedManifest(List<Candidate> candidates) {
        return candidates.stream()
                .filter(c -> c.facts().succeeded() && c.facts().subject().manifest() != null)
                .map(c -> Path.of(c.facts().subject().manifest()))
                .filter(Files::isRegularFile)
                .findFirst()
                .orElse(null);
    }

    private List<MarkdownReport.Link> links(Path outDir, Estimate e) {
        List<MarkdownReport.Link> links = new ArrayList<>();
        for (Path dir : from) {
            Path folder = Files.isDirectory(dir) ? dir : dir.toAbsolutePath().getParent();
            Path report = folder.resolve(ReportWriter.HTML).toAbsolutePath().normalize();
            String href = outDir.toAbsolutePath().normalize().relativize(report).toString();
            String label = label(dir);
            String detail = e.leftOut().stream()
                    .filter(l -> l.rehearsal().equals(label))
                    .map(l -> "left out: it " + l.reason())
                    .findFirst()
                    .orElse("used");
            links.add(new MarkdownReport.Link(label, href, detail));
        }
        return links;
    }

    private static String label(Path dir) {
        Path name = (Files.isDirectory(dir) ? dir : dir.toAbsolutePath().getParent())
                .toAbsolutePath()
                .normalize()
                .getFileName();
        return name == null ? dir.toString() : name.toString();
    }
}
