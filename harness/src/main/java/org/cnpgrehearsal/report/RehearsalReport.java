package org.cnpgrehearsal.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.cnpgrehearsal.diagnose.Diagnosis;
import org.cnpgrehearsal.importer.CommandRecord;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.verify.Verification;

/**
 * The content of {@code report.json}: a documented contract (README, "report.json") that other tools read. Field
 * names are stable; new fields may be added.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RehearsalReport(String tool, String toolVersion, String scenario, String description, String platform,
                              Instant startedAt, PostgresVersions postgresVersions, String outcome,
                              Scenario.Expectation expectation, boolean reproduced, List<PhaseRecord> phases,
                              List<CommandRecord> commands, Verification verification, Failure failure,
                              Diagnosis diagnosis, SizeFacts sizes, List<String> notes, String manifest) {

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    /** The PostgreSQL versions on each side, and of the pg_dump/pg_restore used. */
    public record PostgresVersions(int sourceMajor, int targetMajor, String clientVersion, Integer manifestMajor) {
    }

    /** Where the rehearsal failed and the error text. */
    public record Failure(String phase, List<String> errorLines) {
    }

    /** Byte sizes the rehearsal measured (null where not measured). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SizeFacts(Long sourceDatabaseBytes, Long dumpBytes, Long targetDatabaseBytes, Long volumeBytes,
                            Long volumeNeededBytes) {
    }

    public boolean succeeded() {
        return SUCCESS.equals(outcome);
    }
}
