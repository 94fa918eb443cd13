package org.cnpgrehearsal.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.diagnose.Diagnoser;
import org.cnpgrehearsal.diagnose.Diagnosis;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ManifestEditor;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.results.SourcePrep;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.util.ProjectPaths;
import org.junit.jupiter.api.Test;

/** The automatic remedies of the causes found by the field survey, each from the evidence of a real failure. */
class RemediesTest {

    private static final ClusterManifest CORRECTED = ManifestReader.read(ProjectPaths.defaultManifest());
    private static final Scenario SCENARIO = new Scenario("s", null, null, null, null, null);

    @Test
    void superuserOwnedObjectsGoToPostgresOrTheirOwnerIsGrantedWhatItReads() {
        Diagnosis d = Diagnoser.diagnose(
                Phases.RESTORE_POST_DATA,
                List.of(
                        "pg_restore: from TOC entry 3400; 0 16957 MATERIALIZED VIEW DATA audit_daily analyst",
                        "pg_restore: error: could not execute query: ERROR:  permission denied for table audit_log",
                        "Command was: REFRESH MATERIALIZED VIEW public.audit_daily;",
                        "pg_restore: from TOC entry 3193; 3466 16962 EVENT TRIGGER log_ddl analyst",
                        "pg_restore: error: could not execute query: ERROR:  permission denied to change owner of event trigger \"log_ddl\"",
                        "HINT:  The owner of an event trigger must be a superuser.",
                        "Command was: ALTER EVENT TRIGGER log_ddl OWNER TO analyst;"),
                List.of());
        assertEquals(Cause.SUPERUSER_STRIPPED, d.cause());
        FixState after = apply(d, CORRECTED);
        List<String> sql = after.scenario().source().prepareSql();
        assertTrue(sql.contains("ALTER EVENT TRIGGER log_ddl OWNER TO postgres;"), sql.toString());
        assertTrue(
                sql.stream().anyMatch(s -> s.startsWith("DO $$") && s.contains("'public.audit_daily'::regclass")),
                sql.toString());
        assertTrue(
                after.sourcePrep().steps().stream()
                        .anyMatch(step -> step.sql().contains("ALTER EVENT TRIGGER log_ddl OWNER TO postgres;")),
                after.sourcePrep().toString());
    }

    @Test
    void aLockConflictOrConnectionLimitDropsTheDumpsJobsAndWithoutJobsThereIsNoRemedy() {
        ClusterManifest parallel = ManifestEditor.withImport(
                CORRECTED, Map.of("pgDumpExtraOptions", List.of("--verbose", "--jobs=4", "-j", "2")));
        Diagnosis lock = Diagnoser.diagnose(
                Phases.DUMP,
                List.of("pg_dump: error: could not obtain lock on relation \"public.statuses\""),
                List.of());
        assertEquals(
                List.of("--verbose"),
                apply(lock, parallel).manifest().importSpec().pgDumpExtraOptions());
        assertTrue(Remedies.forDiagnosis(lock, null, state(CORRECTED)).isEmpty());
    }

    @Test
    void aReplicaIsLeftForThePrimaryService() {
        String text = ManifestEditor.toYaml(CORRECTED)
                .replace("mastodon-postgresql.mastodon", "mastodon-postgresql-repl.mastodon");
        ClusterManifest repl = ManifestReader.parse(CORRECTED.file(), text);
        Diagnosis d = Diagnoser.diagnose(
                Phases.DUMP,
                List.of("pg_dump: error: query failed: FATAL:  terminating connection due to conflict with recovery"),
                List.of());
        FixState after = apply(d, repl);
        assertEquals(
                "mastodon-postgresql.mastodon.svc.cluster.local",
                after.manifest().importSource().parameter("host"));
        assertFalse(after.scenario().source().replica());
    }

    @Test
    void aMissingLocaleTakesTheStandardImageAndAMissingTablespaceIsLeftOut() {
        ClusterManifest minimal =
                ManifestEditor.withImageName(CORRECTED, "ghcr.io/cloudnative-pg/postgresql:17.11-minimal-trixie");
        Diagnosis locale = Diagnoser.diagnose(
                Phases.RESTORE_PRE_DATA,
                List.of("pg_restore: error: could not execute query: ERROR:  invalid locale name: \"en_US.UTF-8\""),
                List.of());
        assertEquals(
                "ghcr.io/cloudnative-pg/postgresql:17.11-standard-trixie",
                apply(locale, minimal).manifest().imageName());
        Diagnosis tablespace = Diagnoser.diagnose(
                Phases.RESTORE_PRE_DATA,
                List.of(
                        "pg_restore: error: could not set default_tablespace to fastssd: ERROR:  invalid value for parameter \"default_tablespace\": \"fastssd\""),
                List.of());
        assertTrue(apply(tablespace, CORRECTED)
                .manifest()
                .importSpec()
                .pgRestoreExtraOptions()
                .contains("--no-tablespaces"));
    }

    private static FixState state(ClusterManifest m) {
        return new FixState(SCENARIO, m, SourcePrep.none());
    }

    private static FixState apply(Diagnosis d, ClusterManifest m) {
        Remedy r = Remedies.forDiagnosis(d, null, state(m)).orElseThrow(() -> new AssertionError("no remedy for " + d));
        return r.change().apply(state(m));
    }
}
