package org.cnpgrehearsal.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import org.cnpgrehearsal.diagnose.Diagnosis;
import org.cnpgrehearsal.importer.CommandRecord;
import org.cnpgrehearsal.strategy.Strategy;
import org.cnpgrehearsal.strategy.StrategyFacts;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.PhaseStatus;
import org.cnpgrehearsal.timeline.Phases;

/**
 * What one rehearsal was ({@link Subject}, {@link Environment}) and what it measured: its outcome, the diagnosis of a
 * failure, every phase, the commands as run, the sizes, the source's shape, and what its migration path measured
 * (copy, catch-up, downtime, WAL, writes; null before the strategies existed). The estimate fits on these; the report
 * shows them. In {@code report.json} the subject and environment fields sit at the top level.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RehearsalFacts(
        @JsonUnwrapped Subject subject,
        @JsonUnwrapped Environment environment,
        String outcome,
        Diagnosis diagnosis,
        List<PhaseRecord> phases,
        List<CommandRecord> commands,
        SizeFacts sizes,
        DatabaseShape shape,
        StrategyFacts strategy) {

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    public RehearsalFacts {
        phases = phases == null ? List.of() : List.copyOf(phases);
        commands = commands == null ? List.of() : List.copyOf(commands);
    }

    /** The same facts with what the migration path measured. */
    public RehearsalFacts withStrategy(StrategyFacts measured) {
        return new RehearsalFacts(subject, environment, outcome, diagnosis, phases, commands, sizes, shape, measured);
    }

    /** Whether the application kept writing during the copy (online, physical): not the offline import's window. */
    public boolean streamed() {
        return strategy != null && Strategy.of(strategy.strategy()).streams();
    }

    public boolean succeeded() {
        return SUCCESS.equals(outcome);
    }

    /** The wall time of the import phases (what CNPG's import Job does), as rehearsed. */
    public long importMs() {
        return phases.stream()
                .filter(p -> Phases.IMPORT.contains(p.name()))
                .mapToLong(PhaseRecord::durationMs)
                .sum();
    }

    /** The summed duration of the succeeded phases called {@code phase} (one per database); null when none. */
    public Long succeededMs(String phase) {
        Long total = null;
        for (PhaseRecord p : phases) {
            if (p.name().equals(phase) && p.status() == PhaseStatus.SUCCEEDED) {
                total = (total == null ? 0 : total) + p.durationMs();
            }
        }
        return total;
    }

    /** The size of the source database, or null when it was not measured. */
    public Long databaseBytes() {
        return sizes == null ? null : sizes.sourceDatabaseBytes();
    }
}
