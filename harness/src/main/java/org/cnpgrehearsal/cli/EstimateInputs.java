package org.cnpgrehearsal.cli;

import java.nio.file.Path;
import java.util.List;
import org.cnpgrehearsal.estimate.Candidate;
import org.cnpgrehearsal.estimate.CutoverStep;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.estimate.EstimateSettings;
import org.cnpgrehearsal.estimate.Estimator;
import org.cnpgrehearsal.estimate.ProductionProfile;
import org.cnpgrehearsal.estimate.TargetCluster;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.Sizes;
import picocli.CommandLine.Option;

/** What the production estimate needs besides rehearsals: shared by {@code estimate} and {@code rehearse}. */
public final class EstimateInputs {

    @Option(
            names = "--profile",
            paramLabel = "FILE",
            description = "Production profile JSON (written by 'profile --out'): its sizes and its shape.")
    Path profile;

    @Option(
            names = "--production-size",
            paramLabel = "SIZE",
            description = "Production database size (for example 250GB) when there is no profile; production is then "
                    + "taken to be shaped like the rehearsed fixture.")
    String productionSize;

    @Option(
            names = "--throughput-factor",
            paramLabel = "FACTOR",
            description = "Production throughput / rehearsal machine throughput, measured with the same fixture on "
                    + "both (default: 1, not measured, and the range allows production to be 2 times faster or "
                    + "slower; a measured factor narrows that to 1.25).")
    Double throughputFactor;

    @Option(
            names = "--jobs",
            paramLabel = "N",
            description = "pg_restore --jobs in production (default: the manifest's, as rehearsed). Changes "
                    + "restore-data and restore-post-data: max(work / min(N, processors), the largest item); "
                    + "processors from the manifest's CPU limit, else N.")
    Integer jobs;

    @Option(
            names = "--steps",
            paramLabel = "FILE",
            description =
                    "Operator and cutover steps, JSON [{\"name\": ..., \"minutes\": ..., \"when\": \"before\"|\"after\"}] "
                            + "(default: stop writers 5 before, final checks 10 and switch the application 10 after).")
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

    /** The estimate from {@code candidates}, for the production cluster {@code target}. */
    public Estimate estimate(List<Candidate> candidates, TargetCluster target) {
        if (!given()) {
            throw new BadInputException(
                    "the estimate needs the production size: pass --profile FILE or --production-size SIZE");
        }
        ProductionProfile p = profile != null
                ? ProductionProfile.read(profile)
                : ProductionProfile.ofTotalSize(Sizes.parse(productionSize));
        List<CutoverStep> stepList = steps == null ? CutoverStep.DEFAULTS : CutoverStep.read(steps);
        EstimateSettings settings = new EstimateSettings(
                throughputFactor == null ? 1.0 : throughputFactor, throughputFactor != null, jobs, stepList, target);
        return Estimator.estimate(candidates, p, settings);
    }
}
