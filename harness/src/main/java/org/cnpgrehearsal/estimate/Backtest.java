package org.cnpgrehearsal.estimate;

import java.util.List;
import java.util.Locale;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.PhaseStatus;
import org.cnpgrehearsal.timeline.Phases;

/**
 * Checks the model against a rehearsal it did not see: fit on {@code training} (for example three sizes), predict the
 * sizes of {@code actual} (for example eight times the largest), and compare with what {@code actual} measured. The
 * benchmark of the README prints {@link Result#summary()}.
 */
public final class Backtest {

    /** Predicted and measured import time, and the relative error (predicted - measured) / measured. */
    public record Result(
            Estimate estimate,
            long predictedImportMs,
            long conservativeImportMs,
            long measuredImportMs,
            double relativeError) {
        public String summary() {
            return String.format(
                    Locale.ROOT,
                    "predicted import %d ms (conservative %d ms), measured %d ms: error %+.1f %%",
                    predictedImportMs,
                    conservativeImportMs,
                    measuredImportMs,
                    relativeError * 100);
        }
    }

    public static Result run(List<RehearsalReport> training, RehearsalReport actual) {
        Integer major = actual.postgresVersions() == null
                ? null
                : actual.postgresVersions().sourceMajor();
        ProductionProfile profile = ProductionProfile.ofRehearsal(actual.sizes(), major);
        int jobs = Estimator.restoreJobs(actual.commands());
        Estimate e = Estimator.estimate(training, profile, new EstimateSettings(1.0, jobs, List.of(), null, true));
        long measured = actual.phases().stream()
                .filter(p -> Phases.IMPORT.contains(p.name()) && p.status() == PhaseStatus.SUCCEEDED)
                .mapToLong(PhaseRecord::durationMs)
                .sum();
        double error = measured == 0 ? Double.NaN : (e.importCentralMs() - measured) / (double) measured;
        return new Result(e, e.importCentralMs(), e.importConservativeMs(), measured, error);
    }

    private Backtest() {}
}
