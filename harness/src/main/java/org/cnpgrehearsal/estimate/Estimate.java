package org.cnpgrehearsal.estimate;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The estimated production maintenance window: the {@code estimate} section of {@code report.json} and the content of
 * {@code estimate.json}. Durations in milliseconds, sizes in bytes. {@code windowCentralMs} is the import's central
 * estimate plus the operator and cutover steps; {@code windowConservativeMs} uses each phase's conservative bound.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Estimate(
        String statement,
        List<String> rehearsals,
        Production production,
        double throughputFactor,
        Jobs restoreJobs,
        List<PhaseEstimate> phases,
        long importCentralMs,
        long importConservativeMs,
        List<Step> steps,
        long stepsMs,
        long windowCentralMs,
        long windowConservativeMs,
        Volume volume,
        List<String> notes) {

    /** The production sizes the estimate extrapolates to. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Production(
            String source,
            long databaseBytes,
            Long tableBytes,
            Long indexBytes,
            Long toastBytes,
            Long largeObjectBytes,
            Long largestTableBytes,
            Long rows,
            String postgresVersion,
            List<String> extensions) {}

    /** pg_restore --jobs: as rehearsed, for production, and the rule that bounds it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Jobs(int rehearsed, int production, Double effectiveProduction, boolean modelled, String rule) {}

    /** One measured point of a phase: which rehearsal, bytes handled, duration. */
    public record MeasuredPoint(String rehearsal, double bytes, long durationMs) {}

    /**
     * One phase's fit and prediction: {@code quantity} is what it handles ({@code database}, {@code data},
     * {@code index}, {@code table}, {@code data-per-job}); {@code productionBytes} the same quantity in production.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PhaseEstimate(
            String phase,
            String quantity,
            String quantityDescription,
            List<MeasuredPoint> points,
            double fixedMs,
            double perByteMs,
            String method,
            Double rSquared,
            Double residualStdErrMs,
            double productionBytes,
            long centralMs,
            long conservativeMs) {}

    /** An operator or cutover step added to the window. */
    public record Step(String name, double minutes, long durationMs) {}

    /**
     * The volume the import needs at its peak (the dump and the restored data live on the data volume together, plus
     * WAL when it shares that volume) against the manifest's storage size.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Volume(
            long dumpBytes,
            long dataBytes,
            long walHeadroomBytes,
            long requiredBytes,
            Long manifestStorageBytes,
            Boolean sufficient,
            String rule) {}
}
