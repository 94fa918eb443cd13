package org.cnpgrehearsal.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.fixture.MastodonFixture;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ManifestEditor;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.model.Credentials;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.platform.local.LocalPlatform;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.source.Certificates;
import org.cnpgrehearsal.source.ZalandoSource;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.ClientTools;
import org.cnpgrehearsal.util.OsUser;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.ProjectPaths;
import org.cnpgrehearsal.util.Sizes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every source-side check made to fail and to pass on one real, Zalando-style source (Spilo roles, template
 * objects, stand-ins for pg_stat_kcache and set_user, the Mastodon fixture with large objects), as Zalando's
 * {@code standby} user. Each test restores what it changed.
 */
class PreflightSourceTest {

    static LocalPlatform platform;
    static RehearsalPlan plan;
    static ClusterManifest seed;
    static ClusterManifest corrected;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void startSource() throws Exception {
        ClientTools tools = ClientTools.find(null, null);
        seed = ManifestReader.read(OptionsLintTest.SEED);
        corrected = ManifestReader.read(OptionsLintTest.CORRECTED);
        Scenario scenario = new Scenario(
                "preflight",
                "preflight tests",
                new Scenario.Source(
                        tools.major(),
                        "standby",
                        List.of(),
                        null,
                        List.of("pg_stat_statements", "pg_stat_kcache", "set_user"),
                        null,
                        null),
                new Scenario.Fixture(null, "10MB", true),
                null,
                null);
        plan = new RehearsalPlan(
                scenario, seed, Sizes.parse("10MB"), tools.major(), tools.major(), new Credentials(), false);
        platform = new LocalPlatform(tools, OsUser.forServers());
        Timeline timeline = new Timeline();
        platform.provision(plan, timeline);
        timeline.phase(
                "seed",
                h -> new MastodonFixture(ProjectPaths.fixtures())
                        .seed(
                                platform.sourceSuperuser().withDatabase("mastodon"),
                                "mastodon",
                                plan.fixtureBytes(),
                                true,
                                h));
        ZalandoSource.prepare(platform.sourceSuperuser(), plan);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    static PgConnection standby() {
        return platform.sourceSuperuser()
                .withUser("standby", plan.credentials().password("standby"))
                .withDatabase("mastodon");
    }

    static PreflightReport preflight(ClusterManifest m, PgConnection as) {
        return Preflight.run(m, as, PreflightOptions.defaults());
    }

    static void superuser(String... statements) throws Exception {
        try (Connection c = platform.sourceSuperuser().withDatabase("mastodon").open();
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    static Check check(PreflightReport r, String id) {
        return r.check(id).orElseThrow(() -> new AssertionError("no check " + id + " in " + r.checks()));
    }

    static void assertStatus(Status expected, PreflightReport r, String id) {
        Check c = check(r, id);
        assertEquals(expected, c.status(), c.toString());
    }

    static List<Long> largeObjects() throws Exception {
        List<Long> oids = new ArrayList<>();
        try (Connection c = platform.sourceSuperuser().withDatabase("mastodon").open();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT oid FROM pg_largeobject_metadata ORDER BY oid")) {
            while (rs.next()) {
                oids.add(rs.getLong(1));
            }
        }
        return oids;
    }

    @Test
    void seedAsWrittenWithStandbyIsNoGoNamingPgReadAllDataAndTheGrantTurnsItToPass() throws Exception {
        PreflightReport before = preflight(seed, standby());
        assertFalse(before.go());
        Check catalog = check(before, PrivilegeChecks.ROLE_CATALOG);
        assertEquals(Status.FAIL, catalog.status(), catalog.toString());
        assertTrue(catalog.measured().contains("permission denied for table pg_authid"), catalog.measured());
        assertTrue(catalog.fix().contains("GRANT pg_read_all_data TO"), catalog.fix());
        Check tables = check(before, PrivilegeChecks.TABLES);
        assertEquals(Status.FAIL, tables.status(), tables.toString());
        assertTrue(tables.measured().contains("\"public\".\"accounts\""), tables.measured());
        assertTrue(
                tables.fix().contains("pg_read_all_data")
                        && tables.fix().contains("GRANT SELECT ON ALL TABLES IN SCHEMA \"public\" TO \"standby\""),
                tables.fix());
        assertStatus(Status.PASS, before, Connectivity.TLS);
        assertStatus(Status.PASS, before, Connectivity.AUTH);
        assertStatus(Status.PASS, before, Connectivity.READ_ONLY);
        try {
            superuser("GRANT pg_read_all_data TO standby");
            PreflightReport after = preflight(seed, standby());
            assertStatus(Status.PASS, after, PrivilegeChecks.ROLE_CATALOG);
            assertStatus(Status.PASS, after, PrivilegeChecks.TABLES);
            // the rest of the seed's chain is still there, without running anything
            assertStatus(Status.FAIL, after, PrivilegeChecks.LARGE_OBJECTS);
            assertStatus(Status.FAIL, after, ExtensionCheck.ID);
            Check ownership = check(after, OptionsLint.OWNERSHIP);
            assertEquals(Status.FAIL, ownership.status());
            assertTrue(ownership.measured().contains("permission denied for table "), ownership.measured());
            assertFalse(after.go());
        } finally {
            superuser("REVOKE pg_read_all_data FROM standby");
        }
    }

    @Test
    void correctedManifestAgainstThePreparedSourceIsGo() throws Exception {
        List<Long> oids = largeObjects();
        try {
            superuser("GRANT pg_read_all_data TO standby", "DROP EXTENSION pg_stat_kcache", "DROP EXTENSION set_user");
            for (Long oid : oids) {
                superuser("GRANT SELECT ON LARGE OBJECT " + oid + " TO standby");
            }
            PreflightReport r = preflight(corrected, standby());
            assertTrue(
                    r.go(),
                    r.checks().stream()
                            .filter(c -> c.status() != Status.PASS)
                            .toList()
                            .toString());
            assertEquals(0, r.count(Status.FAIL));
        } finally {
            for (Long oid : oids) {
                superuser("REVOKE SELECT ON LARGE OBJECT " + oid + " FROM standby");
            }
            superuser(
                    "REVOKE pg_read_all_data FROM standby",
                    "CREATE EXTENSION IF NOT EXISTS pg_stat_kcache SCHEMA public",
                    "CREATE EXTENSION IF NOT EXISTS set_user SCHEMA public");
        }
    }

    @Test
    void largeObjectsFailWithPgReadAllDataAndPassWithGrantsOnEach() throws Exception {
        List<Long> oids = largeObjects();
        assertFalse(oids.isEmpty());
        try {
            superuser("GRANT pg_read_all_data TO standby");
            Check denied = check(preflight(seed, standby()), PrivilegeChecks.LARGE_OBJECTS);
            assertEquals(Status.FAIL, denied.status(), denied.toString());
            assertTrue(
                    denied.measured().contains(oids.size() + " large objects not readable")
                            && denied.measured().contains("first oid " + oids.get(0)),
                    denied.measured());
            assertTrue(
                    denied.fix().contains("GRANT SELECT ON LARGE OBJECT")
                            && denied.fix().contains("lo_compat_privileges"),
                    denied.fix());
            for (Long oid : oids) {
                superuser("GRANT SELECT ON LARGE OBJECT " + oid + " TO standby");
            }
            assertStatus(Status.PASS, preflight(seed, standby()), PrivilegeChecks.LARGE_OBJECTS);
            assertStatus(
                    Status.PASS,
                    preflight(seed, platform.sourceSuperuser().withDatabase("mastodon")),
                    PrivilegeChecks.LARGE_OBJECTS);
        } finally {
            for (Long oid : oids) {
                superuser("REVOKE SELECT ON LARGE OBJECT " + oid + " FROM standby");
            }
            superuser("REVOKE pg_read_all_data FROM standby");
        }
    }

    @Test
    void connectivityNamesTlsAndAuthenticationFailuresSeparately() throws Exception {
        Path wrongCa = Files.writeString(tmp.resolve("other-ca.crt"), new Certificates("an unrelated CA").caPem());
        PreflightReport tls = preflight(seed, standby().withSsl("verify-ca", wrongCa));
        assertStatus(Status.PASS, tls, Connectivity.DNS);
        assertStatus(Status.PASS, tls, Connectivity.TCP);
        Check failed = check(tls, Connectivity.TLS);
        assertEquals(Status.FAIL, failed.status(), failed.toString());
        assertTrue(failed.measured().contains("TLS verification failed"), failed.measured());
        assertTrue(tls.check(Connectivity.AUTH).isEmpty());
        assertFalse(tls.go());

        PreflightReport noCa = preflight(seed, standby().withSsl("verify-ca", null));
        assertStatus(Status.FAIL, noCa, Connectivity.TLS);

        PreflightReport auth = preflight(seed, standby().withUser("standby", "not-the-password"));
        assertStatus(Status.PASS, auth, Connectivity.TLS);
        Check authFailed = check(auth, Connectivity.AUTH);
        assertEquals(Status.FAIL, authFailed.status(), authFailed.toString());
        assertTrue(authFailed.measured().contains("28P01"), authFailed.measured());
        assertTrue(auth.checks().stream().noneMatch(c -> c.measured().contains("not-the-password")));

        PreflightReport full = preflight(
                seed,
                standby().withSsl("verify-full", platform.sourceSuperuser().sslRootCert()));
        assertStatus(Status.PASS, full, Connectivity.TLS);
        assertStatus(Status.WARN, preflight(seed, standby().withSsl("require", null)), Connectivity.TLS);
        Check readOnly = check(full, Connectivity.READ_ONLY);
        assertEquals(Status.PASS, readOnly.status());
        assertTrue(readOnly.measured().contains("default_transaction_read_only=on"));
    }

    @Test
    void rolesThatHoldGrantsButAreNotImportedFailUntilTheirSchemasAreExcluded() throws Exception {
        ClusterManifest keepOwners = ManifestEditor.withImport(
                seed,
                Map.of(
                        "pgDumpExtraOptions",
                        List.of("--verbose"),
                        "pgRestoreExtraOptions",
                        List.of("--verbose", "--jobs=4")));
        PreflightReport kept = preflight(keepOwners, standby());
        Check coverage = check(kept, RoleChecks.COVERAGE);
        assertEquals(Status.FAIL, coverage.status(), coverage.toString());
        assertTrue(
                coverage.measured().contains("robot_zmon")
                        && coverage.measured().contains("admin"),
                coverage.measured());
        assertTrue(
                coverage.fix().contains("--exclude-schema=metric_helpers")
                        && coverage.fix().contains("--exclude-schema=user_management"),
                coverage.fix());
        assertStatus(Status.PASS, kept, OptionsLint.OWNERSHIP);

        PreflightReport fixed = preflight(corrected, standby());
        assertStatus(Status.PASS, fixed, RoleChecks.COVERAGE);
        assertStatus(Status.PASS, fixed, OptionsLint.OWNERSHIP);
        // the seed drops owners and grants: nothing is needed on the target, the ownership check carries the failure
        assertStatus(Status.PASS, preflight(seed, standby()), RoleChecks.COVERAGE);
        // microservice: no roles, no pg_authid; the initdb owner owns everything
        ClusterManifest micro = ManifestEditor.withImport(
                seed,
                Map.of(
                        "type",
                        "microservice",
                        "roles",
                        List.of(),
                        "initdbDatabase",
                        "mastodon",
                        "initdbOwner",
                        "mastodon"));
        PreflightReport m = preflight(micro, standby());
        assertStatus(Status.PASS, m, RoleChecks.COVERAGE);
        assertStatus(Status.PASS, m, PrivilegeChecks.ROLE_CATALOG);
        assertStatus(Status.PASS, m, OptionsLint.OWNERSHIP);
    }

    @Test
    void md5PasswordHashesFailAndAreUnknownWithoutReadAccess() throws Exception {
        Check unknown = check(preflight(seed, standby()), RoleChecks.PASSWORDS);
        assertEquals(Status.WARN, unknown.status(), unknown.toString());
        assertTrue(unknown.measured().startsWith("unknown"), unknown.measured());
        String password = plan.credentials().password("mastodon");
        try {
            superuser("GRANT pg_read_all_data TO standby");
            assertStatus(Status.PASS, preflight(seed, standby()), RoleChecks.PASSWORDS);
            superuser("SET password_encryption = 'md5'", "ALTER ROLE mastodon PASSWORD '" + password + "'");
            PreflightReport r = preflight(seed, standby());
            Check md5 = check(r, RoleChecks.PASSWORDS);
            assertEquals(Status.FAIL, md5.status(), md5.toString());
            assertTrue(
                    md5.measured().contains("[mastodon]") && md5.measured().contains("scram-sha-256"), md5.measured());
            String all = PreflightPrinter.json(r, List.of());
            assertFalse(all.contains("md5" + "0") && all.matches("(?s).*md5[0-9a-f]{32}.*"), "no hash in the output");
        } finally {
            superuser(
                    "SET password_encryption = 'scram-sha-256'",
                    "ALTER ROLE mastodon PASSWORD '" + password + "'",
                    "REVOKE pg_read_all_data FROM standby");
        }
    }

    @Test
    void sizeFailsOnASmallVolumeAndPrintsTheSmallestSafeSize() throws Exception {
        Check fits = check(preflight(seed, standby()), SizeCheck.ID);
        assertEquals(Status.PASS, fits.status(), fits.toString());
        assertTrue(fits.measured().contains("largest table mastodon: public."), fits.measured());
        Check small = check(preflight(ManifestEditor.withStorageSize(seed, "50Mi"), standby()), SizeCheck.ID);
        assertEquals(Status.FAIL, small.status(), small.toString());
        assertTrue(
                small.measured().contains("smallest safe storage.size")
                        && small.fix().contains("at least"),
                small.toString());
    }

    @Test
    void versionsFailWhenTheSourceIsNewerThanTheTargetImage() throws Exception {
        int major = plan.sourceMajor();
        String text = Files.readString(OptionsLintTest.SEED);
        ClusterManifest same = ManifestReader.parse(
                OptionsLintTest.SEED, text.replace("17.11-standard-trixie", major + ".19-standard-trixie"));
        assertStatus(Status.PASS, preflight(same, standby()), VersionCheck.ID);
        ClusterManifest older = ManifestReader.parse(
                OptionsLintTest.SEED, text.replace("17.11-standard-trixie", (major - 1) + ".19-standard-trixie"));
        Check fail = check(preflight(older, standby()), VersionCheck.ID);
        assertEquals(Status.FAIL, fail.status(), fail.toString());
        ClusterManifest noImage =
                ManifestReader.parse(OptionsLintTest.SEED, text.replaceAll("(?m)^  imageName:.*\\n", ""));
        Check byDefault = check(preflight(noImage, standby()), VersionCheck.ID);
        assertEquals(Status.WARN, byDefault.status(), byDefault.toString());
        assertTrue(byDefault.measured().contains("18.4-system-trixie"), byDefault.measured());
    }

    @Test
    void spiloExtensionsFailUntilDroppedOnTheSource() throws Exception {
        Check missing = check(preflight(seed, standby()), ExtensionCheck.ID);
        assertEquals(Status.FAIL, missing.status(), missing.toString());
        assertTrue(
                missing.measured().contains("pg_stat_kcache")
                        && missing.measured().contains("set_user"),
                missing.measured());
        assertTrue(
                missing.fix().contains("DROP EXTENSION pg_stat_kcache")
                        && missing.fix().contains("--exclude-extension=set_user"),
                missing.fix());
        try {
            superuser("DROP EXTENSION pg_stat_kcache", "DROP EXTENSION set_user");
            assertStatus(Status.PASS, preflight(seed, standby()), ExtensionCheck.ID);
        } finally {
            superuser(
                    "CREATE EXTENSION IF NOT EXISTS pg_stat_kcache SCHEMA public",
                    "CREATE EXTENSION IF NOT EXISTS set_user SCHEMA public");
        }
    }

    @Test
    void activityFailsWhileASessionHoldsAnExclusiveLockAndWarnsOnLongTransactions() throws Exception {
        try (Connection holder =
                        platform.sourceSuperuser().withDatabase("mastodon").open();
                Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE");
            Check locked = check(preflight(seed, standby()), ActivityCheck.ID);
            assertEquals(Status.FAIL, locked.status(), locked.toString());
            assertTrue(locked.measured().contains("AccessExclusiveLock on public.accounts"), locked.measured());
            holder.rollback();
            s.execute("SELECT 1");
            Thread.sleep(1500);
            Check longTx = check(
                    Preflight.run(
                            seed,
                            platform.sourceSuperuser().withDatabase("mastodon"),
                            PreflightOptions.defaults().withLongTransaction(Duration.ofSeconds(1))),
                    ActivityCheck.ID);
            assertEquals(Status.WARN, longTx.status(), longTx.toString());
            assertTrue(longTx.measured().contains("transactions older than 1 s"), longTx.measured());
            holder.rollback();
        }
        Check quiet = check(
                Preflight.run(seed, platform.sourceSuperuser().withDatabase("mastodon"), PreflightOptions.defaults()),
                ActivityCheck.ID);
        assertEquals(Status.PASS, quiet.status(), quiet.toString());
    }

    @Test
    void manifestChecksFailOnMissingDatabasesAndSecrets() throws Exception {
        Check missingDb = check(
                preflight(
                        ManifestEditor.withImport(seed, Map.of("databases", List.of("mastodon", "nosuchdb"))),
                        standby()),
                ManifestChecks.IMPORT);
        assertEquals(Status.FAIL, missingDb.status(), missingDb.toString());
        assertTrue(missingDb.measured().contains("nosuchdb"), missingDb.measured());
        PreflightReport ok = preflight(seed, standby());
        assertStatus(Status.PASS, ok, ManifestChecks.IMPORT);
        assertStatus(Status.PASS, ok, ManifestChecks.SECRETS);
        assertStatus(Status.PASS, ok, ManifestChecks.EXTERNAL);
        String noPassword =
                Files.readString(OptionsLintTest.SEED).replaceAll("(?m)^      password:\\n( {8}.*\\n){2}", "");
        Check secrets = check(
                preflight(ManifestReader.parse(OptionsLintTest.SEED, noPassword), standby()), ManifestChecks.SECRETS);
        assertEquals(Status.FAIL, secrets.status(), secrets.toString());
        assertTrue(secrets.measured().contains("no password secret"), secrets.measured());
    }

    @Test
    void cliAgainstTheLiveSourceIsNoGoWithExitOneAndNeverPrintsThePassword() throws Exception {
        String password = plan.credentials().password("standby");
        Path pw = Files.writeString(tmp.resolve("standby.pw"), password + "\n");
        PgConnection c = standby();
        String url = "postgresql://standby@" + c.host() + ":" + c.port() + "/mastodon?sslmode=verify-ca";
        PreflightBadInputTest.Run json = PreflightBadInputTest.run(
                "preflight",
                "--manifest",
                OptionsLintTest.SEED.toString(),
                "--source-url",
                url,
                "--password-file",
                pw.toString(),
                "--sslrootcert",
                c.sslRootCert().toString(),
                "--format",
                "json");
        assertEquals(1, json.exit(), json.err());
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertFalse(doc.get("go").asBoolean());
        assertTrue(doc.get("readOnly").asBoolean());
        assertFalse(json.out().contains(password));
        PreflightBadInputTest.Run table = PreflightBadInputTest.run(
                "preflight",
                "--manifest",
                OptionsLintTest.SEED.toString(),
                "--source-url",
                url,
                "--password-file",
                pw.toString(),
                "--sslrootcert",
                c.sslRootCert().toString());
        assertEquals(1, table.exit(), table.err());
        assertTrue(
                table.out().contains("default_transaction_read_only=on")
                        && table.out().contains("NO-GO"),
                table.out());
        assertTrue(table.out().contains("pg_read_all_data"), table.out());
        assertFalse(table.out().contains(password));
    }

    @Test
    void rowLevelSecurityFailsUntilTheImportUserBypassesItAndEnableRowSecurityAlwaysFails() throws Exception {
        try {
            superuser(
                    "GRANT pg_read_all_data TO standby",
                    "ALTER TABLE public.statuses ENABLE ROW LEVEL SECURITY",
                    "CREATE POLICY own ON public.statuses USING (account_id = 0)");
            Check guarded = check(preflight(corrected, standby()), RowSecurityCheck.ID);
            assertEquals(Status.FAIL, guarded.status(), guarded.toString());
            assertTrue(guarded.measured().contains("mastodon: public.statuses"), guarded.measured());
            assertTrue(guarded.fix().contains("ALTER ROLE \"standby\" BYPASSRLS"), guarded.fix());
            ClusterManifest filtered = ManifestEditor.withImport(
                    corrected, Map.of("pgDumpExtraOptions", List.of("--verbose", "--enable-row-security")));
            superuser("ALTER ROLE standby BYPASSRLS");
            assertStatus(Status.PASS, preflight(corrected, standby()), RowSecurityCheck.ID);
            Check silent = check(preflight(filtered, standby()), RowSecurityCheck.ID);
            assertEquals(Status.FAIL, silent.status(), silent.toString());
            assertTrue(silent.measured().contains("--enable-row-security"), silent.measured());
        } finally {
            superuser(
                    "ALTER ROLE standby NOBYPASSRLS",
                    "DROP POLICY IF EXISTS own ON public.statuses",
                    "ALTER TABLE public.statuses DISABLE ROW LEVEL SECURITY",
                    "REVOKE pg_read_all_data FROM standby");
        }
    }

    @Test
    void objectsOfASuperuserOtherThanPostgresFailWhereTheRestoreNeedsTheFlagAndWarnElsewhere() throws Exception {
        try {
            superuser(
                    "GRANT pg_read_all_data TO standby",
                    "CREATE ROLE analyst SUPERUSER NOLOGIN",
                    "CREATE TABLE public.audit_log AS SELECT id FROM public.statuses",
                    "CREATE MATERIALIZED VIEW public.audit_count AS SELECT count(*) FROM public.audit_log",
                    "ALTER MATERIALIZED VIEW public.audit_count OWNER TO analyst");
            Check fails = check(preflight(corrected, standby()), SuperuserOwnedCheck.ID);
            assertEquals(Status.FAIL, fails.status(), fails.toString());
            assertTrue(
                    fails.measured().contains("materialized view public.audit_count (owner analyst)"),
                    fails.measured());
            assertTrue(
                    fails.fix().contains("ALTER MATERIALIZED VIEW public.audit_count OWNER TO postgres"), fails.fix());
            // owners dropped: postgres owns everything on the target
            assertStatus(Status.PASS, preflight(seed, standby()), SuperuserOwnedCheck.ID);
            // granted what it reads, the view refreshes without the flag; it still belongs to a superuser
            superuser("GRANT SELECT ON public.audit_log TO analyst");
            assertStatus(Status.WARN, preflight(corrected, standby()), SuperuserOwnedCheck.ID);
        } finally {
            superuser(
                    "DROP MATERIALIZED VIEW IF EXISTS public.audit_count",
                    "DROP TABLE IF EXISTS public.audit_log",
                    "DROP ROLE IF EXISTS analyst",
                    "REVOKE pg_read_all_data FROM standby");
        }
    }

    @Test
    void settingsTheTargetLosesAreListedWithTheStatementsToRunAgain() throws Exception {
        try {
            superuser(
                    "ALTER ROLE mastodon SET search_path = \"$user\", data",
                    "ALTER DATABASE mastodon SET timezone = 'Europe/Berlin'");
            Check role = check(preflight(corrected, standby()), SettingsCheck.ID);
            assertEquals(Status.FAIL, role.status(), role.toString());
            assertTrue(role.measured().contains("role mastodon: search_path=\"$user\", data"), role.measured());
            assertTrue(role.measured().contains("1 others carried by --create"), role.measured());
            assertTrue(role.fix().contains("ALTER ROLE \"mastodon\" SET search_path TO \"$user\", data"), role.fix());
            superuser("ALTER ROLE mastodon RESET ALL");
            assertStatus(Status.PASS, preflight(corrected, standby()), SettingsCheck.ID);
            ClusterManifest intoInitdb = ManifestEditor.withImport(
                    corrected,
                    Map.of(
                            "type",
                            "microservice",
                            "roles",
                            List.of(),
                            "initdbDatabase",
                            "mastodon",
                            "initdbOwner",
                            "mastodon"));
            Check database = check(preflight(intoInitdb, standby()), SettingsCheck.ID);
            assertEquals(Status.FAIL, database.status(), database.toString());
            assertTrue(
                    database.fix().contains("ALTER DATABASE \"mastodon\" SET TimeZone TO 'Europe/Berlin'"),
                    database.fix());
        } finally {
            superuser("ALTER ROLE mastodon RESET ALL", "ALTER DATABASE mastodon RESET ALL");
        }
    }

    @Test
    void aDatabaseRestoredIntoInitdbsGetsInitdbsLocaleAndADifferenceFails() throws Exception {
        assertStatus(Status.PASS, preflight(corrected, standby()), LocaleCheck.ID);
        String text = Files.readString(OptionsLintTest.CORRECTED)
                .replace(
                        "    initdb:\n",
                        "    initdb:\n      localeCollate: en_US.UTF-8\n      localeCType: en_US.UTF-8\n");
        ClusterManifest otherLocale = ManifestEditor.withImport(
                ManifestReader.parse(OptionsLintTest.CORRECTED, text),
                Map.of(
                        "type",
                        "microservice",
                        "roles",
                        List.of(),
                        "initdbDatabase",
                        "mastodon",
                        "initdbOwner",
                        "mastodon"));
        Check silent = check(preflight(otherLocale, standby()), LocaleCheck.ID);
        assertEquals(Status.FAIL, silent.status(), silent.toString());
        assertTrue(
                silent.measured().contains("collation en_US.UTF-8")
                        && silent.measured().contains("source: C, C"),
                silent.measured());
    }

    @Test
    void tablespacesFailUnlessTheRestoreLeavesThemOut() throws Exception {
        try {
            superuser(
                    "SET allow_in_place_tablespaces = on",
                    "CREATE TABLESPACE fastssd LOCATION ''",
                    "CREATE TABLE public.archive (id bigint) TABLESPACE fastssd");
            Check used = check(preflight(corrected, standby()), TablespaceCheck.ID);
            assertEquals(Status.FAIL, used.status(), used.toString());
            assertTrue(used.measured().contains("[fastssd]"), used.measured());
            ClusterManifest without = ManifestEditor.withImport(
                    corrected, Map.of("pgRestoreExtraOptions", List.of("--verbose", "--no-tablespaces")));
            assertStatus(Status.PASS, preflight(without, standby()), TablespaceCheck.ID);
        } finally {
            superuser("DROP TABLE IF EXISTS public.archive", "DROP TABLESPACE IF EXISTS fastssd");
        }
    }

    @Test
    void subscriptionsFailForANonSuperuserImportUser() throws Exception {
        try {
            superuser("CREATE SUBSCRIPTION billing CONNECTION 'host=billing dbname=billing' PUBLICATION events "
                    + "WITH (connect = false)");
            Check lost = check(preflight(corrected, standby()), SubscriptionCheck.ID);
            assertEquals(Status.FAIL, lost.status(), lost.toString());
            assertTrue(lost.measured().contains("mastodon: billing"), lost.measured());
            assertStatus(
                    Status.WARN,
                    preflight(corrected, platform.sourceSuperuser().withDatabase("mastodon")),
                    SubscriptionCheck.ID);
        } finally {
            superuser("ALTER SUBSCRIPTION billing SET (slot_name = NONE)", "DROP SUBSCRIPTION IF EXISTS billing");
        }
    }

    @Test
    void cronJobsInThePostgresDatabaseFailBecauseTheImportSkipsIt() throws Exception {
        assertStatus(Status.PASS, preflight(corrected, standby()), SkippedDatabasesCheck.ID);
        try (Connection c = platform.sourceSuperuser().withDatabase("postgres").open();
                Statement s = c.createStatement()) {
            try {
                s.execute("CREATE SCHEMA cron");
                s.execute(
                        "CREATE TABLE cron.job (jobid bigint, schedule text, command text, database text, jobname text)");
                s.execute(
                        "INSERT INTO cron.job VALUES (1, '15 3 * * *', 'VACUUM public.statuses', 'mastodon', 'nightly')");
                s.execute("GRANT USAGE ON SCHEMA cron TO standby");
                s.execute("GRANT SELECT ON cron.job TO standby");
                Check jobs = check(preflight(corrected, standby()), SkippedDatabasesCheck.ID);
                assertEquals(Status.FAIL, jobs.status(), jobs.toString());
                assertTrue(
                        jobs.measured().contains("postgres: 1 pg_cron jobs: nightly (15 3 * * *, in mastodon)"),
                        jobs.measured());
                s.execute("TRUNCATE cron.job");
                s.execute("CREATE TABLE public.reports AS SELECT 1 AS id");
                s.execute("ANALYZE public.reports");
                assertStatus(Status.WARN, preflight(corrected, standby()), SkippedDatabasesCheck.ID);
            } finally {
                s.execute("DROP TABLE IF EXISTS public.reports");
                s.execute("DROP SCHEMA IF EXISTS cron CASCADE");
            }
        }
    }

    @Test
    void aConnectionLimitBelowWhatTheParallelDumpOpensFails() throws Exception {
        ClusterManifest parallel =
                ManifestEditor.withImport(corrected, Map.of("pgDumpExtraOptions", List.of("--verbose", "--jobs=4")));
        assertStatus(Status.PASS, preflight(parallel, standby()), ConnectionCheck.ID);
        assertStatus(Status.WARN, preflight(parallel, standby()), ActivityCheck.PARALLEL_DUMP);
        assertStatus(Status.PASS, preflight(corrected, standby()), ActivityCheck.PARALLEL_DUMP);
        try {
            superuser("ALTER ROLE standby CONNECTION LIMIT 3");
            Check limited = check(preflight(parallel, standby()), ConnectionCheck.ID);
            assertEquals(Status.FAIL, limited.status(), limited.toString());
            assertTrue(
                    limited.measured().contains("needs 5 connections")
                            && limited.measured().contains("LIMIT 3"),
                    limited.measured());
            assertStatus(Status.PASS, preflight(corrected, standby()), ConnectionCheck.ID);
        } finally {
            superuser("ALTER ROLE standby CONNECTION LIMIT -1");
        }
    }

    @Test
    void aPrimarySourcePassesTheReplicaCheck() {
        Check primary = check(preflight(corrected, standby()), ReplicaCheck.ID);
        assertEquals(Status.PASS, primary.status(), primary.toString());
    }

    @Test
    void aDumpedObjectThatNeedsAnExcludedSchemaFails() throws Exception {
        assertStatus(Status.PASS, preflight(corrected, standby()), ExclusionCheck.ID);
        try {
            superuser("CREATE VIEW public.bloat AS SELECT t_table_name FROM metric_helpers.table_bloat");
            Check broken = check(preflight(corrected, standby()), ExclusionCheck.ID);
            assertEquals(Status.FAIL, broken.status(), broken.toString());
            assertTrue(
                    broken.measured().contains("view public.bloat needs view metric_helpers.table_bloat"),
                    broken.measured());
            // the seed's manifest excludes nothing
            assertStatus(Status.PASS, preflight(seed, standby()), ExclusionCheck.ID);
        } finally {
            superuser("DROP VIEW IF EXISTS public.bloat");
        }
    }

    @Test
    void anEncodingOtherThanInitdbsWarnsWhenTheImportRestoresIntoInitdbsDatabase() throws Exception {
        String text = Files.readString(OptionsLintTest.CORRECTED)
                .replace("    initdb:\n", "    initdb:\n      encoding: LATIN1\n");
        ClusterManifest latin1 = ManifestEditor.withImport(
                ManifestReader.parse(OptionsLintTest.CORRECTED, text),
                Map.of(
                        "type",
                        "microservice",
                        "roles",
                        List.of(),
                        "initdbDatabase",
                        "mastodon",
                        "initdbOwner",
                        "mastodon"));
        Check encoding = check(preflight(latin1, standby()), LocaleCheck.ID);
        assertEquals(Status.WARN, encoding.status(), encoding.toString());
        assertTrue(
                encoding.measured().contains("mastodon is UTF8 and is restored into initdb's LATIN1"),
                encoding.measured());
    }
}
