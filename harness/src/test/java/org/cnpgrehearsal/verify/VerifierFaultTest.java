package org.cnpgrehearsal.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cnpgrehearsal.cli.Main;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.fixture.MastodonFixture;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.model.Credentials;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.platform.local.LocalPlatform;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.scenario.ScenarioCatalog;
import org.cnpgrehearsal.source.ZalandoSource;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.ClientTools;
import org.cnpgrehearsal.util.OsUser;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.ProjectPaths;
import org.cnpgrehearsal.util.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * A real import of a database with generated and identity columns, triggers, a policy, an unlogged table, an
 * inheritance child, an extension, large objects and settings; then one fault at a time in a copy of the target, and
 * the verification must name exactly that fault, with the cause and a remedy that follows from it.
 */
class VerifierFaultTest {

    /** What the source has besides the default fixture (as the application owner, unless noted). */
    private static final List<String> FEATURES = List.of(
            "SET ROLE mastodon",
            "CREATE TABLE public.invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, net numeric NOT NULL,"
                    + " gross numeric GENERATED ALWAYS AS (net * 1.19) STORED)",
            "INSERT INTO public.invoices (net) SELECT g FROM generate_series(1, 50) g",
            "CREATE FUNCTION public.append_only() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$ BEGIN RAISE EXCEPTION 'audit_log is written by the API only'; END $$",
            "CREATE TABLE public.audit_log (id bigserial PRIMARY KEY, note text)",
            "INSERT INTO public.audit_log (note) SELECT 'event ' || g FROM generate_series(1, 20) g",
            "CREATE TRIGGER audit_log_append_only BEFORE INSERT OR UPDATE OR DELETE ON public.audit_log"
                    + " FOR EACH STATEMENT EXECUTE FUNCTION public.append_only()",
            "CREATE UNLOGGED TABLE public.web_sessions (id int PRIMARY KEY, token text)",
            "INSERT INTO public.web_sessions SELECT g, md5(g::text) FROM generate_series(1, 30) g",
            "CREATE TABLE public.reports (id int PRIMARY KEY, tenant text NOT NULL, body text)",
            "INSERT INTO public.reports SELECT g, 't' || (g % 3), 'r' FROM generate_series(1, 30) g",
            "ALTER TABLE public.reports ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY reports_by_tenant ON public.reports USING (tenant = current_setting('app.tenant', true))",
            "CREATE TABLE public.events (id int, kind text)",
            "CREATE TABLE public.login_events (ip inet) INHERITS (public.events)",
            "ALTER TABLE public.events ADD COLUMN at timestamptz",
            "INSERT INTO public.login_events VALUES (1, 'login', '10.0.0.1', now())",
            "COMMENT ON TABLE public.accounts IS 'one row per local or remote account'",
            "RESET ROLE",
            "CREATE EXTENSION hstore",
            "ALTER ROLE standby BYPASSRLS",
            "ALTER ROLE mastodon SET search_path = \"$user\", public",
            "ALTER DATABASE mastodon SET timezone = 'Europe/Berlin'");

    private static LocalPlatform platform;
    private static RehearsalPlan plan;
    private static Sides sides;
    private static Verification beforeRemedy;
    private static Verification afterRemedy;

    @BeforeAll
    static void importTheSourceAndMendWhatCnpgDrops() throws Exception {
        ClientTools tools = ClientTools.find(null, null);
        Scenario happy = ScenarioCatalog.builtIn().find(ScenarioCatalog.DEFAULT);
        ClusterManifest manifest = ManifestReader.read(ProjectPaths.defaultManifest());
        plan = new RehearsalPlan(happy, manifest, 12_000_000L, tools.major(), tools.major(), new Credentials(), false);
        platform = new LocalPlatform(tools, OsUser.forServers());
        Timeline timeline = new Timeline();
        platform.provision(plan, timeline);
        PgConnection sourceDb = platform.sourceSuperuser().withDatabase(plan.appDatabase());
        timeline.phase(
                "seed",
                h -> new MastodonFixture(ProjectPaths.fixtures())
                        .seed(sourceDb, plan.appOwner(), plan.fixtureBytes(), true, h));
        ZalandoSource.prepare(platform.sourceSuperuser(), plan);
        execute(sourceDb, FEATURES);
        assertTrue(platform.runImport(plan, timeline).succeeded());
        sides = new Sides(platform.sourceSuperuser(), platform.targetSuperuser(), platform::targetAs);

        beforeRemedy = Verifier.verify(VerifyScope.of(plan), sides);
        Check settings = check(beforeRemedy, SettingsCheck.NAME);
        List<String> remedy = List.of(settings.remedy()
                .substring(settings.remedy().indexOf("connects: ") + 10)
                .split("(?<=;) "));
        execute(platform.targetSuperuser().withDatabase(plan.appDatabase()), remedy);
        afterRemedy = Verifier.verify(VerifyScope.of(plan), sides);
    }

    @AfterAll
    static void removeTheServers() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void theRoleSettingCnpgDoesNotImportIsFoundAndItsRemedyMendsIt() {
        assertEquals(Set.of(SettingsCheck.NAME), failed(beforeRemedy), beforeRemedy.toString());
        Check settings = check(beforeRemedy, SettingsCheck.NAME);
        assertEquals(Cause.SETTINGS_LOST, settings.cause());
        assertTrue(
                settings.differences().get(0).startsWith("role mastodon: search_path"),
                settings.differences().toString());
        assertTrue(
                settings.remedy().contains("ALTER ROLE \"mastodon\" SET search_path = \"$user\", public;"),
                settings.remedy());
        assertTrue(afterRemedy.passed(), afterRemedy.toString());
    }

    @Test
    void probesThatFailOnTheSourceTooAreTheSchemasOwnAndNotCounted() {
        Check probes = check(afterRemedy, AppAccessCheck.QUERIES);
        assertTrue(probes.passed());
        assertTrue(
                probes.notes().stream()
                        .anyMatch(n -> n.startsWith("INSERT INTO \"public\".\"audit_log\"")
                                && n.contains("written by the API only")),
                probes.notes().toString());
        assertTrue(
                probes.notes().stream().noneMatch(n -> n.contains("invoices")),
                "generated and identity ALWAYS " + "columns are left out of the write probe: " + probes.notes());
    }

    @Test
    void anInheritanceChildsNewColumnOrderIsANoteNotAFailure() {
        Check schema = check(afterRemedy, SchemaCheck.NAME);
        assertTrue(schema.passed());
        assertTrue(
                schema.notes().stream()
                        .anyMatch(n -> n.startsWith("column order public.login_events: 'id, kind, ip, "
                                + "at' on the source, 'id, kind, at, ip' on the target")),
                schema.notes().toString());
    }

    @Test
    void everyCheckSaysWhatItCompared() {
        afterRemedy
                .checks()
                .forEach(c -> assertTrue(c.compared() != null && !c.compared().isBlank(), c.name()));
    }

    /** One fault: what breaks the copy of the target, the checks that must fail, and the cause of the first. */
    record Fault(String name, List<String> onTarget, Set<String> failing, Cause cause, String remedyMentions) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Fault> faults() {
        return Stream.of(
                new Fault(
                        "a changed value",
                        List.of("UPDATE public.accounts SET display_name = display_name || '!' "
                                + "WHERE id = (SELECT min(id) FROM public.accounts)"),
                        Set.of(ContentCheck.CONTENT),
                        Cause.DATA_MISMATCH,
                        "values changed"),
                new Fault(
                        "a deleted row",
                        List.of("DELETE FROM public.notifications WHERE id = (SELECT min(id) FROM "
                                + "public.notifications)"),
                        Set.of(ContentCheck.ROWS),
                        Cause.DATA_MISMATCH,
                        "pg_restore"),
                new Fault(
                        "an unlogged table left empty",
                        List.of("TRUNCATE public.web_sessions"),
                        Set.of(ContentCheck.ROWS),
                        Cause.DATA_MISMATCH,
                        "at the primary service"),
                new Fault(
                        "a sequence set back",
                        List.of("SELECT setval(pg_get_serial_sequence('public.follows', 'id'), 1)"),
                        Set.of(SequenceCheck.NAME),
                        Cause.SEQUENCE_BEHIND,
                        "setval"),
                new Fault(
                        "a missing index",
                        List.of("DROP INDEX public.index_statuses_public_timeline"),
                        Set.of(SchemaCheck.NAME),
                        Cause.SCHEMA_MISMATCH,
                        "import.log"),
                new Fault(
                        "a foreign key left unvalidated",
                        List.of(
                                "ALTER TABLE public.favourites DROP CONSTRAINT favourites_status_id_fkey",
                                "ALTER TABLE public.favourites ADD CONSTRAINT favourites_status_id_fkey FOREIGN KEY "
                                        + "(status_id) REFERENCES public.statuses (id) NOT VALID"),
                        Set.of(SchemaCheck.NAME),
                        Cause.SCHEMA_MISMATCH,
                        "VALIDATE CONSTRAINT favourites_status_id_fkey"),
                new Fault(
                        "a disabled trigger",
                        List.of("ALTER TABLE public.audit_log DISABLE TRIGGER audit_log_append_only"),
                        Set.of(SchemaCheck.NAME),
                        Cause.SCHEMA_MISMATCH,
                        "ENABLE TRIGGER audit_log_append_only"),
                new Fault(
                        "a missing function",
                        List.of("DROP FUNCTION public.timestamp_id(timestamptz)"),
                        Set.of(SchemaCheck.NAME),
                        Cause.SCHEMA_MISMATCH,
                        "import.log"),
                new Fault(
                        "a missing view",
                        List.of("DROP VIEW public.public_statuses"),
                        Set.of(SchemaCheck.NAME),
                        Cause.SCHEMA_MISMATCH,
                        "import.log"),
                new Fault(
                        "an unpopulated materialized view",
                        List.of("REFRESH MATERIALIZED VIEW public.account_summaries WITH NO DATA"),
                        Set.of(SchemaCheck.NAME),
                        Cause.SCHEMA_MISMATCH,
                        "REFRESH MATERIALIZED VIEW"),
                new Fault(
                        "an extension at another version",
                        List.of("DROP EXTENSION hstore", "CREATE EXTENSION hstore VERSION '1.4'"),
                        Set.of(SchemaCheck.NAME),
                        Cause.SCHEMA_MISMATCH,
                        "ALTER EXTENSION hstore UPDATE"),
                new Fault(
                        "a dropped policy",
                        List.of("DROP POLICY reports_by_tenant ON public.reports"),
                        Set.of(SchemaCheck.NAME),
                        Cause.SCHEMA_MISMATCH,
                        "import.log"),
                new Fault(
                        "a changed large object",
                        List.of("SELECT lo_put((SELECT min(oid) FROM " + "pg_largeobject_metadata), 0, '\\x00ff')"),
                        Set.of(LargeObjectCheck.NAME),
                        Cause.DATA_MISMATCH,
                        "did not arrive whole"),
                new Fault(
                        "a lost database setting",
                        List.of("ALTER DATABASE %db% RESET timezone"),
                        Set.of(SettingsCheck.NAME),
                        Cause.SETTINGS_LOST,
                        "ALTER DATABASE \"%db%\" SET TimeZone = 'Europe/Berlin';"),
                new Fault(
                        "a lost privilege",
                        List.of("REVOKE UPDATE ON public.follows FROM mastodon"),
                        Set.of(AppAccessCheck.OWNERSHIP, AppAccessCheck.QUERIES),
                        Cause.APP_ACCESS_LOST,
                        "table public.follows: lost UPDATE"),
                new Fault(
                        "another owner",
                        List.of("ALTER TABLE public.media_files OWNER TO postgres"),
                        Set.of(AppAccessCheck.OWNERSHIP, AppAccessCheck.QUERIES),
                        Cause.APP_ACCESS_LOST,
                        "table public.media_files: owner mastodon -> postgres"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void eachInjectedFaultIsNamedByItsCheck(Fault fault) throws Exception {
        String copy = "fault_" + Math.abs(fault.name().hashCode());
        copyTarget(copy);
        try {
            execute(
                    platform.targetSuperuser().withDatabase(copy),
                    fault.onTarget().stream().map(s -> s.replace("%db%", copy)).toList());
            VerifyScope scope = VerifyScope.of(plan).withTargetDatabase(copy);
            Verification v = Verifier.verify(scope, sides);
            assertEquals(fault.failing(), failed(v), v.toString());
            assertEquals(fault.cause(), v.diagnosis().cause(), v.toString());
            assertTrue(
                    v.diagnosis().remediation().matches("(?s).*\\b(on the source|in the manifest|on the target)\\b.*"),
                    "the remedy names the side to change: " + v.diagnosis().remediation());
            String evidence = String.join("\n", v.diagnosis().evidence()) + "\n"
                    + v.diagnosis().remediation();
            assertTrue(evidence.contains(fault.remedyMentions().replace("%db%", copy)), evidence);
        } finally {
            execute(
                    platform.targetSuperuser().withDatabase("postgres"),
                    List.of("DROP DATABASE " + copy + " WITH (FORCE)"));
        }
    }

    /**
     * What logical replication leaves behind, as the online path's own checks see it in a copy of the target whose
     * large objects lost their content and whose unlogged table is empty: each names its cause, with a remedy that
     * names the side to change.
     */
    @Test
    void theOnlinePathsChecksNameTheLargeObjectsAndTheUnloggedRowsLeftBehind() throws Exception {
        String copy = "fault_online_path";
        copyTarget(copy);
        try {
            PgConnection target = platform.targetSuperuser().withDatabase(copy);
            execute(target, List.of("DELETE FROM pg_largeobject", "TRUNCATE public.web_sessions"));
            PgConnection source = platform.sourceSuperuser().withDatabase(plan.appDatabase());
            Check largeObjects = StrategyChecks.largeObjects(source, target);
            Check unlogged = StrategyChecks.unlogged(source, target);
            assertEquals(Cause.LARGE_OBJECTS_NOT_REPLICATED, largeObjects.cause(), largeObjects.toString());
            assertEquals(Cause.UNLOGGED_NOT_REPLICATED, unlogged.cause(), unlogged.toString());
            assertTrue(unlogged.differences().toString().contains("web_sessions"), unlogged.toString());
            for (Check c : List.of(largeObjects, unlogged)) {
                assertFalse(c.passed(), c.toString());
                assertTrue(
                        c.remedy().matches("(?s).*\\b(on the source|in the manifest|on the target)\\b.*"),
                        "the remedy names the side to change: " + c.remedy());
            }
        } finally {
            execute(
                    platform.targetSuperuser().withDatabase("postgres"),
                    List.of("DROP DATABASE " + copy + " WITH (FORCE)"));
        }
    }

    /**
     * The verify command, between the rehearsal's live source and a copy of its target, read-only: exit 0 on the
     * intact copy, 1 naming the changed table on a broken one, its JSON document saying the same.
     */
    @Test
    void theVerifyCommandNamesAFaultBetweenTwoLiveDatabases() throws Exception {
        String intact = "verify_intact";
        String broken = "verify_broken";
        copyTarget(intact);
        copyTarget(broken);
        execute(
                platform.targetSuperuser().withDatabase(broken),
                List.of("UPDATE public.follows SET show_reblogs = "
                        + "NOT show_reblogs WHERE id = (SELECT min(id) FROM public.follows)"));
        try {
            String[] ok = run(intact, "--app-role", "mastodon");
            assertEquals("0", ok[0], ok[1]);
            assertTrue(ok[1].contains("verify: everything the application relies on matches"), ok[1]);
            String[] bad = run(broken);
            assertEquals("1", bad[0], bad[1]);
            assertTrue(bad[1].contains("FAIL content:") && bad[1].contains("> public.follows: same "), bad[1]);
            String[] json = run(broken, "--output", "json");
            assertEquals("1", json[0]);
            assertTrue(json[2].contains("\"passed\" : false") && json[2].contains("public.follows"), json[2]);
        } finally {
            execute(
                    platform.targetSuperuser().withDatabase("postgres"),
                    List.of("DROP DATABASE " + intact + " WITH (FORCE)", "DROP DATABASE " + broken + " WITH (FORCE)"));
        }
    }

    /** Exit code, standard error and standard output of {@code verify} between the source and {@code copy}. */
    private static String[] run(String copy, String... more) throws Exception {
        PgConnection s = platform.sourceSuperuser();
        PgConnection t = platform.targetSuperuser();
        Path dir = Files.createTempDirectory("verify-command-");
        Path sourcePw = Files.writeString(dir.resolve("source.pw"), s.password());
        Path targetPw = Files.writeString(dir.resolve("target.pw"), t.password());
        List<String> args = new ArrayList<>(List.of(
                "verify",
                "--source-url",
                "postgresql://postgres@127.0.0.1:" + s.port() + "/" + plan.appDatabase()
                        + "?sslmode=verify-ca&sslrootcert=" + s.sslRootCert(),
                "--source-password-file",
                sourcePw.toString(),
                "--target-url",
                "postgresql://postgres@127.0.0.1:" + t.port() + "/" + copy + "?sslmode=disable",
                "--target-password-file",
                targetPw.toString(),
                "--manifest",
                ProjectPaths.defaultManifest().toString()));
        args.addAll(List.of(more));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args.toArray(String[]::new));
        return new String[] {String.valueOf(code), out + err.toString(), out.toString()};
    }

    @Test
    void aRoleSettingResetOnTheTargetIsLost() throws Exception {
        PgConnection target = platform.targetSuperuser().withDatabase("postgres");
        execute(target, List.of("ALTER ROLE mastodon RESET search_path"));
        try {
            Verification v = Verifier.verify(VerifyScope.of(plan), sides);
            assertEquals(Set.of(SettingsCheck.NAME), failed(v), v.toString());
        } finally {
            execute(target, List.of("ALTER ROLE mastodon SET search_path = \"$user\", public"));
        }
    }

    @Test
    void aPgCronJobLeftInThePostgresDatabaseIsFound() throws Exception {
        PgConnection postgres = platform.sourceSuperuser().withDatabase("postgres");
        execute(
                postgres,
                List.of(
                        "CREATE SCHEMA cron",
                        "CREATE TABLE cron.job (jobid bigserial PRIMARY KEY, schedule "
                                + "text, command text, database text, username text, jobname text)",
                        "INSERT INTO cron.job (schedule, command, database, username, jobname) VALUES "
                                + "('*/5 * * * *', 'REFRESH MATERIALIZED VIEW account_summaries', 'mastodon', 'mastodon', 'summaries')"));
        try {
            Verification v = Verifier.verify(VerifyScope.of(plan), sides);
            assertEquals(Set.of(SkippedDatabasesCheck.NAME), failed(v), v.toString());
            assertEquals(Cause.DATABASE_NOT_IMPORTED, v.diagnosis().cause());
            assertTrue(
                    v.diagnosis().evidence().get(1).contains("summaries (*/5 * * * *) in database mastodon"),
                    v.diagnosis().evidence().toString());
        } finally {
            execute(postgres, List.of("DROP SCHEMA cron CASCADE"));
        }
    }

    @Test
    void aSubscriptionTheDumpUserCouldNotDumpIsFound() throws Exception {
        PgConnection sourceDb = platform.sourceSuperuser().withDatabase(plan.appDatabase());
        execute(
                sourceDb,
                List.of("CREATE SUBSCRIPTION replica_feed CONNECTION 'dbname=nowhere' PUBLICATION feed "
                        + "WITH (connect = false, enabled = false, slot_name = NONE)"));
        try {
            Verification v = Verifier.verify(VerifyScope.of(plan), sides);
            assertEquals(Set.of(SubscriptionCheck.NAME), failed(v), v.toString());
            assertEquals(Cause.SUBSCRIPTIONS_LOST, v.diagnosis().cause());
        } finally {
            execute(sourceDb, List.of("DROP SUBSCRIPTION replica_feed"));
        }
    }

    @Test
    void aVerificationThatCannotMeasureIsNeverAPass() {
        Sides nowhere = new Sides(sides.source().withUser("nobody_here", "x"), sides.target(), sides.targetAs());
        Verification v = Verifier.verify(VerifyScope.of(plan), nowhere);
        assertFalse(v.passed());
        assertTrue(
                v.checks().stream().anyMatch(c -> !c.measured() && c.detail().startsWith("could not measure")),
                v.toString());
    }

    /** A copy of the imported database, with its owner and its own settings (CREATE DATABASE copies neither). */
    private static void copyTarget(String copy) throws SQLException {
        PgConnection target = platform.targetSuperuser().withDatabase("postgres");
        List<String> statements = new ArrayList<>();
        statements.add("CREATE DATABASE " + copy + " TEMPLATE " + plan.appDatabase() + " OWNER " + plan.appOwner());
        try (Connection c = target.open()) {
            for (List<String> r : PgCatalog.rows(
                    c,
                    "SELECT pg_get_userbyid(s.setrole), x FROM pg_db_role_setting s, unnest(s.setconfig) x "
                            + "WHERE s.setdatabase = (SELECT oid FROM pg_database WHERE datname = ?)",
                    plan.appDatabase())) {
                String[] kv = r.get(1).split("=", 2);
                statements.add(
                        r.get(0) == null || r.get(0).startsWith("unknown")
                                ? "ALTER DATABASE " + copy + " SET " + kv[0] + " = " + Sql.literal(kv[1])
                                : "ALTER ROLE " + Sql.ident(r.get(0)) + " IN DATABASE " + copy + " SET " + kv[0] + " = "
                                        + Sql.literal(kv[1]));
            }
        }
        execute(target, statements);
    }

    private static void execute(PgConnection db, List<String> statements) throws SQLException {
        try (Connection c = db.open();
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static Check check(Verification v, String name) {
        return v.checks().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + v));
    }

    private static Set<String> failed(Verification v) {
        return v.checks().stream()
                .filter(c -> !c.passed())
                .map(Check::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
