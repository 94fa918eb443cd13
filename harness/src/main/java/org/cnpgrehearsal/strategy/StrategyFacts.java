package org.cnpgrehearsal.strategy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What one rehearsal measured about its migration path, for the report and the comparison (null where not measured,
 * never zero for "unknown"): the copy, the catch-up and the cutover; the downtime (offline: the whole import, the
 * application stopped throughout; online and physical: the cutover, from writes stopped to the target ready for them,
 * split into draining the last writes and the switch itself); the total time from the first copy step to the end; the
 * WAL the source retained and wrote meanwhile and the sessions serving the migration on it; the write load; and what
 * the source needed first (the SQL and parameters themselves are the report's source preparation, source-prep.sql).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StrategyFacts(
        String strategy,
        Long copyMs,
        Long catchUpMs,
        Long drainMs,
        Long switchMs,
        Long downtimeMs,
        Long totalMs,
        Long walRetainedPeakBytes,
        Long walWrittenBytes,
        Integer sourceSessionsPeak,
        Writes writes,
        List<SourceRequirement> requirements,
        List<String> cutoverSteps) {

    /** The same facts with what the source needed first. */
    public StrategyFacts withRequirements(List<SourceRequirement> needed) {
        return new StrategyFacts(
                strategy,
                copyMs,
                catchUpMs,
                drainMs,
                switchMs,
                downtimeMs,
                totalMs,
                walRetainedPeakBytes,
                walWrittenBytes,
                sourceSessionsPeak,
                writes,
                List.copyOf(needed),
                cutoverSteps);
    }

    /**
     * The write load: statements a second asked for and reached, statements committed by kind, rows touched, and the
     * median latency of the application's statements on the source while the data was copied and afterwards.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Writes(
            int requestedRate,
            double achievedRate,
            int statements,
            int inserts,
            int updates,
            int deletes,
            int rowsTouched,
            Double medianLatencyDuringCopyMs,
            Double medianLatencyAfterCopyMs) {

        static Writes of(WriteLoad load, long copyStartMs, long copyEndMs, long cutoverMs) {
            WriteLedger l = load.ledger();
            double seconds = load.ranMs() / 1000.0;
            return new Writes(
                    load.rate(),
                    seconds > 0 ? Math.round(l.statements() / seconds * 10) / 10.0 : 0,
                    l.statements(),
                    l.statements(WriteLedger.Kind.INSERT),
                    l.statements(WriteLedger.Kind.UPDATE),
                    l.statements(WriteLedger.Kind.DELETE),
                    l.rowsTouched(),
                    l.medianLatencyMs(copyStartMs, copyEndMs),
                    l.medianLatencyMs(copyEndMs, cutoverMs));
        }
    }
}
