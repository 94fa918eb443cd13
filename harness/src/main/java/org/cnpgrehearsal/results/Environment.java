package org.cnpgrehearsal.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Where and with what a rehearsal ran: the tool, the platform, when, the PostgreSQL versions, the processors of the
 * machine (the rehearsal's pg_restore --jobs cannot run more workers at once than that) and the target's
 * maintenance_work_mem (which decides whether an index build sorts in memory).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Environment(
        String tool,
        String toolVersion,
        String platform,
        Instant startedAt,
        PostgresVersions postgresVersions,
        Integer processors,
        Long maintenanceWorkMemBytes) {

    /** The PostgreSQL versions on each side, and of the pg_dump/pg_restore used. */
    public record PostgresVersions(int sourceMajor, int targetMajor, String clientVersion, Integer manifestMajor) {}
}
