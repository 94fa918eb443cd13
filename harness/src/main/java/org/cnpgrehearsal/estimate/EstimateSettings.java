package org.cnpgrehearsal.estimate;

import java.util.List;
import org.cnpgrehearsal.util.BadInputException;

/**
 * What the estimate is told besides the rehearsals and the profile.
 *
 * @param throughputFactor     production throughput divided by the rehearsal machine's, measured (for example with
 *                             the same fixture rehearsed on both); divides the per-byte part of every phase. 1 when
 *                             unknown.
 * @param restoreJobs          pg_restore {@code --jobs} in production; null: as in the rehearsals' commands
 * @param steps                operator and cutover steps added to the window
 * @param manifestStorageBytes the manifest's {@code storage.size}, to compare the required volume with; null if unknown
 * @param walOnDataVolume      whether WAL shares the data volume (no {@code walStorage} in the manifest)
 */
public record EstimateSettings(
        double throughputFactor,
        Integer restoreJobs,
        List<CutoverStep> steps,
        Long manifestStorageBytes,
        boolean walOnDataVolume) {

    public EstimateSettings {
        if (!(throughputFactor > 0) || Double.isInfinite(throughputFactor)) {
            throw new BadInputException("throughput factor must be a positive number, got " + throughputFactor);
        }
        steps = steps == null ? CutoverStep.DEFAULTS : List.copyOf(steps);
    }

    public static EstimateSettings defaults() {
        return new EstimateSettings(1.0, null, CutoverStep.DEFAULTS, null, true);
    }

    public EstimateSettings withManifestStorage(Long bytes, boolean walOnData) {
        return new EstimateSettings(throughputFactor, restoreJobs, steps, bytes, walOnData);
    }
}
