package org.cnpgrehearsal.cli;

import java.nio.file.Path;
import java.util.List;
import org.cnpgrehearsal.estimate.CutoverStep;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.estimate.EstimateSettings;
import org.cnpgrehearsal.estimate.Estimator;
import org.cnpgrehearsal.estimate.ProductionProfile;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.Sizes;
import picocli.CommandLine.Option;

/** What the production estimate needs besides rehearsals: shared by {@code estimate} and {@code rehearse}. */
public final class EstimateInputs {

    @Option(
            names = "--profile",
            paramLabel = "FILE",
            description = "Production profile JSON (written by 'profile --out').")
    Path profile;

    @Option(
            names = "--production-size",
            paramLabel = "SIZE",
            description = "Production database size (for example 250GB) when there is no profile.")
    String productionSize;

    @Option(
            names = "--throughput-factor",
            paramLabel = "FACTOR",
            description = "Production throughput / rehearsal machine throughput, measured (default 1.0).")
    Double throughputFactor;

    @Option(
            names = "--jobs",
            paramLabel = "N",
            description = "pg_restore --jobs in production (default: as rehearsed).")
    Integer jobs;

    @Option(
            names = "--steps",
            paramLabel = "FILE",
            description =
                    "Operator and cutover steps, JSON [{\"name\": ..., \"minutes\": ...}] (default: stop writers 5, final checks 10, switch the application 10).")
    Path steps;

    /** Whether the user asked for an estimate (a production size or profile). */
    public boolean given() {
        return profile != null || productionSize != null;
    }

    /** Checks the inputs, reading the files they name; bad input throws {@link BadInputException}. */
    public void validate() {
        if (profile != null && productionSize != null) {
            throw new BadInputException("pass either --profile or --production-size, not both");
        }
        if (!given() && (throughputFactor != null || jobs != null || steps != null)) {
            throw new BadInputException("--throughput-factor, --jobs and --steps shape the production estimate: "
                    + "add --production-size SIZE or --profile FILE");
        }
        if (throughputFactor != null && (!(throughputFactor > 0) || Double.isInfinite(throughputFactor))) {
            throw new BadInputException("--throughput-factor must be a positive number, got " + throughputFactor);
        }
        if (jobs != null && jobs < 1) {
            throw new BadInputException("--jobs must be 1 or more, got " + jobs);
        }
        if (productionSize != null && Sizes.parse(productionSize) == 0) {
            throw new BadInputException(
                    "--production-size " + productionSize + " is zero: pass the size of the database");
        }
        if (profile != null) {
            ProductionProfile.read(profile);
        }
        if (steps != null) {
            CutoverStep.read(steps);
        }
    }

    /** The estimate from {@code reports}; the volume is compared with {@code storageBytes} when known. */
    public Estimate estimate(List<RehearsalReport> reports, List<String> labels, Long storageBytes, boolean walOnData) {
        if (!given()) {
            throw new BadInputException(
                    "the estimate needs the production size: pass --profile FILE or --production-size SIZE");
        }
        ProductionProfile p = profile != null
                ? ProductionProfile.read(profile)
                : ProductionProfile.ofTotalSize(Sizes.parse(productionSize));
        List<CutoverStep> stepList = steps == null ? CutoverStep.DEFAULTS : CutoverStep.read(steps);
        return Estimator.estimate(
                reports,
                labels,
                p,
                new EstimateSettings(
                        throughputFactor == null ? 1.0 : throughputFactor, jobs, stepList, storageBytes, walOnData));
    }

    /** The storage size of a manifest, in bytes (null when it has none). */
    public static Long storageBytes(ClusterManifest m) {
        return m == null || m.storageSize() == null ? null : Sizes.parse(m.storageSize());
    }
}
