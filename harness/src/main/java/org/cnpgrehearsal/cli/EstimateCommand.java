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
        List<Candidate> candidates = candidates();
        Estimate e = compute(candidates);
        PrintWriter w = spec == null
                ? new PrintWriter(System.out, true)
                : spec.commandLine().getOut();
        ConsoleSummary.estimate(e).forEach(w::println);
        if (out != null) {
            ReportWriter.writeEstimate(e, links(out), out);
            w.println("estimate written to " + out.resolve(ReportWriter.ESTIMATE_HTML));
        }
        w.flush();
        return 0;
    }

    /** Reads the inputs and computes the estimate; bad input throws {@link BadInputException}. */
    Estimate compute() {
        return compute(candidates());
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

    private List<Candidate> candidates() {
        List<Candidate> candidates = new ArrayList<>();
        for (Path dir : from) {
            RehearsalReport r = ReportJson.read(dir);
            candidates.add(new Candidate(label(dir), r.reportVersion(), r.facts()));
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

    private List<MarkdownReport.Link> links(Path outDir) {
        List<MarkdownReport.Link> links = new ArrayList<>();
        for (Path dir : from) {
            Path folder = Files.isDirectory(dir) ? dir : dir.toAbsolutePath().getParent();
            Path report = folder.resolve(ReportWriter.HTML).toAbsolutePath().normalize();
            String href = outDir.toAbsolutePath().normalize().relativize(report).toString();
            links.add(new MarkdownReport.Link(label(dir), href, "the rehearsal's report"));
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
