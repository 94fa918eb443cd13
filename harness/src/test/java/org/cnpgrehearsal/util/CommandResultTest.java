package org.cnpgrehearsal.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The error lines a diagnosis reads keep what names the statement and the object, and drop the progress around them. */
class CommandResultTest {

    @Test
    void errorLinesKeepTheStatementTheHintAndTheTocEntryOfEachError() {
        List<String> stderr = List.of(
                "pg_restore: creating EVENT TRIGGER \"log_ddl\"",
                "pg_restore: while PROCESSING TOC:",
                "pg_restore: from TOC entry 3395; 3466 16481 EVENT TRIGGER log_ddl analyst",
                "pg_restore: error: could not execute query: ERROR:  permission denied to change owner of event trigger \"log_ddl\"",
                "HINT:  The owner of an event trigger must be a superuser.",
                "Command was: ALTER EVENT TRIGGER log_ddl OWNER TO analyst;",
                "pg_restore: creating MATERIALIZED VIEW DATA \"public.audit_daily\"",
                "pg_restore: warning: errors ignored on restore: 1");
        assertEquals(
                List.of(
                        "pg_restore: while PROCESSING TOC:",
                        "pg_restore: from TOC entry 3395; 3466 16481 EVENT TRIGGER log_ddl analyst",
                        "pg_restore: error: could not execute query: ERROR:  permission denied to change owner of event trigger \"log_ddl\"",
                        "HINT:  The owner of an event trigger must be a superuser.",
                        "Command was: ALTER EVENT TRIGGER log_ddl OWNER TO analyst;",
                        "pg_restore: warning: errors ignored on restore: 1"),
                new CommandResult(List.of("pg_restore"), 1, stderr, List.of()).errorLines());
    }

    @Test
    void errorLinesKeepLibpqsSecondLineAndPgDumpsDetail() {
        List<String> stderr = List.of(
                "pg_dump: dumping contents of table \"public.z_migrated\"",
                "pg_dump: error: query failed: FATAL:  terminating connection due to conflict with recovery",
                "DETAIL:  User query might have needed to see row versions that must be removed.",
                "HINT:  In a moment you should be able to reconnect to the database and repeat your command.",
                "SSL connection has been closed unexpectedly",
                "pg_dump: detail: Query was: COPY public.z_migrated (id) TO stdout;");
        assertEquals(stderr.subList(1, 6), new CommandResult(List.of("pg_dump"), 1, stderr, List.of()).errorLines());
    }
}
