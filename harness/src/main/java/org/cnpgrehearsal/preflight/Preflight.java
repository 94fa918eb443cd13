package org.cnpgrehearsal.preflight;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;

/**
 * The seed's checklist as a read-only go/no-go: the manifest, connectivity, the import user's privileges, roles,
 * size and disk, versions, extensions, options and activity on the source; and what else the import depends on:
 * row-level security, objects of superusers, role and database settings, locales, tablespaces, subscriptions, the
 * databases it skips, connection limits, and whether the source is a replica. Every session on the source is
 * read-only ({@code default_transaction_read_only=on}); no password or hash appears in the result.
 */
public final class Preflight {

    /** Check ids that need a session on the source, in report order. */
    static final List<String> SOURCE_CHECKS = List.of(
            ActivityCheck.ID,
            ActivityCheck.WRITERS,
            PrivilegeChecks.ROLE_CATALOG,
            PrivilegeChecks.CONNECT,
            PrivilegeChecks.TABLES,
            PrivilegeChecks.LARGE_OBJECTS,
            RoleChecks.COVERAGE,
            RoleChecks.PASSWORDS,
            SizeCheck.ID,
            VersionCheck.ID,
            ExtensionCheck.ID,
            RowSecurityCheck.ID,
            SuperuserOwnedCheck.ID,
            SettingsCheck.ID,
            LocaleCheck.ID,
            TablespaceCheck.ID,
            ExclusionCheck.ID,
            SubscriptionCheck.ID,
            SkippedDatabasesCheck.ID,
            ConnectionCheck.ID,
            ReplicaCheck.ID);

    /** Runs every check against the source, connecting as the import user (as {@code sourceAsImportUser} says). */
    public static PreflightReport run(
            ClusterManifest manifest, PgConnection sourceAsImportUser, PreflightOptions options) {
        PgConnection src = sourceAsImportUser.database() != null
                ? sourceAsImportUser
                : sourceAsImportUser.withDatabase(firstDatabase(manifest));
        List<Check> checks = new ArrayList<>();
        checks.add(ManifestChecks.externalCluster(manifest));
        checks.add(ManifestChecks.secrets(manifest));
        checks.add(OptionsLint.lint(manifest.importSpec()));
        checks.add(ActivityCheck.parallelDump(manifest.importSpec()));
        Connectivity.Result conn = Connectivity.check(src);
        checks.addAll(conn.checks());
        if (!conn.connected()) {
            checks.add(0, ManifestChecks.importSection(manifest, null));
            checks.add(OptionsLint.ownership(manifest.importSpec(), manifest.initdbOwner(), null));
            for (String id : SOURCE_CHECKS) {
                checks.add(Check.notMeasured(id, "no session on the source"));
            }
            return PreflightReport.of(
                    manifest.file() == null ? null : manifest.file().toString(), describe(src), checks);
        }
        try (SourceAccess access = new SourceAccess(manifest, src)) {
            checks.add(
                    0,
                    guarded(
                            ManifestChecks.IMPORT,
                            () -> ManifestChecks.importSection(manifest, access.missingDatabases())));
            checks.add(guarded(
                    OptionsLint.OWNERSHIP,
                    () -> OptionsLint.ownership(manifest.importSpec(), manifest.initdbOwner(), sampleTable(access))));
            checks.add(guarded(ActivityCheck.ID, () -> ActivityCheck.check(access, options)));
            checks.add(guarded(ActivityCheck.WRITERS, () -> ActivityCheck.writers(access)));
            PrivilegeChecks.RoleCatalog catalog = PrivilegeChecks.readRoleCatalog(access);
            boolean superuser = "on"
                    .equals(guardedValue(() -> SourceAccess.scalar(
                            access.first(),
                            "SELECT CASE WHEN rolsuper THEN 'on' END FROM pg_roles WHERE rolname = current_user")));
            checks.add(PrivilegeChecks.roleCatalog(access, catalog));
            checks.add(guarded(PrivilegeChecks.CONNECT, () -> PrivilegeChecks.connect(access)));
            checks.add(guarded(PrivilegeChecks.TABLES, () -> PrivilegeChecks.tables(access)));
            checks.add(guarded(PrivilegeChecks.LARGE_OBJECTS, () -> PrivilegeChecks.largeObjects(access, superuser)));
            checks.add(guarded(RoleChecks.COVERAGE, () -> RoleChecks.coverage(access)));
            checks.add(RoleChecks.passwords(access, catalog));
            checks.add(guarded(SizeCheck.ID, () -> SizeCheck.check(access)));
            checks.add(guarded(VersionCheck.ID, () -> VersionCheck.check(access, options)));
            checks.add(guarded(
                    ExtensionCheck.ID,
                    () -> ExtensionCheck.check(access, VersionCheck.targetImage(manifest, options))));
            checks.add(guarded(RowSecurityCheck.ID, () -> RowSecurityCheck.check(access)));
            checks.add(guarded(SuperuserOwnedCheck.ID, () -> SuperuserOwnedCheck.check(access)));
            checks.add(guarded(SettingsCheck.ID, () -> SettingsCheck.check(access)));
            checks.add(guarded(
                    LocaleCheck.ID, () -> LocaleCheck.check(access, VersionCheck.targetImage(manifest, options))));
            checks.add(guarded(TablespaceCheck.ID, () -> TablespaceCheck.check(access)));
            checks.add(guarded(ExclusionCheck.ID, () -> ExclusionCheck.check(access)));
            checks.add(guarded(SubscriptionCheck.ID, () -> SubscriptionCheck.check(access)));
            checks.add(guarded(SkippedDatabasesCheck.ID, () -> SkippedDatabasesCheck.check(access)));
            checks.add(guarded(ConnectionCheck.ID, () -> ConnectionCheck.check(access)));
            checks.add(guarded(ReplicaCheck.ID, () -> ReplicaCheck.check(access)));
        }
        return PreflightReport.of(
                manifest.file() == null ? null : manifest.file().toString(), describe(src), checks);
    }

    /** host:port, user, sslmode: what the report shows of the connection (never the password). */
    static String describe(PgConnection c) {
        return c.user() + "@" + c.host() + ":" + c.port() + (c.database() == null ? "" : "/" + c.database())
                + " sslmode=" + (c.sslMode() == null ? "prefer" : c.sslMode());
    }

    static String firstDatabase(ClusterManifest m) {
        String db = m.importSpec().databases().get(0);
        if (!db.equals("*")) {
            return db;
        }
        String named = m.importSource().parameter("dbname");
        return named != null ? named : "postgres";
    }

    private static String sampleTable(SourceAccess access) throws SQLException {
        for (String db : access.databases()) {
            try {
                String t = SourceAccess.scalar(
                        access.db(db),
                        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                + "WHERE c.relkind IN ('r', 'p') AND " + PgCatalog.userSchema("n.nspname") + " "
                                + "ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 1");
                if (t != null) {
                    return t;
                }
            } catch (SQLException e) {
                // not reachable: try the next database
            }
        }
        return null;
    }

    private interface Body {
        Check run() throws SQLException;
    }

    private interface Value {
        String get() throws SQLException;
    }

    private static Check guarded(String id, Body body) {
        try {
            return body.run();
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                return Check.fail(
                        id,
                        "could not be measured: a lock held on the source blocked the preflight for "
                                + SourceAccess.LOCK_TIMEOUT_MS / 1000 + " s (pg_dump would wait for it too)",
                        "see the activity check: end the session holding the lock");
            }
            return Check.warn(
                    id,
                    "could not be measured: " + Connectivity.firstLine(e.getMessage())
                            + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")"),
                    "grant the import user read access to the catalogs, or run preflight as a superuser to see this");
        }
    }

    private static String guardedValue(Value v) {
        try {
            return v.get();
        } catch (SQLException e) {
            return null;
        }
    }

    private Preflight() {}
}
