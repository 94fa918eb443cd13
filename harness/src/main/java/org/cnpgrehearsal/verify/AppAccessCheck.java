package org.cnpgrehearsal.verify;

import static org.cnpgrehearsal.util.Sql.ident;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.util.PgConnection;

/**
 * Will the application work on the target? Compares what the application role owns and may do on the source and on
 * the target, then connects as the role (its real password, the target's own pg_hba) and runs a read and a write on
 * every table it could write on the source, inside a transaction that is rolled back.
 */
public final class AppAccessCheck {

    public static final String OWNERSHIP = "app-ownership-and-privileges";
    public static final String QUERIES = "app-read-write";
    private static final int SHOWN = 8;

    public static List<Check> run(
            PgConnection sourceDb,
            PgConnection targetDb,
            PgConnection targetAsRole,
            String role,
            Set<String> excludedSchemas)
            throws SQLException {
        AccessSnapshot before;
        AccessSnapshot after;
        try (Connection s = sourceDb.open(true)) {
            before = AccessSnapshot.take(s, role, excludedSchemas);
        }
        try (Connection t = targetDb.open()) {
            after = AccessSnapshot.take(t, role, excludedSchemas);
        }
        return List.of(compare(before, after, role), queries(before, targetAsRole, role));
    }

    static Check compare(AccessSnapshot before, AccessSnapshot after, String role) {
        List<String> ownerChanges = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<String, AccessSnapshot.Entry> e : before.objects().entrySet()) {
            AccessSnapshot.Entry was = e.getValue();
            if (!was.owner().equals(role) && was.privileges().isEmpty()) {
                continue;
            }
            compared++;
            AccessSnapshot.Entry now = after.objects().get(e.getKey());
            if (now == null) {
                lost.add(e.getKey() + ": missing on the target");
                continue;
            }
            if (was.owner().equals(role) && !now.owner().equals(role)) {
                ownerChanges.add(e.getKey() + ": owner " + was.owner() + " -> " + now.owner());
            }
            Set<String> missing = new LinkedHashSet<>(split(was.privileges()));
            missing.removeAll(split(now.privileges()));
            if (!missing.isEmpty()) {
                lost.add(e.getKey() + ": lost " + String.join(",", missing));
            }
        }
        if (ownerChanges.isEmpty() && lost.isEmpty()) {
            return Check.pass(
                    OWNERSHIP,
                    role + " keeps ownership and privileges on all " + compared + " objects it had on the source");
        }
        List<String> differences = new ArrayList<>();
        ownerChanges.stream().limit(SHOWN).forEach(differences::add);
        lost.stream().limit(SHOWN).forEach(differences::add);
        return Check.fail(
                OWNERSHIP,
                role + ": " + ownerChanges.size() + " of " + compared + " objects changed owner, " + lost.size()
                        + " lost privileges or went missing",
                differences,
                Cause.APP_ACCESS_LOST);
    }

    private static Check queries(AccessSnapshot before, PgConnection targetAsRole, String role) {
        List<String> failures = new ArrayList<>();
        int tables = 0;
        try (Connection c = targetAsRole.open()) {
            c.setAutoCommit(false);
            for (Map.Entry<String, AccessSnapshot.Entry> e : before.objects().entrySet()) {
                if (!e.getKey().startsWith("table ")) {
                    continue;
                }
                Set<String> privileges = split(e.getValue().privileges());
                boolean owner = e.getValue().owner().equals(role);
                String table = qualified(e.getKey().substring("table ".length()));
                if (owner || privileges.contains("SELECT")) {
                    tables++;
                    attempt(c, "SELECT * FROM " + table + " LIMIT 1", failures);
                }
                if (owner || privileges.contains("INSERT")) {
                    attempt(c, "INSERT INTO " + table + " SELECT * FROM " + table + " WHERE false", failures);
                }
            }
        } catch (SQLException e) {
            return Check.fail(
                    QUERIES,
                    role + " cannot connect to the target: " + e.getMessage(),
                    List.of(e.getMessage()),
                    Cause.APP_ACCESS_LOST);
        }
        if (failures.isEmpty()) {
            return Check.pass(
                    QUERIES,
                    role + " read and wrote (rolled back) each of the " + tables + " tables it used on the source");
        }
        return Check.fail(
                QUERIES,
                role + ": " + failures.size() + " statements failed on " + tables + " tables",
                failures.stream().limit(SHOWN).toList(),
                Cause.APP_ACCESS_LOST);
    }

    private static void attempt(Connection c, String sql, List<String> failures) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            failures.add(sql + ": " + e.getMessage().lines().findFirst().orElse(""));
        } finally {
            c.rollback();
        }
    }

    private static String qualified(String schemaDotName) {
        int dot = schemaDotName.indexOf('.');
        return ident(schemaDotName.substring(0, dot)) + "." + ident(schemaDotName.substring(dot + 1));
    }

    private static Set<String> split(String privileges) {
        return privileges.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(privileges.split(",")));
    }

    private AppAccessCheck() {}
}
