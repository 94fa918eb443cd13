package org.cnpgrehearsal.estimate;

import java.util.List;
import org.cnpgrehearsal.util.BadInputException;

/**
 * What the estimate is told besides the rehearsals and the production profile.
 *
 * @param throughputFactor production throughput divided by the rehearsal machine's; divides the per-unit part of
 *                         every phase (1 when not measured)
 * @param throughputMeasured whether that factor was measured (given): it narrows the hardware part of the range
 * @param restoreJobs      pg_restore {@code --jobs} in production; null: as rehearsed (the manifest's own)
 * @param steps            operator and cutover steps of the night
 * @param target           the production cluster as the manifest describes it
 */
public record EstimateSettings(
        double throughputFactor,
        boolean throughputMeasured,
        Integer restoreJobs,
        List<CutoverStep> steps,
        TargetCluster target) {

    public EstimateSettings {
        if (!(throughputFactor > 0) || Double.isInfinite(throughputFactor)) {
            throw new BadInputException("throughput factor must be a positive number, got " + throughputFactor);
        }
        if (restoreJobs != null && restoreJobs < 1) {
            throw new BadInputException("--jobs must be 1 or more, got " + restoreJobs);
        }
        steps = steps == null ? CutoverStep.DEFAULTS : List.copyOf(steps);
        target = target == null ? TargetCluster.unknown() : target;
    }

    public static EstimateSettings defaults() {
        return new EstimateSettings(1.0, false, null, CutoverStep.DEFAULTS, TargetCluster.unknown());
    }

    public EstimateSettings withTarget(TargetCluster t) {
        return new EstimateSettings(throughputFactor, throughputMeasured, restoreJobs, steps, t);
    }

    public EstimateSettings withRestoreJobs(Integer jobs) {
        return new EstimateSettings(throughputFactor, throughputMeasured, jobs, steps, target);
    }

    public EstimateSettings withThroughputFactor(double factor) {
        return new EstimateSettings(factor, true, restoreJobs, steps, target);
    }

    public EstimateSettings withSteps(List<CutoverStep> s) {
        return new EstimateSettings(throughputFactor, throughputMeasured, restoreJobs, s, target);
    }
}
