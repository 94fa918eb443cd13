package org.cnpgrehearsal.verify;

import static org.cnpgrehearsal.util.Sql.ident;
import static org.cnpgrehearsal.util.Sql.literal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;

/**
 * Settings the application's sessions start with (pg_db_role_setting), source against target: the database's own
 * ({@code ALTER DATABASE ... SET}), each compared role's ({@code ALTER ROLE ... SET}), and a role's in this database.
 * CNPG's role import does not carry role settings, and a database restored without {@code --create} loses its own:
 * the import succeeds and the application's first unqualified query fails.
 */
final class SettingsCheck {

    static final String NAME = "settings";

    /** Parameters whose stored value is a list that SET must receive as it is, not as one quoted string. */
    private static final Set<String> LIST_VALUED =
            Set.of("search_path", "temp_tablespaces", "session_preload_libraries", "local_preload_libraries");

    private static final String SETTINGS = """
            SELECT CASE WHEN s.setrole = 0 THEN 'database'
                        WHEN s.setdatabase = 0 THEN 'role ' || pg_get_userbyid(s.setrole)
                        ELSE 'role ' || pg_get_userbyid(s.setrole) || ' in the database' END,
                   x.setting
            FROM pg_db_role_setting s, unnest(s.setconfig) x(setting)
            WHERE (s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
                   AND (s.setrole = 0 OR pg_get_userbyid(s.setrole) = ANY (?)))
               OR (s.setdatabase = 0 AND pg_get_userbyid(s.setrole) = ANY (?))""";

    static Check run(PgConnection source, PgConnection target, List<String> roles, String targetDatabase)
            throws SQLException {
        Map<String, String> before = read(source, roles);
        Map<String, String> after = read(target, roles);
        Differences d = Differences.of(before, after);
        List<String> differences = new ArrayList<>();
        Set<String> statements = new LinkedHashSet<>();
        Set<String> why = new LinkedHashSet<>();
        for (String key : d.missing()) {
            differences.add(key + " = " + before.get(key) + ": on the source, not on the target");
            statements.add(statement(key, before.get(key), targetDatabase));
            why.add(
                    key.startsWith("database")
                            ? "the database was restored into one that already existed (bootstrap.initdb.database names it, or a "
                                    + "microservice import), so its ALTER DATABASE settings stayed behind"
                            : key.endsWith("in the database")
                                    ? "a role's settings in the database come only with the database's own (pg_restore --create)"
                                    : "CNPG's role import does not carry ALTER ROLE ... SET");
        }
        for (String key : d.changed()) {
            differences.add(key + ": " + before.get(key) + " on the source, " + after.get(key) + " on the target");
            statements.add(statement(key, before.get(key), targetDatabase));
        }
        String compared = before.size() + " settings of the database and of the roles " + roles
                + " (pg_db_role_setting), on both sides";
        if (differences.isEmpty()) {
            return Check.pass(
                            NAME,
                            "the database's and the roles' " + before.size() + " settings are the same on the "
                                    + "target")
                    .comparing(compared);
        }
        return Check.fail(
                        NAME,
                        differences.size() + " settings the application's sessions start with are lost or "
                                + "differ on the target",
                        differences,
                        Cause.SETTINGS_LOST)
                .comparing(compared)
                .withRemedy(String.join("; ", why) + ". Run on the target after the import, before the application "
                        + "connects: " + String.join(" ", statements));
    }

    /** The key is the scope and the parameter ("role mastodon: search_path"), the value what it is set to. */
    private static Map<String, String> read(PgConnection db, List<String> roles) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = db.open(true)) {
            var array = c.createArrayOf("text", roles.toArray());
            for (List<String> r : PgCatalog.rows(c, SETTINGS, array, array)) {
                int eq = r.get(1).indexOf('=');
                out.put(r.get(0) + ": " + r.get(1).substring(0, eq), r.get(1).substring(eq + 1));
            }
        }
        return out;
    }

    static String statement(String key, String value, String database) {
        String parameter = key.substring(key.indexOf(": ") + 2);
        String scope = key.substring(0, key.indexOf(": "));
        String set = " SET " + parameter + " = "
                + (LIST_VALUED.contains(parameter.toLowerCase()) ? value : literal(value)) + ";";
        if (scope.equals("database")) {
            return "ALTER DATABASE " + ident(database) + set;
        }
        String role = scope.substring("role ".length()).replace(" in the database", "");
        return "ALTER ROLE " + ident(role)
                + (scope.endsWith("in the database") ? " IN DATABASE " + ident(database) : "") + set;
    }

    private SettingsCheck() {}
}
