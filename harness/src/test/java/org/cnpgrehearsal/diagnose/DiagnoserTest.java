package org.cnpgrehearsal.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The diagnosis table against error lines as pg_dump, pg_restore and the JDBC driver print them. */
class DiagnoserTest {

    @Test
    void classifiesTheKnownFailures() {
        assertCause(Cause.ROLE_CATALOG_DENIED, "ERROR: permission denied for table pg_authid");
        assertCause(
                Cause.LARGE_OBJECT_DENIED,
                "pg_dump: error: could not open large object 16390: ERROR:  permission denied for large object 16390");
        assertCause(
                Cause.DISK_FULL,
                "pg_restore: error: could not execute query: ERROR:  could not extend file \"base/16384/16400\": No space left on device");
        assertCause(Cause.VERSION_MISMATCH, "pg_dump: error: aborting because of server version mismatch");
        assertCause(
                Cause.EXTENSION_MISSING,
                "pg_restore: error: could not execute query: ERROR:  could not open extension control file \"/x/pg_stat_kcache.control\": No such file or directory");
        assertCause(
                Cause.MISSING_ROLE,
                "pg_restore: error: could not execute query: ERROR:  role \"robot_zmon\" does not exist");
        assertCause(
                Cause.TLS_VERIFY_FAILED,
                "SSL error: PKIX path building failed: unable to find valid certification path to requested target");
        assertCause(Cause.AUTH_FAILED, "FATAL: password authentication failed for user \"standby\"");
        assertCause(
                Cause.PERMISSION_DENIED, "pg_dump: error: query failed: ERROR:  permission denied for table accounts");
    }

    @Test
    void remediesQuoteWhatTheErrorNamed() {
        Diagnosis d = Diagnoser.diagnose(
                "restore-pre-data", List.of("ERROR:  role \"robot_zmon\" does not exist"), List.of());
        assertTrue(d.remediation().contains("robot_zmon"));
        Diagnosis lo = Diagnoser.diagnose("dump", List.of("permission denied for large object 16390"), List.of());
        assertTrue(lo.remediation().contains("GRANT SELECT ON LARGE OBJECT 16390"));
    }

    @Test
    void unknownErrorsAreQuotedVerbatim() {
        Diagnosis d = Diagnoser.diagnose("dump", List.of("something odd happened"), List.of());
        assertEquals(Cause.UNKNOWN, d.cause());
        assertEquals(List.of("something odd happened"), d.evidence());
    }

    private static void assertCause(Cause expected, String line) {
        assertEquals(
                expected,
                Diagnoser.diagnose("x", List.of("unrelated line", line), List.of())
                        .cause(),
                line);
    }
}
