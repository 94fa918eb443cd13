package org.cnpgrehearsal.cli;

import java.io.IOException;
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
import org.cnpgrehearsal.util.InputFiles;
import org.cnpgrehearsal.util.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code estimate}: recomputes the production night from earlier rehearsals' report.json, running nothing. Only
 * successful rehearsals of one scenario, manifest and fixture are used; the others are listed with why; none left is
 * bad input (exit 2).
 */
@Command(
        name = "estimate",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {
            "  estimate --from reports/*-happy-path-* --production-size 250GB --manifest database-cnpg.yaml",
            "  estimate --from reports/sweep/* --profile prod.json --throughput-factor 1.8 --jobs 8 --out window/ "
                    + "--output json"
        },
        description = {
            "Estimate the production maintenance window from earlier rehearsals (a sweep of sizes) and a "
                    + "production profile, without running anything.",
            "Only successful rehearsals of the same scenario, manifest and fixture are used; the others are "
                    + "listed with the reason. The estimate extrapolates the rehearsal machine's throughput; pass "
                    + "--throughput-factor when you have measured production hardware against it."
        })
public final class EstimateCommand implements Callable<Integer> {

    @Option(
            names = "--from",
            required = true,
            arity = "1..*",
            paramLabel = "DIR",
            description =
                    "Report folders of earlier rehearsals (each holds report.json), or sweep folders (their rehearsals); "
                            + "several sizes give a fitted model.")
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

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        Console console = output.console();
        checkOptions();
        if (out != null) {
            InputFiles.writableFolder("--out", out);
        }
        List<Path> folders = rehearsalFolders();
        List<RehearsalReport> reports = folders.stream().map(ReportJson::read).toList();
        List<Candidate> candidates = candidates(folders, reports);
        Estimate e = compute(candidates);
        Verdict verdict = Verdict.of(sameSubject(folders, reports, e), e);
        ConsoleSummary.verdict(verdict).forEach(console.human()::println);
        console.human().println();
        ConsoleSummary.estimate(e).forEach(console.human()::println);
        if (out != null) {
            ReportWriter.writeEstimate(verdict, e, links(folders, out, e), out);
            console.human().println("estimate written to " + out.resolve(ReportWriter.ESTIMATE_HTML));
        }
        if (console.json()) {
            console.printJson(JsonDocuments.estimate(e));
        }
        return 0;
    }

    /** The rehearsals of the estimate's scenario, manifest and fixture, failed ones too: each may block. */
    private static List<Verdict.Labelled> sameSubject(List<Path> folders, List<RehearsalReport> reports, Estimate e) {
        String used = e.rehearsals().get(0);
        RehearsalReport reference = null;
        for (int i = 0; i < folders.size(); i++) {
            if (label(folders.get(i)).equals(used)) {
                reference = reports.get(i);
            }
        }
        List<Verdict.Labelled> same = new ArrayList<>();
        for (int i = 0; i < folders.size(); i++) {
            if (reference != null
                    && reports.get(i).facts().subject().sameAs(reference.facts().subject())) {
                same.add(new Verdict.Labelled(label(folders.get(i)), reports.get(i)));
            }
        }
        return same;
    }

    /**
     * The rehearsals given: each folder holding a report.json, and each rehearsal of a sweep folder (so that
     * {@code --from reports/*} reads sweeps too). A folder that is neither is bad input.
     */
    private List<Path> rehearsalFolders() {
        List<Path> folders = new ArrayList<>();
        for (Path p : from) {
            if (Files.isDirectory(p) && !Files.exists(p.resolve(ReportWriter.JSON))) {
                try (var children = Files.list(p)) {
                    List<Path> rehearsals = children.filter(c -> Files.isRegularFile(c.resolve(ReportWriter.JSON)))
                            .sorted()
                            .toList();
                    if (!rehearsals.isEmpty()) {
                        folders.addAll(rehearsals);
                        continue;
                    }
                } catch (IOException e) {
                    throw new BadInputException("cannot read the folder " + p + ": " + e.getMessage());
                }
            }
            folders.add(p);
        }
        return folders;
    }

    /** Reads the inputs and computes the estimate; bad input throws {@link BadInputException}. */
    Estimate compute() {
        List<Path> folders = rehearsalFolders();
        return compute(
                candidates(folders, folders.stream().map(ReportJson::read).toList()));
    }

    /** The options alone, before any folder is read: bad input first, whatever the folders hold. */
    private void checkOptions() {
        if (manifest != null && storageSize != null) {
            throw new BadInputException("--manifest and --storage-size both give the volume size: pass one");
        }
        if (!inputs.given()) {
            throw new BadInputException(
                    "the estimate needs the production size: pass --profile FILE or --production-size SIZE");
        }
        inputs.validate();
    }

    private Estimate compute(List<Candidate> candidates) {
        checkOptions();
        Path manifestFile = manifest != null ? manifest : rehearsedManifest(candidates);
        ClusterManifest m = manifestFile == null ? null : ManifestReader.read(manifestFile);
        TargetCluster target = TargetCluster.of(m);
        if (storageSize != null) {
            target = target.withStorageBytes(Sizes.parse(storageSize));
        }
        return inputs.estimate(candidates, target);
    }

    private static List<Candidate> candidates(List<Path> folders, List<RehearsalReport> reports) {
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < folders.size(); i++) {
            RehearsalReport r = reports.get(i);
            candidates.add(new Candidate(label(folders.get(i)), r.reportVersion(), r.facts()));
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

    private static List<MarkdownReport.Link> links(List<Path> folders, Path outDir, Estimate e) {
        List<MarkdownReport.Link> links = new ArrayList<>();
        for (Path dir : folders) {
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

    /** A rehearsal's folder name; inside a sweep, the sweep's too ("...-sweep/20MB"). */
    private static String label(Path dir) {
        Path folder = (Files.isDirectory(dir) ? dir : dir.toAbsolutePath().getParent())
                .toAbsolutePath()
                .normalize();
        Path name = folder.getFileName();
        if (name == null) {
            return dir.toString();
        }
        Path parent = folder.getParent();
        return parent != null
                        && parent.getFileName() != null
                        && parent.getFileName().toString().endsWith("-sweep")
                ? parent.getFileName() + "/" + name
                : name.toString();
    }
}
