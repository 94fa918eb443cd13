package org.cnpgrehearsal.preflight;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.cnpgrehearsal.importer.CnpgImportCommands;
import org.cnpgrehearsal.manifest.ImportType;
import org.cnpgrehearsal.util.Sql;

/**
 * Settings of roles and databases ({@code pg_db_role_setting}) and what the target loses of them. CNPG's role import
 * creates roles without their settings ({@code ALTER ROLE ... SET}: Zalando's preparedDatabases sets search_path that
 * way), and the initdb owner is a new role. A database's own settings ({@code ALTER DATABASE ... SET},
 * {@code ALTER ROLE ... IN DATABASE ... SET}) come with pg_restore's {@code --create}, so they are lost only where the
 * import restores into the database initdb made.
 */
final class SettingsCheck {

    static final String ID = "settings";

    private static final String SETTINGS = """
            SELECT coalesce(r.rolname, ''), coalesce(d.datname, ''), s.setconfig
            FROM pg_db_role_setting s LEFT JOIN pg_roles r ON r.oid = s.setrole
            LEFT JOIN pg_database d ON d.oid = s.setdatabase
            ORDER BY 1, 2""";
    /** Settings whose value is a list, written without quotes (pg_dumpall does the same). */
    private static final Set<String> LISTS =
            Set.of("search_path", "temp_tablespaces", "session_preload_libraries", "local_preload_libraries");

    static Check check(SourceAccess src) throws SQLException {
        Set<String> newRoles = rolesCreatedWithoutSettings(src);
        List<String> lost = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        int kept = 0;
        try (ResultSet rs = src.first().createStatement().executeQuery(SETTINGS)) {
            while (rs.next()) {
                String role = rs.getString(1);
                String db = rs.getString(2);
                List<String> config = Arrays.asList((String[]) rs.getArray(3).getArray());
                boolean roleLevel = db.isEmpty();
                boolean relevant =
                        roleLevel ? newRoles.contains(role) : src.databases().contains(db);
                if (!relevant) {
                    continue;
                }
                boolean gone = roleLevel
                        || TargetLocales.restoredIntoInitdbDatabase(src.manifest, db)
                        || !role.isEmpty() && !newRoles.contains(role) && !role.equals(src.manifest.initdbOwner());
                if (!gone) {
                    kept += config.size();
                    continue;
                }
                for (String setting : config) {
                    String where = roleLevel
                            ? "role " + role
                            : role.isEmpty() ? "database " + db : "role " + role + " in database " + db;
                    lost.add(where + ": " + setting);
                    statements.add(alter(role, db, setting));
                }
            }
        }
        if (lost.isEmpty()) {
            return Check.pass(
                    ID,
                    kept == 0
                            ? "no role or database settings that the import depends on"
                            : kept + " database settings, carried by pg_restore --create");
        }
        return Check.fail(
                ID,
                lost.size() + " settings the target will not have: " + String.join("; ", lost)
                        + " (CNPG imports roles without their settings; a database's settings come only with --create)"
                        + (kept == 0 ? "" : "; " + kept + " others carried by --create"),
                "on the target, after the import and before the cutover: " + String.join("; ", statements)
                        + "; or on the source, move a role's setting to ALTER ROLE ... IN DATABASE, which comes with "
                        + "the database when the import creates it");
    }

    /** The roles the target gets without their settings: the imported ones and the initdb owner. */
    private static Set<String> rolesCreatedWithoutSettings(SourceAccess src) throws SQLException {
        Set<String> roles = new TreeSet<>();
        roles.add(src.manifest.initdbOwner());
        if (src.spec.type() == ImportType.MONOLITH) {
            for (String r : SourceAccess.strings(src.first(), "SELECT rolname FROM pg_roles WHERE oid >= 16384")) {
                if (CnpgImportCommands.imports(src.spec, src.manifest.initdbOwner(), r)) {
                    roles.add(r);
                }
            }
        }
        return roles;
    }

    /** The statement that sets {@code setting} ("name=value") again, where it was set. */
    static String alter(String role, String db, String setting) {
        int eq = setting.indexOf('=');
        String name = setting.substring(0, eq);
        String value = setting.substring(eq + 1);
        String target = role.isEmpty()
                ? "ALTER DATABASE " + Sql.ident(db)
                : "ALTER ROLE " + Sql.ident(role) + (db.isEmpty() ? "" : " IN DATABASE " + Sql.ident(db));
        return target + " SET " + name + " TO " + (LISTS.contains(name) ? value : Sql.literal(value));
    }

    private SettingsCheck() {}
}
