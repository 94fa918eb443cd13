package org.cnpgrehearsal.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.diagnose.Diagnosis;
import org.cnpgrehearsal.importer.CommandRecord;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.PhaseStatus;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.verify.Check;
import org.cnpgrehearsal.verify.Verification;

/** Synthetic rehearsal reports for the renderer and estimate tests. */
public final class Samples {

    public static final Instant T0 = Instant.parse("2026-11-25T13:00:00Z");

    /** A successful rehearsal whose import phases took the given milliseconds, in Phases.IMPORT order. */
    public static RehearsalReport success(String scenario, long databaseBytes, Map<String, Long> importMs, int jobs) {
        return success(
                scenario,
                new RehearsalReport.SizeFacts(
                        databaseBytes,
                        databaseBytes / 3,
                        databaseBytes * 9 / 10,
                        10L * databaseBytes,
                        2L * databaseBytes,
                        databaseBytes * 6 / 10,
                        databaseBytes * 3 / 10,
                        databaseBytes / 20,
                        0L,
                        databaseBytes / 5,
                        databaseBytes / 100),
                importMs,
                jobs);
    }

    public static RehearsalReport success(
            String scenario, RehearsalReport.SizeFacts sizes, Map<String, Long> importMs, int jobs) {
        List<PhaseRecord> phases = new ArrayList<>();
        Instant t = T0;
        t = add(phases, Phases.PROVISION, t, 2_000, PhaseStatus.SUCCEEDED, null);
        t = add(phases, Phases.SEED, t, 5_000, PhaseStatus.SUCCEEDED, sizes.sourceDatabaseBytes());
        for (String p : Phases.IMPORT) {
            Long ms = importMs.get(p);
            if (ms != null) {
                t = add(phases, p, t, ms, PhaseStatus.SUCCEEDED, Phases.DUMP.equals(p) ? sizes.dumpBytes() : null);
            }
        }
        add(phases, Phases.VERIFY, t, 800, PhaseStatus.SUCCEEDED, null);
        List<CommandRecord> commands = List.of(
                new CommandRecord(
                        Phases.DUMP,
                        List.of(
                                "pg_dump",
                                "-Fd",
                                "-f",
                                "/pgdata/dumps/mastodon.dump",
                                "-d",
                                "host=127.0.0.1 port=5432 user=standby dbname=mastodon",
                                "-v",
                                "--section=pre-data"),
                        0,
                        1000),
                new CommandRecord(
                        Phases.RESTORE_DATA,
                        List.of(
                                "pg_restore",
                                "--jobs=" + jobs,
                                "-U",
                                "postgres",
                                "-d",
                                "dbname=mastodon",
                                "--section",
                                "data",
                                "/pgdata/dumps/mastodon.dump"),
                        0,
                        2000));
        Verification v = Verification.of(List.of(
                Check.pass("row counts", "12 tables, 3 000 rows match"),
                Check.pass("application access", "mastodon reads and writes its tables")));
        return new RehearsalReport(
                "cnpg-rehearsal",
                "0.1.0",
                scenario,
                "Happy path <with> & \"quotes\"",
                "local",
                T0,
                new RehearsalReport.PostgresVersions(15, 15, "15.14", 17),
                RehearsalReport.SUCCESS,
                new Scenario.Expectation("success", null, null),
                true,
                phases,
                commands,
                v,
                null,
                null,
                sizes,
                List.of("a note with <markup> & ampersand"),
                "fixtures/manifests/database-cnpg.yaml");
    }

    public static Map<String, Long> linear(long databaseBytes, double msPerMB, long fixedMs) {
        Map<String, Long> m = new LinkedHashMap<>();
        double mb = databaseBytes / 1e6;
        m.put(Phases.ROLES, 150L);
        m.put(Phases.DUMP, fixedMs + Math.round(msPerMB * mb));
        m.put(Phases.RESTORE_PRE_DATA, 300L);
        m.put(Phases.RESTORE_DATA, fixedMs + Math.round(2 * msPerMB * mb));
        m.put(Phases.RESTORE_POST_DATA, fixedMs + Math.round(msPerMB * mb));
        m.put(Phases.ANALYZE, 100 + Math.round(0.2 * msPerMB * mb));
        m.put(Phases.FINALIZE, 1200L);
        return m;
    }

    /** The seed's first failure: the import user cannot read pg_authid. */
    public static RehearsalReport failure() {
        List<PhaseRecord> phases = new ArrayList<>();
        Instant t = add(phases, Phases.PROVISION, T0, 2_000, PhaseStatus.SUCCEEDED, null);
        t = add(phases, Phases.SEED, t, 4_000, PhaseStatus.SUCCEEDED, 50_000_000L);
        add(phases, Phases.ROLES, t, 120, PhaseStatus.FAILED, null);
        List<String> evidence = List.of("ERROR:  permission denied for table pg_authid");
        Diagnosis d = new Diagnosis(
                Cause.ROLE_CATALOG_DENIED,
                Cause.ROLE_CATALOG_DENIED.summary(),
                Phases.ROLES,
                evidence,
                "GRANT pg_read_all_data TO standby on the source, or import with a superuser");
        ObjectNode preflight = JsonNodeFactory.instance.objectNode();
        var checks = preflight.putArray("checks");
        checks.addObject()
                .put("name", "import user privileges")
                .put("status", "fail")
                .put("detail", "standby has REPLICATION only")
                .put("remediation", "GRANT pg_read_all_data TO standby");
        checks.addObject().put("name", "externalClusters").put("passed", true).put("detail", "zalando-cluster present");
        return new RehearsalReport(
                        "cnpg-rehearsal",
                        "0.1.0",
                        "role-catalog-denied",
                        "standby cannot read roles",
                        "local",
                        T0,
                        new RehearsalReport.PostgresVersions(15, 15, "15.14", null),
                        RehearsalReport.FAILURE,
                        new Scenario.Expectation("failure", "ROLE_CATALOG_DENIED", Phases.ROLES),
                        true,
                        phases,
                        List.of(),
                        null,
                        new RehearsalReport.Failure(Phases.ROLES, evidence),
                        d,
                        new RehearsalReport.SizeFacts(50_000_000L, null, null, null, null),
                        List.of(),
                        null)
                .withPreflight(preflight)
                .withFixChain(List.of(
                        new FixRound(1, "ROLE_CATALOG_DENIED", evidence, "GRANT pg_read_all_data TO standby", 9_000),
                        new FixRound(
                                2,
                                "LARGE_OBJECT_DENIED",
                                List.of("pg_dump: error: could not open large object 16390"),
                                "superuser dump user",
                                11_000),
                        new FixRound(3, null, List.of(), null, 12_500)));
    }

    private static Instant add(
            List<PhaseRecord> phases, String name, Instant start, long ms, PhaseStatus status, Long bytes) {
        Instant end = start.plusMillis(ms);
        phases.add(new PhaseRecord(name, start, end, status, bytes, name + " detail"));
        return end;
    }

    private Samples() {}
}
