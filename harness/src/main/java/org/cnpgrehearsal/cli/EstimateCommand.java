package org.cnpgrehearsal.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.report.Format;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.report.ReportJson;
import org.cnpgrehearsal.report.ReportWriter;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.InputFiles;
import org.cnpgrehearsal.util.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code estimate}: recomputes the production window from earlier rehearsals' report.json, running nothing. */
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
            "The estimate extrapolates the rehearsal machine's throughput; pass --throughput-factor when you have "
                    + "measured production hardware against it."
        })
public final class EstimateCommand implements Callable<Integer> {

    @Option(
            names = "--from",
            required = true,
            arity = "1..*",
            paramLabel = "DIR",
            description =
                    "Report folders of earlier rehearsals (each holds report.json); several sizes give a fitted model.")
    List<Path> from = new ArrayList<>();

    @Mixin
    EstimateInputs inputs = new EstimateInputs();

    @Option(
            names = "--manifest",
            paramLabel = "FILE",
            description = "The CNPG Cluster manifest, to compare its storage size with the volume the import needs.")
    Path manifest;

    @Option(
            names = "--storage-size",
            paramLabel = "SIZE",
            description = "The target volume size, instead of --manifest.")
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
        if (out != null) {
            InputFiles.writableFolder("--out", out);
        }
        Estimate e = compute();
        console.human().println(summary(e));
        if (out != null) {
            ReportWriter.writeEstimate(e, out);
            console.human().println("estimate written to " + out.resolve("estimate.html"));
        }
        if (console.json()) {
            console.printJson(JsonDocuments.estimate(e));
        }
        return 0;
    }

    /** Reads the inputs and computes the estimate; bad input throws {@link BadInputException}. */
    Estimate compute() {
        if (manifest != null && storageSize != null) {
            throw new BadInputException("--manifest and --storage-size both give the volume size: pass one");
        }
        if (!inputs.given()) {
            throw new BadInputException(
                    "the estimate needs the production size: pass --profile FILE or --production-size SIZE");
        }
        inputs.validate();
        List<RehearsalReport> reports = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Path dir : from) {
            reports.add(ReportJson.read(dir));
            Path name = (Files.isDirectory(dir) ? dir : dir.toAbsolutePath().getParent())
                    .toAbsolutePath()
                    .normalize()
                    .getFileName();
            labels.add(name == null ? dir.toString() : name.toString());
        }
        ClusterManifest m = manifest == null ? null : ManifestReader.read(manifest);
        Long storage = storageSize != null ? Long.valueOf(Sizes.parse(storageSize)) : EstimateInputs.storageBytes(m);
        return inputs.estimate(reports, labels, storage, m == null || m.walStorageSize() == null);
    }

    static String summary(Estimate e) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-22s %14s %14s%n", "phase", "central", "conservative"));
        for (Estimate.PhaseEstimate ph : e.phases()) {
            b.append(String.format(
                    "%-22s %14s %14s%n",
                    ph.phase(), Format.duration(ph.centralMs()), Format.duration(ph.conservativeMs())));
        }
        b.append(String.format(
                "%-22s %14s %14s%n",
                "import", Format.duration(e.importCentralMs()), Format.duration(e.importConservativeMs())));
        b.append(String.format(
                "%-22s %14s %14s%n", "steps", Format.duration(e.stepsMs()), Format.duration(e.stepsMs())));
        b.append(String.format(
                "%-22s %14s %14s%n",
                "window", Format.duration(e.windowCentralMs()), Format.duration(e.windowConservativeMs())));
        var v = e.volume();
        b.append("volume needed: ").append(Sizes.human(v.requiredBytes()));
        if (v.manifestStorageBytes() != null) {
            b.append(" (manifest: ")
                    .append(Sizes.human(v.manifestStorageBytes()))
                    .append(Boolean.TRUE.equals(v.sufficient()) ? ", enough)" : ", NOT enough)");
        }
        b.append('\n').append(e.statement());
        return b.toString();
    }
}
