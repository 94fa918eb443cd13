package org.cnpgrehearsal.verify;

import static org.cnpgrehearsal.util.Sql.ident;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;

/**
 * Source against target, judged by what the application will see: its roles, its login, what it owns and may do and
 * whether its statements still run, the settings its sessions start with, the database's locale, every row's values,
 * where the sequences stand, the schema's objects, large objects, subscriptions, and what stays behind in databases
 * the import skips. Every check that could fail for reasons of the schema itself runs on the source too, and only
 * what differs fails. A check that cannot measure fails as such: it is never a pass. Every session is read-only but
 * the application's own, whose write probes (rehearsals only) are rolled back.
 */
public final class Verifier {

    /** A check that reads both sides and may fail to. */
    @FunctionalInterface
    private interface Run {
        List<Check> run() throws SQLException;
    }

    public static Verification verify(VerifyScope scope, Sides sides) {
        PgConnection source = sides.source().withDatabase(scope.sourceDatabase());
        PgConnection target = sides.target().withDatabase(scope.targetDatabase());
        List<Check> checks = new ArrayList<>();
        List<String> roles = roles(scope, source, checks);
        if (!scope.importedRoles().isEmpty() || scope.allRoles()) {
            List<String> notes = scope.importUser() == null || scope.compared(scope.importUser())
                    ? List.of()
                    : List.of(scope.importUser() + " (the import user) is not compared: it serves the migration, not "
                            + "the application");
            checks.addAll(attempt(
                    RoleCheck.NAME,
                    () -> List.of(RoleCheck.run(source, target, roles).withNotes(notes))));
        }
        checks.addAll(access(scope, sides, source, target, roles));
        checks.addAll(attempt(
                SettingsCheck.NAME, () -> List.of(SettingsCheck.run(source, target, roles, scope.targetDatabase()))));
        checks.addAll(attempt(LocaleCheck.NAME, () -> List.of(LocaleCheck.run(source, target))));
        checks.addAll(attempt(ContentCheck.ROWS, () -> ContentCheck.run(source, target, scope.dump())));
        checks.addAll(attempt(SequenceCheck.NAME, () -> List.of(SequenceCheck.run(source, target, scope.dump()))));
        checks.addAll(attempt(SchemaCheck.NAME, () -> List.of(SchemaCheck.run(source, target, scope.dump()))));
        checks.addAll(
                attempt(LargeObjectCheck.NAME, () -> List.of(LargeObjectCheck.run(source, target, scope.dump()))));
        checks.addAll(
                attempt(SubscriptionCheck.NAME, () -> List.of(SubscriptionCheck.run(source, target, scope.dump()))));
        checks.addAll(attempt(
                SkippedDatabasesCheck.NAME,
                () -> List.of(
                        SkippedDatabasesCheck.run(sides.source(), scope.importedDatabases(), scope.allDatabases()))));
        return Verification.of(checks);
    }

    /** The application role's login, ownership and statements, and the other imported roles' ownership. */
    private static List<Check> access(
            VerifyScope scope, Sides sides, PgConnection source, PgConnection target, List<String> roles) {
        List<Check> checks = new ArrayList<>();
        Connection session = null;
        try {
            if (scope.appPassword() != null) {
                PgConnection login = sides.targetAs().apply(scope.appRole(), scope.appPassword());
                LoginCheck.Result result = LoginCheck.run(
                        login.withDatabase(scope.targetDatabase()), source, scope.appRole(), !scope.writeProbes());
                checks.add(result.check());
                if (result.session() == null) {
                    return checks;
                }
                session = result.session();
            } else {
                session = asRole(target, scope.appRole());
            }
            checks.addAll(attempt(
                    AppAccessCheck.OWNERSHIP,
                    () -> AppAccessCheck.ownership(source, target, scope.appRole(), roles, scope.dump())));
            Connection probes = session;
            checks.addAll(attempt(AppAccessCheck.QUERIES, () -> {
                AccessSnapshot before;
                try (Connection c = source.open(true)) {
                    before = AccessSnapshot.take(c, scope.appRole(), scope.dump());
                }
                return List.of(AppAccessCheck.queries(source, probes, scope.appRole(), before, scope.writeProbes()));
            }));
        } catch (SQLException e) {
            checks.add(Check.notMeasured(
                    scope.appPassword() != null ? LoginCheck.NAME : AppAccessCheck.QUERIES,
                    "no session as " + scope.appRole() + " on the target: " + firstLine(e)));
        } finally {
            closeQuietly(session);
        }
        return checks;
    }

    /** A read-only session on the target acting as the role, for a verification without the role's password. */
    private static Connection asRole(PgConnection target, String role) throws SQLException {
        Connection c = target.open(true);
        try (Statement s = c.createStatement()) {
            s.execute("SET ROLE " + ident(role));
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The roles compared: the application role and the imported ones (with {@code *}, every role CNPG would import). */
    private static List<String> roles(VerifyScope scope, PgConnection source, List<Check> checks) {
        if (!scope.allRoles()) {
            return scope.comparedRoles();
        }
        try (Connection c = source.open(true)) {
            List<String> all = new ArrayList<>(List.of(scope.appRole()));
            PgCatalog.rows(c, "SELECT rolname FROM pg_roles WHERE oid >= " + PgCatalog.FIRST_NORMAL_OID + " ORDER BY 1")
                    .stream()
                    .map(r -> r.get(0))
                    .filter(r -> !scope.notImported().contains(r) && !all.contains(r) && scope.compared(r))
                    .forEach(all::add);
            return all;
        } catch (SQLException e) {
            checks.add(Check.notMeasured(RoleCheck.NAME, "the source's roles could not be read: " + firstLine(e)));
            return scope.comparedRoles();
        }
    }

    private static List<Check> attempt(String name, Run run) {
        try {
            return run.run();
        } catch (SQLException e) {
            return List.of(Check.notMeasured(name, firstLine(e)));
        }
    }

    private static String firstLine(SQLException e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the session is gone either way
            }
        }
    }

    private Verifier() {}
}
