package org.cnpgrehearsal.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.diagnose.Diagnosis;
import org.cnpgrehearsal.estimate.VolumeRule;
import org.cnpgrehearsal.importer.CommandRecord;
import org.cnpgrehearsal.preflight.Check;
import org.cnpgrehearsal.preflight.PreflightReport;
import org.cnpgrehearsal.results.DatabaseShape;
import org.cnpgrehearsal.results.Environment;
import org.cnpgrehearsal.results.RehearsalFacts;
import org.cnpgrehearsal.results.SizeFacts;
import org.cnpgrehearsal.results.SourcePrep;
import org.cnpgrehearsal.results.Subject;
import org.cnpgrehearsal.results.TableSize;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.PhaseStatus;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.verify.Verification;

/** Synthetic rehearsal reports for the renderer and estimate tests: a Mastodon-like shape that grows with its size. */
public final class Samples {

    public static final Instant T0 = Instant.parse("2026-11-25T13:00:00Z");
    public static final String MANIFEST = "fixtures/manifests/database-cnpg.yaml";
    public static final String DIGEST = "sha256:0123456789abcdef";
    public static final String FIXTURE = "mastodon with large objects";
    public static final long MAINTENANCE_WORK_MEM = 64L * 1024 * 1024;

    /** The subject of every sample: one scenario, one manifest, one fixture. */
    public static Subject subject(String scenario) {
        return new Subject(scenario, "Happy path <with> & \"quotes\"", MANIFEST, DIGEST, FIXTURE);
    }

    /** A source of {@code databaseBytes} shaped like Mastodon: three tables, their indexes and keys, one view. */
    public static DatabaseShape shape(long databaseBytes) {
        long statuses = databaseBytes * 30 / 100;
        long accounts = databaseBytes * 10 / 100;
        long follows = databaseBytes * 15 / 100;
        return new DatabaseShape(
                100,
                List.of(
                        new DatabaseShape.Table(
                                "public.statuses", statuses / 200, statuses, statuses + 1_000_000, 12, false),
                        new DatabaseShape.Table("public.accounts", accounts / 400, accounts, accounts, 20, false),
                        new DatabaseShape.Table("public.follows", follows / 60, follows, follows, 4, false),
                        new DatabaseShape.Table(
                                "public.account_summaries", accounts / 4000, accounts / 10, accounts / 10, 3, true)),
                List.of(
                        new DatabaseShape.Index("public.statuses_pkey", "public.statuses", statuses / 8),
                        new DatabaseShape.Index("public.index_statuses_on_account_id", "public.statuses", statuses / 8),
                        new DatabaseShape.Index("public.accounts_pkey", "public.accounts", accounts / 10),
                        new DatabaseShape.Index("public.follows_pkey", "public.follows", follows / 4)),
                List.of(
                        new DatabaseShape.ForeignKey("fk_statuses_account", "public.statuses", "public.accounts"),
                        new DatabaseShape.ForeignKey("fk_follows_account", "public.follows", "public.accounts")));
    }

    public static SizeFacts sizes(long databaseBytes) {
        DatabaseShape shape = shape(databaseBytes);
        long tables = shape.tableBytes();
        SizeFacts.Source source = new SizeFacts.Source(
                databaseBytes,
                tables,
                1_000_000L,
                databaseBytes * 3 / 10,
                0L,
                shape.tables().stream().mapToLong(DatabaseShape.Table::rows).sum(),
                new TableSize("public.statuses", shape.table("public.statuses").tableBytes()));
        return new SizeFacts(
                source,
                databaseBytes / 3,
                databaseBytes * 9 / 10,
                new SizeFacts.Volume(
                        10L * databaseBytes, VolumeRule.need(tables, databaseBytes, true, 1024L * 1024 * 1024), null));
    }

    /** A successful rehearsal whose import phases took the given milliseconds. */
    public static RehearsalReport success(String scenario, long databaseBytes, Map<String, Long> importMs, int jobs) {
        List<PhaseRecord> phases = new ArrayList<>();
        Instant t = T0;
        t = add(phases, Phases.PROVISION, t, 2_000, PhaseStatus.SUCCEEDED, null);
        t = add(phases, Phases.SEED, t, 5_000, PhaseStatus.SUCCEEDED, databaseBytes);
        t = add(phases, Phases.PREFLIGHT, t, 300, PhaseStatus.SUCCEEDED, null);
        for (String p : Phases.IMPORT) {
            Long ms = importMs.get(p);
            if (ms != null) {
                t = add(phases, p, t, ms, PhaseStatus.SUCCEEDED, Phases.DUMP.equals(p) ? databaseBytes / 3 : null);
            }
        }
        t = add(phases, Phases.VERIFY, t, 800, PhaseStatus.SUCCEEDED, null);
        Long clone = importMs.get(Phases.REPLICA_CLONE);
        if (clone != null) {
            add(phases, Phases.REPLICA_CLONE, t, clone, PhaseStatus.SUCCEEDED, databaseBytes);
        }
        RehearsalFacts facts = new RehearsalFacts(
                subject(scenario),
                environment(),
                RehearsalFacts.SUCCESS,
                null,
                phases,
                commands(jobs),
                sizes(databaseBytes),
                shape(databaseBytes),
                null);
        Verification v = Verification.of(List.of(
                org.cnpgrehearsal.verify.Check.pass("row counts", "12 tables, 3 000 rows match"),
                org.cnpgrehearsal.verify.Check.pass("application access", "mastodon reads and writes its tables")));
        return new RehearsalReport(
                RehearsalReport.VERSION,
                facts,
                new RehearsalReport.Judgement(new Scenario.Expectation("success", null, null), true, v, null),
                preflight(true),
                SourcePrep.none()
                        .with(SourcePrep.forGrant("pg_read_all_data", "standby"))
                        .with(SourcePrep.forGrant("lo_compat_privileges", "standby")),
                List.of(),
                List.of("a note with <markup> & ampersand"),
                null,
                null);
    }

    public static Environment environment() {
        return new Environment(
                "cnpg-rehearsal",
                "0.1.0",
                "local",
                T0,
                new Environment.PostgresVersions(15, 15, "15.14", 17),
                2,
                MAINTENANCE_WORK_MEM);
    }

    private static List<CommandRecord> commands(int jobs) {
        return List.of(
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
    }

    private static PreflightReport preflight(boolean go) {
        List<Check> checks = new ArrayList<>();
        checks.add(
                go
                        ? Check.pass("privileges.role-catalog", "standby can run CNPG's role query")
                        : Check.fail(
                                "privileges.role-catalog",
                                "standby has REPLICATION only",
                                "GRANT pg_read_all_data TO standby"));
        checks.add(Check.pass("manifest.external-cluster", "zalando-cluster present"));
        return PreflightReport.of("fixtures/manifests/database-cnpg.yaml", "127.0.0.1:5432 as standby", checks);
    }

    /** Durations that grow linearly with the database size, for the renderers (not the models). */
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
        m.put(Phases.REPLICA_CLONE, 500 + Math.round(0.5 * msPerMB * mb));
        return m;
    }

    /** The seed's first failure: the import user cannot read pg_authid; the preflight said no-go. */
    public static RehearsalReport failure() {
        List<PhaseRecord> phases = new ArrayList<>();
        Instant t = add(phases, Phases.PROVISION, T0, 2_000, PhaseStatus.SUCCEEDED, null);
        t = add(phases, Phases.SEED, t, 4_000, PhaseStatus.SUCCEEDED, 50_000_000L);
        t = add(phases, Phases.PREFLIGHT, t, 300, PhaseStatus.FOUND_PROBLEMS, null);
        add(phases, Phases.ROLES, t, 120, PhaseStatus.FAILED, null);
        List<String> evidence = List.of("ERROR:  permission denied for table pg_authid");
        Diagnosis d = new Diagnosis(
                Cause.ROLE_CATALOG_DENIED,
                Cause.ROLE_CATALOG_DENIED.summary(),
                Phases.ROLES,
                evidence,
                "GRANT pg_read_all_data TO standby on the source, or import with a superuser");
        RehearsalFacts facts = new RehearsalFacts(
                new Subject("role-catalog-denied", "standby cannot read roles", MANIFEST, DIGEST, FIXTURE),
                environment(),
                RehearsalFacts.FAILURE,
                d,
                phases,
                List.of(),
                sizes(50_000_000L),
                shape(50_000_000L),
                null);
        return new RehearsalReport(
                        RehearsalReport.VERSION,
                        facts,
                        new RehearsalReport.Judgement(
                                new Scenario.Expectation("failure", "ROLE_CATALOG_DENIED", Phases.ROLES),
                                true,
                                null,
                                new RehearsalReport.Failure(Phases.ROLES, evidence)),
                        preflight(false),
                        SourcePrep.none(),
                        List.of(),
                        List.of(),
                        null,
                        null)
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
