package org.cnpgrehearsal.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.cnpgrehearsal.timeline.Phases;
import org.junit.jupiter.api.Test;

/**
 * The diagnosis table against error lines exactly as pg_dump, pg_restore, libpq, the JDBC driver and CNPG's Go code
 * print them (the texts of ../shared/reviews/field-failures.md, reproduced there on PostgreSQL 15 or quoted from
 * the threads it links).
 */
class DiagnoserTest {

    @Test
    void classifiesTheKnownFailures() {
        assertCause(Cause.ROLE_CATALOG_DENIED, Phases.ROLES, "ERROR: permission denied for table pg_authid");
        assertCause(
                Cause.LARGE_OBJECT_DENIED,
                Phases.DUMP,
                "pg_dump: error: could not open large object 16390: ERROR:  permission denied for large object 16390");
        assertCause(
                Cause.DISK_FULL,
                Phases.RESTORE_DATA,
                "pg_restore: error: could not execute query: ERROR:  could not extend file \"base/16384/16400\": No space left on device");
        assertCause(Cause.VERSION_MISMATCH, Phases.DUMP, "pg_dump: error: aborting because of server version mismatch");
        assertCause(
                Cause.EXTENSION_MISSING,
                Phases.RESTORE_PRE_DATA,
                "pg_restore: error: could not execute query: ERROR:  could not open extension control file \"/x/pg_stat_kcache.control\": No such file or directory");
        assertCause(
                Cause.MISSING_ROLE,
                Phases.RESTORE_PRE_DATA,
                "pg_restore: error: could not execute query: ERROR:  role \"robot_zmon\" does not exist");
        assertCause(
                Cause.TLS_VERIFY_FAILED,
                Phases.ROLES,
                "SSL error: PKIX path building failed: unable to find valid certification path to requested target");
        assertCause(Cause.AUTH_FAILED, Phases.ROLES, "FATAL: password authentication failed for user \"standby\"");
        assertCause(
                Cause.PERMISSION_DENIED,
                Phases.DUMP,
                "pg_dump: error: query failed: ERROR:  permission denied for table accounts");
    }

    /** The survey's bug 1: the target refusing a materialized view's owner is not the import user's privilege on the source. */
    @Test
    void aPermissionErrorWhileRestoringIsNeverBlamedOnTheSourcesPrivileges() {
        Diagnosis matview = Diagnoser.diagnose(
                Phases.RESTORE_POST_DATA,
                List.of(
                        "pg_restore: while PROCESSING TOC:",
                        "pg_restore: from TOC entry 3390; 0 16480 MATERIALIZED VIEW DATA audit_daily analyst",
                        "pg_restore: error: could not execute query: ERROR:  permission denied for table audit_log",
                        "Command was: REFRESH MATERIALIZED VIEW public.audit_daily;",
                        "pg_restore: warning: errors ignored on restore: 1",
                        "pg_restore exited with status 1"),
                List.of());
        assertEquals(Cause.SUPERUSER_STRIPPED, matview.cause());
        assertEquals(Side.SOURCE, matview.side());
        assertFalse(matview.remediation().contains("pg_read_all_data"), matview.remediation());
        assertTrue(
                matview.remediation().contains("ALTER MATERIALIZED VIEW public.audit_daily OWNER TO postgres"),
                matview.remediation());
        assertTrue(matview.remediation().contains("owner analyst"), matview.remediation());
        assertTrue(matview.evidence().contains("Command was: REFRESH MATERIALIZED VIEW public.audit_daily;"));

        Diagnosis trigger = Diagnoser.diagnose(
                Phases.RESTORE_POST_DATA,
                List.of(
                        "pg_restore: error: could not execute query: ERROR:  permission denied to change owner of event trigger \"log_ddl\"",
                        "HINT:  The owner of an event trigger must be a superuser.",
                        "Command was: ALTER EVENT TRIGGER log_ddl OWNER TO analyst;"),
                List.of());
        assertEquals(Cause.SUPERUSER_STRIPPED, trigger.cause());
        assertTrue(
                trigger.remediation().contains("ALTER EVENT TRIGGER log_ddl OWNER TO postgres"), trigger.remediation());

        Diagnosis schema = Diagnoser.diagnose(
                Phases.RESTORE_PRE_DATA,
                List.of(
                        "pg_restore: error: could not execute query: ERROR:  permission denied for schema public",
                        "Command was: CREATE TABLE public.accounts ();"),
                List.of());
        assertEquals(Cause.RESTORE_PERMISSION_DENIED, schema.cause());
        assertEquals(Side.TARGET, schema.side());
        assertFalse(schema.remediation().contains("pg_read_all_data"), schema.remediation());

        // the same words while dumping are the import user's privilege on the source
        Diagnosis dump = Diagnoser.diagnose(
                Phases.DUMP,
                List.of("pg_dump: error: query failed: ERROR:  permission denied for table audit_log"),
                List.of());
        assertEquals(Cause.PERMISSION_DENIED, dump.cause());
        assertTrue(dump.remediation().contains("pg_read_all_data"));
    }

    @Test
    void theSurveysUnmatchedTextsAreRecognised() {
        assertCause(
                Cause.AUTH_FAILED,
                Phases.ROLES,
                "FATAL:  pg_hba.conf rejects connection for host \"127.0.0.1\", user \"standby\", database \"postgres\", no encryption");
        assertTrue(diagnose(
                        Phases.DUMP,
                        "pg_dump: error: connection to server at \"127.0.0.1\", port 56432 failed: FATAL:  pg_hba.conf rejects connection for host \"127.0.0.1\", user \"standby\", database \"db\", no encryption")
                .remediation()
                .contains("sslmode: require"));
        assertCause(
                Cause.AUTH_FAILED,
                Phases.ROLES,
                "while executing logical import: failed to connect to `host=mastodon-postgresql user=standby database=postgres`: server error (FATAL: pg_hba.conf rejects connection for host \"10.42.0.7\", user \"standby\", database \"postgres\", no encryption (SQLSTATE 28000))");
        Diagnosis hostName = diagnose(
                Phases.DUMP,
                "pg_dump: error: connection to server at \"mastodon-postgresql\" (10.43.12.7), port 5432 failed: server certificate for \"spilo.example.org\" does not match host name \"mastodon-postgresql\"");
        assertEquals(Cause.TLS_VERIFY_FAILED, hostName.cause());
        assertTrue(hostName.remediation().contains("verify-ca"), hostName.remediation());
        Diagnosis rootCert = diagnose(
                Phases.DUMP,
                "pg_dump: error: connection to server at \"127.0.0.1\", port 56432 failed: root certificate file \"/controller/certificates/zalando-ca/ca.crt\" does not exist");
        assertEquals(Cause.TLS_VERIFY_FAILED, rootCert.cause());
        assertTrue(rootCert.remediation().contains("sslRootCert"), rootCert.remediation());
        assertCause(
                Cause.CONNECTION_FAILED,
                Phases.DUMP,
                "pg_dump: error: connection to server at \"10.43.0.99\", port 5432 failed: No route to host");
        assertCause(
                Cause.TLS_VERIFY_FAILED,
                Phases.ROLES,
                "failed to connect to `host=mastodon-postgresql user=standby database=postgres`: failed to write startup message (tls: failed to verify certificate: x509: certificate signed by unknown authority)");
        assertCause(
                Cause.TLS_VERIFY_FAILED,
                Phases.ROLES,
                "tls: failed to verify certificate: x509: certificate is valid for spilo.example.org, not mastodon-postgresql.mastodon.svc.cluster.local");
        assertCause(
                Cause.CONNECTION_LIMIT,
                Phases.DUMP,
                "pg_dump: error: connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  sorry, too many clients already");
        assertCause(
                Cause.CONNECTION_LIMIT,
                Phases.DUMP,
                "pg_dump: error: connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  too many connections for role \"standby\"");
        assertCause(
                Cause.TABLESPACE_MISSING,
                Phases.RESTORE_PRE_DATA,
                "pg_restore: error: could not set default_tablespace to fastssd: ERROR:  invalid value for parameter \"default_tablespace\": \"fastssd\"",
                "DETAIL:  Tablespace \"fastssd\" does not exist.");
        assertCause(
                Cause.EXTENSION_NOT_CONFIGURED,
                Phases.RESTORE_DATA,
                "pg_restore: error: COPY failed for table \"_hyper_1_1_chunk\": ERROR:  invalid INSERT on the root table of hypertable \"_hyper_1_1_chunk\"");
        assertCause(
                Cause.EXTENSION_NOT_CONFIGURED,
                Phases.RESTORE_PRE_DATA,
                "pg_restore: error: could not execute query: ERROR:  extension \"timescaledb\" must be preloaded");
        assertCause(
                Cause.EXTENSION_MISSING,
                Phases.RESTORE_PRE_DATA,
                "pg_restore: error: could not execute query: ERROR:  could not open extension control file \"/usr/share/postgresql/17/extension/timescaledb.control\": No such file or directory");
        assertCause(
                Cause.EXTENSION_NOT_CONFIGURED,
                Phases.RESTORE_PRE_DATA,
                "pg_restore: error: could not execute query: ERROR:  can only create extension in database postgres",
                "DETAIL:  Jobs must be scheduled from the database configured in cron.database_name, since the pg_cron background worker reads job descriptions from this database.");
        assertCause(
                Cause.SUPERUSER_STRIPPED,
                Phases.RESTORE_POST_DATA,
                "pg_restore: error: could not execute query: ERROR:  permission denied to change owner of foreign-data wrapper \"file_fdw\"",
                "HINT:  The owner of a foreign-data wrapper must be a superuser.");
        assertCause(
                Cause.RESTORE_PERMISSION_DENIED,
                Phases.RESTORE_POST_DATA,
                "pg_restore: error: could not execute query: ERROR:  permission denied to change default privileges");
    }

    @Test
    void theNewFailureScenariosTextsAreRecognised() {
        Diagnosis rls = diagnose(
                Phases.DUMP,
                "pg_dump: error: query failed: ERROR:  query would be affected by row-level security policy for table \"documents\"",
                "pg_dump: detail: Query was: COPY public.documents (id, tenant, body) TO stdout;");
        assertEquals(Cause.RLS_BLOCKS_DUMP, rls.cause());
        assertTrue(rls.remediation().contains("BYPASSRLS") && rls.remediation().contains("documents"));
        Diagnosis locale = diagnose(
                Phases.RESTORE_PRE_DATA,
                "pg_restore: error: could not execute query: ERROR:  invalid locale name: \"en_US.UTF-8\"",
                "Command was: CREATE DATABASE db_loc WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE_PROVIDER = libc LOCALE = 'en_US.UTF-8';",
                "pg_restore: error: could not execute query: ERROR:  database \"db_loc\" does not exist",
                "Command was: ALTER DATABASE db_loc OWNER TO mastodon;",
                "pg_restore: error: reconnection failed: connection to server on socket \"/run/.s.PGSQL.56433\" failed: FATAL:  database \"db_loc\" does not exist");
        assertEquals(Cause.LOCALE_MISSING, locale.cause());
        assertTrue(locale.remediation().contains("en_US.UTF-8"), locale.remediation());
        assertCause(
                Cause.RECOVERY_CONFLICT,
                Phases.DUMP,
                "pg_dump: error: query failed: FATAL:  terminating connection due to conflict with recovery",
                "DETAIL:  User query might have needed to see row versions that must be removed.",
                "HINT:  In a moment you should be able to reconnect to the database and repeat your command.",
                "SSL connection has been closed unexpectedly",
                "pg_dump: detail: Query was: COPY public.z_migrated (id) TO stdout;");
        assertCause(
                Cause.RECOVERY_CONFLICT,
                Phases.DUMP,
                "pg_dump: error: Dumping the contents of table \"events\" failed: PQgetResult() failed.",
                "pg_dump: detail: Error message from server: ERROR:  canceling statement due to conflict with recovery");
        assertCause(
                Cause.LOCK_CONFLICT,
                Phases.DUMP,
                "pg_dump: error: could not obtain lock on relation \"public.z_migrated\"",
                "This usually means that someone requested an ACCESS EXCLUSIVE lock on the table after the pg_dump parent process had gotten the initial ACCESS SHARE lock on the table.",
                "pg_dump: error: a worker process died unexpectedly");
    }

    @Test
    void whatOnlyPgDumpPrintsIsDiagnosedOnlyWhenTheDumpFailed() {
        Diagnosis restoring = diagnose(
                Phases.RESTORE_POST_DATA,
                "pg_restore: error: could not execute query: ERROR:  deadlock detected",
                "DETAIL:  Process 4242 waits for AccessExclusiveLock on relation 16444 of database 16390; blocked by process 4243.");
        assertEquals(Cause.UNKNOWN, restoring.cause());
        assertEquals(Side.TARGET, restoring.side());
        assertEquals(Cause.LOCK_CONFLICT, restoring.lead().nearest(), "near, not the source's lock conflict");
        assertEquals(
                Cause.LOCK_CONFLICT,
                diagnose(Phases.DUMP, "pg_dump: error: query failed: ERROR:  deadlock detected")
                        .cause());
    }

    @Test
    void theFirstErrorPrintedWinsOverItsConsequences() {
        // the reconnection failure after the locale error says "could not connect"-like words; the locale comes first
        Diagnosis d = diagnose(
                Phases.RESTORE_PRE_DATA,
                "pg_restore: error: could not execute query: ERROR:  invalid locale name: \"en_US.UTF-8\"",
                "pg_restore: error: could not execute query: ERROR:  role \"admin\" does not exist");
        assertEquals(Cause.LOCALE_MISSING, d.cause());
    }

    @Test
    void restoreFailuresBeyondTheSurveyAreNamedByTheirClass() {
        assertCause(
                Cause.ENCODING_MISMATCH,
                Phases.RESTORE_DATA,
                "pg_restore: error: COPY failed for table \"notes\": ERROR:  invalid byte sequence for encoding \"UTF8\": 0xe9 0x74 0x65");
        assertCause(
                Cause.CONSTRAINT_VIOLATED,
                Phases.RESTORE_POST_DATA,
                "pg_restore: error: could not execute query: ERROR:  could not create unique index \"accounts_username_key\"",
                "DETAIL:  Key (username)=(alice) is duplicated.",
                "Command was: ALTER TABLE ONLY public.accounts ADD CONSTRAINT accounts_username_key UNIQUE (username);");
        Diagnosis excluded = diagnose(
                Phases.RESTORE_PRE_DATA,
                "pg_restore: error: could not execute query: ERROR:  function metric_helpers.get_table_bloat_approx() does not exist",
                "LINE 3:     FROM metric_helpers.get_table_bloat_approx() b",
                "HINT:  No function matches the given name and argument types. You might need to add explicit type casts.",
                "Command was: CREATE VIEW public.bloat AS",
                " SELECT b.t_table_name FROM metric_helpers.get_table_bloat_approx() b;");
        assertEquals(Cause.DEPENDENCY_MISSING, excluded.cause());
        assertTrue(excluded.remediation().contains("metric_helpers.get_table_bloat_approx()"), excluded.remediation());
        assertTrue(
                excluded.remediation().contains("CREATE VIEW public.bloat AS SELECT b.t_table_name"),
                excluded.remediation());
    }

    @Test
    void theStepsOwnLinesComeBeforeTheContext() {
        Diagnosis d = Diagnoser.diagnose(
                Phases.DUMP,
                List.of(
                        "pg_dump: error: query failed: ERROR:  query would be affected by row-level security policy for table \"statuses\""),
                List.of(
                        "Warning Unhealthy pod/mastodon-0 Readiness probe failed: dial tcp 10.42.0.9:8008: connect: connection refused"));
        assertEquals(Cause.RLS_BLOCKS_DUMP, d.cause());
    }

    @Test
    void remediesQuoteWhatTheErrorNamed() {
        Diagnosis d = Diagnoser.diagnose(
                Phases.RESTORE_PRE_DATA, List.of("ERROR:  role \"robot_zmon\" does not exist"), List.of());
        assertTrue(d.remediation().contains("robot_zmon"));
        Diagnosis lo = Diagnoser.diagnose(Phases.DUMP, List.of("permission denied for large object 16390"), List.of());
        assertTrue(lo.remediation().contains("GRANT SELECT ON LARGE OBJECT 16390"));
    }

    @Test
    void everyCausesRemedyNamesTheSideToChange() {
        for (Cause c : Cause.values()) {
            if (c != Cause.UNKNOWN) {
                assertNotNull(c.blames(), c.name());
            }
        }
        List<String[]> texts = List.of(
                new String[] {Phases.ROLES, "ERROR: permission denied for table pg_authid"},
                new String[] {Phases.DUMP, "permission denied for large object 1"},
                new String[] {Phases.DUMP, "query would be affected by row-level security policy for table \"t\""},
                new String[] {Phases.DUMP, "FATAL:  terminating connection due to conflict with recovery"},
                new String[] {Phases.DUMP, "pg_dump: error: could not obtain lock on relation \"t\""},
                new String[] {Phases.DUMP, "FATAL:  sorry, too many clients already"},
                new String[] {Phases.RESTORE_DATA, "No space left on device"},
                new String[] {Phases.DUMP, "aborting because of server version mismatch"},
                new String[] {Phases.RESTORE_PRE_DATA, "ERROR:  invalid locale name: \"de_DE.UTF-8\""},
                new String[] {Phases.RESTORE_PRE_DATA, "ERROR:  tablespace \"fast\" does not exist"},
                new String[] {Phases.RESTORE_DATA, "ERROR:  invalid byte sequence for encoding \"UTF8\": 0xe9"},
                new String[] {Phases.RESTORE_POST_DATA, "ERROR:  could not create unique index \"k\""},
                new String[] {Phases.RESTORE_PRE_DATA, "ERROR:  relation \"s.t\" does not exist"},
                new String[] {Phases.RESTORE_PRE_DATA, "ERROR:  extension \"timescaledb\" must be preloaded"},
                new String[] {Phases.RESTORE_PRE_DATA, "ERROR:  extension \"x\" is not available"},
                new String[] {Phases.RESTORE_POST_DATA, "ERROR:  must be superuser to create an event trigger"},
                new String[] {Phases.RESTORE_POST_DATA, "ERROR:  permission denied for schema s"},
                new String[] {Phases.RESTORE_POST_DATA, "ERROR:  role \"r\" does not exist"},
                new String[] {Phases.DUMP, "does not match host name \"h\""},
                new String[] {Phases.DUMP, "root certificate file \"/x\" does not exist"},
                new String[] {Phases.DUMP, "certificate verify failed"},
                new String[] {Phases.DUMP, "FATAL:  password authentication failed for user \"u\""},
                new String[] {Phases.DUMP, "ERROR:  permission denied for table t"},
                new String[] {Phases.DUMP, "could not connect to server: Connection refused"},
                new String[] {
                    Phases.INITIAL_COPY,
                    "ERROR: could not create replication slot \"cnpg_migration\": ERROR:  logical decoding requires "
                            + "wal_level >= logical"
                },
                new String[] {Phases.INITIAL_COPY, "ERROR:  all replication slots are in use"},
                new String[] {
                    Phases.CATCH_UP,
                    "ERROR: cannot delete from table \"favourites\" because it does not have a replica identity and "
                            + "publishes deletes"
                },
                new String[] {Phases.INITIAL_COPY, "FATAL:  must be superuser or replication role to start walsender"},
                new String[] {Phases.INITIAL_COPY, "the initial copy made no progress for 120 s"},
                new String[] {Phases.BASE_BACKUP, "FATAL:  database files are incompatible with server"});
        for (String[] t : texts) {
            Diagnosis d = diagnose(t[0], t[1]);
            assertNotEquals(Cause.UNKNOWN, d.cause(), t[1]);
            assertTrue(
                    d.remediation().matches("(?s).*\\b(on the source|in the manifest|on the target)\\b.*"),
                    d.cause() + ": " + d.remediation());
        }
        Set<Cause> covered = EnumSet.of(Cause.UNKNOWN);
        texts.forEach(t -> covered.add(diagnose(t[0], t[1]).cause()));
        // a verification cause's remedy comes from the check that found it: VerifierFaultTest checks each names its
        // side (the online path's own checks too)
        covered.addAll(verificationCauses());
        assertEquals(EnumSet.allOf(Cause.class), covered, "every cause's remedy is checked here");
    }

    @Test
    void anUnknownErrorStillGivesThePhaseTheSideTheStatementTheObjectAndTheNearestCause() {
        Diagnosis d = Diagnoser.diagnose(
                Phases.RESTORE_POST_DATA,
                List.of(
                        "pg_restore: creating INDEX \"public.idx_docs\"",
                        "pg_restore: while PROCESSING TOC:",
                        "pg_restore: from TOC entry 3301; 1259 16555 INDEX idx_docs mastodon",
                        "pg_restore: error: could not execute query: ERROR:  index row size 3056 exceeds btree version 4 maximum 2704 for index \"idx_docs\"",
                        "DETAIL:  Index row references tuple (8,1) in relation \"documents\".",
                        "HINT:  Values larger than 1/3 of a buffer page cannot be indexed.",
                        "Command was: CREATE INDEX idx_docs ON public.documents USING btree (body);",
                        "pg_restore: warning: errors ignored on restore: 1"),
                List.of());
        assertEquals(Cause.UNKNOWN, d.cause());
        assertEquals(Side.TARGET, d.side());
        Diagnosis.Lead lead = d.lead();
        assertEquals(
                "pg_restore: error: could not execute query: ERROR:  index row size 3056 exceeds btree version 4 maximum 2704 for index \"idx_docs\"",
                lead.firstError());
        assertEquals("CREATE INDEX idx_docs ON public.documents USING btree (body);", lead.statement());
        assertEquals("index idx_docs, owner mastodon", lead.object());
        assertEquals(Cause.VERSION_MISMATCH, lead.nearest());
        assertTrue(
                d.remediation().contains("restore-post-data") && d.remediation().contains("on the target"));
        assertTrue(d.remediation().contains("CREATE INDEX idx_docs"), d.remediation());
        assertTrue(d.evidence().contains("Command was: CREATE INDEX idx_docs ON public.documents USING btree (body);"));

        Diagnosis near = diagnose(
                Phases.DUMP,
                "pg_dump: error: query failed: ERROR:  canceling statement due to statement timeout",
                "pg_dump: detail: Query was: LOCK TABLE public.statuses IN ACCESS SHARE MODE");
        assertEquals(Cause.UNKNOWN, near.cause());
        assertEquals(Cause.LOCK_CONFLICT, near.lead().nearest());
        assertEquals("table public.statuses", near.lead().object());
        assertTrue(near.remediation().contains("Nearest known cause: LOCK_CONFLICT"), near.remediation());

        Diagnosis none = diagnose(Phases.DUMP, "something odd happened");
        assertEquals(Cause.UNKNOWN, none.cause());
        assertNull(none.lead().nearest());
        assertEquals(List.of("something odd happened"), none.evidence());
    }

    private static List<Cause> verificationCauses() {
        return List.of(
                Cause.MD5_PASSWORD_LOGIN,
                Cause.APP_ACCESS_LOST,
                Cause.DATA_MISMATCH,
                Cause.SEQUENCE_BEHIND,
                Cause.SCHEMA_MISMATCH,
                Cause.SETTINGS_LOST,
                Cause.COLLATION_CHANGED,
                Cause.DATABASE_NOT_IMPORTED,
                Cause.SUBSCRIPTIONS_LOST,
                Cause.LARGE_OBJECTS_NOT_REPLICATED,
                Cause.UNLOGGED_NOT_REPLICATED);
    }

    private static Diagnosis diagnose(String phase, String... lines) {
        return Diagnoser.diagnose(phase, List.of(lines), List.of());
    }

    private static void assertCause(Cause expected, String phase, String... lines) {
        List<String> all = new ArrayList<>(List.of("unrelated line"));
        all.addAll(List.of(lines));
        Diagnosis d = Diagnoser.diagnose(phase, all, List.of());
        assertEquals(expected, d.cause(), String.join("\n", lines) + "\n-> " + d.remediation());
    }
}
