package org.cnpgrehearsal.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.results.Environment;

/**
 * What {@code rehearse --tune} found: {@code tune.json}, and what the tune's {@code report.md} and {@code report.html}
 * show. Durations in milliseconds, sizes in bytes. {@code variants} are ranked: those that passed by their median
 * import time, then those that did not. {@code rule} says when a variant counts as faster than the manifest as
 * written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TuneReport(
        String tool,
        String toolVersion,
        String scenario,
        String platform,
        Instant startedAt,
        long durationMs,
        Environment.PostgresVersions postgresVersions,
        String manifest,
        String storageSize,
        Long storageBytes,
        long sourceDatabaseBytes,
        Machine machine,
        int repeats,
        String rule,
        List<VariantResult> variants,
        List<Skipped> skipped,
        Tuned tuned,
        List<String> notes) {

    /**
     * The machine the variants ran on: its cores (which bound the parallel variants), its load average (1, 5, 15
     * minutes) before and after, and the CPU the manifest gives the production instance, when it says.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Machine(int cores, String loadBefore, String loadAfter, String productionCpu) {}

    /** One import phase of a variant over its runs. */
    public record PhaseStat(String phase, long medianMs, long minMs, long maxMs) {}

    /**
     * One variant: its changes to the manifest (none for the manifest as written) and what else they change; each
     * run's import time and their median and range; each phase's; the most the target's volume held at once; the WAL
     * the import wrote; how verification ended; whether the manifest's volume holds it ({@code fitsVolume}, null when
     * unknown) and the largest database it would hold with this variant; the change of the median against the manifest
     * as written, and whether that counts as faster by the rule; why the tuned manifest may not take it; with a
     * production size, the window estimated for it; and the folder of its verified run's report.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VariantResult(
            int rank,
            String name,
            List<String> changes,
            List<String> consequences,
            List<Long> importMs,
            long medianMs,
            long minMs,
            long maxMs,
            List<PhaseStat> phases,
            Long peakBytes,
            Long largestDatabaseBytes,
            Long walBytes,
            boolean passed,
            String verification,
            Boolean fitsVolume,
            Double changePercent,
            boolean faster,
            String notAdopted,
            Long windowCentralMs,
            Long windowHighMs,
            String reportDir) {}

    /** A knob not measured, and why. */
    public record Skipped(String knob, String reason) {}

    /**
     * The tuned manifest: the variant it is (the manifest as written when none counted as faster), its file, its diff
     * against the user's manifest (file and text), and with a production size the estimated windows of both.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tuned(
            String variant,
            String manifestFile,
            String diffFile,
            String diff,
            Estimate asWrittenEstimate,
            Estimate tunedEstimate) {}
}
