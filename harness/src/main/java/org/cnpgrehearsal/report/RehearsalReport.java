package org.cnpgrehearsal.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.cnpgrehearsal.diagnose.Diagnosis;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.importer.CommandRecord;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.strategy.StrategyFacts;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.verify.Verification;

/**
 * The content of {@code report.json}: a documented contract (README, "report.json") that other tools read. Field
 * names are stable; new fields may be added.
 *
 * <p>Optional sections, absent from the JSON when null: {@code preflight} (the preflight result, any JSON shape; a
 * {@code checks[]} array of objects with {@code name}, {@code status} or {@code passed}, {@code detail} is rendered as
 * a table), {@code fixChain} (the rounds of {@code rehearse --fix}), {@code estimate} (the production window), {@code strategy}
 * (what the migration path measured: copy, catch-up, downtime, WAL, writes, what the source needed first).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RehearsalReport(
        String tool,
        String toolVersion,
        String scenario,
        String description,
        String platform,
        Instant startedAt,
        PostgresVersions postgresVersions,
        String outcome,
        Scenario.Expectation expectation,
        boolean reproduced,
        List<PhaseRecord> phases,
        List<CommandRecord> commands,
        Verification verification,
        Failure failure,
        Diagnosis diagnosis,
        SizeFacts sizes,
        List<String> notes,
        String manifest,
        JsonNode preflight,
        List<FixRound> fixChain,
        Estimate estimate,
        StrategyFacts strategy) {

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    /** The original constructor (without preflight, fix chain and estimate). */
    public RehearsalReport(
            String tool,
            String toolVersion,
            String scenario,
            String description,
            String platform,
            Instant startedAt,
            PostgresVersions postgresVersions,
            String outcome,
            Scenario.Expectation expectation,
            boolean reproduced,
            List<PhaseRecord> phases,
            List<CommandRecord> commands,
            Verification verification,
            Failure failure,
            Diagnosis diagnosis,
            SizeFacts sizes,
            List<String> notes,
            String manifest) {
        this(
                tool,
                toolVersion,
                scenario,
                description,
                platform,
                startedAt,
                postgresVersions,
                outcome,
                expectation,
                reproduced,
                phases,
                commands,
                verification,
                failure,
                diagnosis,
                sizes,
                notes,
                manifest,
                null,
                null,
                null,
                null);
    }

    /** The PostgreSQL versions on each side, and of the pg_dump/pg_restore used. */
    public record PostgresVersions(int sourceMajor, int targetMajor, String clientVersion, Integer manifestMajor) {}

    /** Where the rehearsal failed and the error text. */
    public record Failure(String phase, List<String> errorLines) {}

    /**
     * Byte sizes the rehearsal measured (null where not measured). The source's {@code tableBytes} (sum of
     * {@code pg_table_size}: heap plus TOAST), {@code indexBytes} (sum of {@code pg_indexes_size}), {@code toastBytes},
     * {@code largeObjectBytes} ({@code pg_largeobject}), {@code largestTableBytes} ({@code pg_table_size} of the
     * largest table) and {@code rows} let the estimate fit each phase on what it handles; without them it fits on
     * {@code sourceDatabaseBytes}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SizeFacts(
            Long sourceDatabaseBytes,
            Long dumpBytes,
            Long targetDatabaseBytes,
            Long volumeBytes,
            Long volumeNeededBytes,
            Long tableBytes,
            Long indexBytes,
            Long toastBytes,
            Long largeObjectBytes,
            Long largestTableBytes,
            Long rows) {

        /** The original constructor (without the per-kind sizes). */
        public SizeFacts(
                Long sourceDatabaseBytes,
                Long dumpBytes,
                Long targetDatabaseBytes,
                Long volumeBytes,
                Long volumeNeededBytes) {
            this(
                    sourceDatabaseBytes,
                    dumpBytes,
                    targetDatabaseBytes,
                    volumeBytes,
                    volumeNeededBytes,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
        }
    }

    public boolean succeeded() {
        return SUCCESS.equals(outcome);
    }

    public RehearsalReport withEstimate(Estimate e) {
        return new RehearsalReport(
                tool,
                toolVersion,
                scenario,
                description,
                platform,
                startedAt,
                postgresVersions,
                outcome,
                expectation,
                reproduced,
                phases,
                commands,
                verification,
                failure,
                diagnosis,
                sizes,
                notes,
                manifest,
                preflight,
                fixChain,
                e,
                strategy);
    }

    public RehearsalReport withPreflight(JsonNode p) {
        return new RehearsalReport(
                tool,
                toolVersion,
                scenario,
                description,
                platform,
                startedAt,
                postgresVersions,
                outcome,
                expectation,
                reproduced,
                phases,
                commands,
                verification,
                failure,
                diagnosis,
                sizes,
                notes,
                manifest,
                p,
                fixChain,
                estimate,
                strategy);
    }

    public RehearsalReport withFixChain(List<FixRound> chain) {
        return new RehearsalReport(
                tool,
                toolVersion,
                scenario,
                description,
                platform,
                startedAt,
                postgresVersions,
                outcome,
                expectation,
                reproduced,
                phases,
                commands,
                verification,
                failure,
                diagnosis,
                sizes,
                notes,
                manifest,
                preflight,
                chain == null ? null : List.copyOf(chain),
                estimate,
                strategy);
    }

    /** With what a migration strategy measured (null leaves it out). */
    public RehearsalReport withStrategy(StrategyFacts facts) {
        return new RehearsalReport(
                tool,
                toolVersion,
                scenario,
                description,
                platform,
                startedAt,
                postgresVersions,
                outcome,
                expectation,
                reproduced,
                phases,
                commands,
                verification,
                failure,
                diagnosis,
                sizes,
                notes,
                manifest,
                preflight,
                fixChain,
                estimate,
                facts);
    }
}
