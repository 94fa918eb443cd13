package org.cnpgrehearsal.preflight;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnpgrehearsal.importer.CnpgImportCommands;
import org.cnpgrehearsal.manifest.ImportType;
import org.cnpgrehearsal.util.Sql;

/**
 * What the import user must be able to read for CNPG's import: {@code pg_authid} when roles are imported (CNPG's
 * role query), CONNECT to each database, USAGE on each dumped schema and SELECT (which LOCK ... IN ACCESS SHARE MODE
 * also needs) on every table and sequence, and every large object. Missing grants are listed exactly.
 */
final class PrivilegeChecks {

    static final String ROLE_CATALOG = "privileges.role-catalog";
    static final String CONNECT = "privileges.connect";
    static final String TABLES = "privileges.tables";
    static final String LARGE_OBJECTS = "privileges.large-objects";
    private static final int SHOWN = 5;

    /** Result of CNPG's role query as the import user: the rows (name, can login, password hash) or the denial. */
    record RoleCatalog(boolean readable, String error, Map<String, String> passwords, Map<String, Boolean> canLogin) {}

    static RoleCatalog readRoleCatalog(SourceAccess src) {
        Map<String, String> passwords = new LinkedHashMap<>();
        Map<String, Boolean> login = new LinkedHashMap<>();
        try (Statement s = src.first().createStatement();
                ResultSet rs = s.executeQuery(CnpgImportCommands.ROLE_QUERY)) {
            while (rs.next()) {
                passwords.put(rs.getString("rolname"), rs.getString("rolpassword"));
                login.put(rs.getString("rolname"), rs.getBoolean("rolcanlogin"));
            }
            return new RoleCatalog(true, null, passwords, login);
        } catch (SQLException e) {
            return new RoleCatalog(false, Connectivity.firstLine(e.getMessage()), Map.of(), Map.of());
        }
    }

    static Check roleCatalog(SourceAccess src, RoleCatalog catalog) {
        boolean needed =
                src.spec.type() == ImportType.MONOLITH && !src.spec.roles().isEmpty();
        if (!needed) {
            return Check.pass(ROLE_CATALOG, "no roles imported: pg_authid is not read");
        }
        if (catalog.readable()) {
            return Check.pass(
                    ROLE_CATALOG,
                    src.user() + " can run CNPG's role query on pg_catalog.pg_authid ("
                            + catalog.passwords().size() + " roles)");
        }
        return Check.fail(
                ROLE_CATALOG,
                "CNPG's role query as " + src.user() + ": " + catalog.error(),
                "GRANT pg_read_all_data TO " + Sql.ident(src.user())
                        + " (PostgreSQL >= 14), or import with a superuser; "
                        + "Zalando's standby has REPLICATION only");
    }

    static Check connect(SourceAccess src) throws SQLException {
        List<String> ok = new ArrayList<>();
        List<String> denied = new ArrayList<>();
        for (String db : src.databases()) {
            try {
                src.db(db);
                ok.add(db);
            } catch (SQLException e) {
                denied.add(db + " (" + Connectivity.firstLine(e.getMessage()) + ")");
            }
        }
        if (!denied.isEmpty()) {
            return Check.fail(
                    CONNECT,
                    src.user() + " cannot connect to " + String.join(", ", denied),
                    denied.stream()
                            .map(d -> "GRANT CONNECT ON DATABASE " + Sql.ident(d.substring(0, d.indexOf(' '))) + " TO "
                                    + Sql.ident(src.user()))
                            .reduce((a, b) -> a + "; " + b)
                            .orElse(""));
        }
        return Check.pass(
                CONNECT, src.user() + " connects to " + (ok.isEmpty() ? "no database" : String.join(", ", ok)));
    }

    private static final String MISSING_SELECT =
            """
            SELECT n.nspname, c.relname, c.relkind = 'S' AS seq,
                   has_schema_privilege(n.oid, 'USAGE') AS usage, has_table_privilege(c.oid, 'SELECT') AS sel
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'S') AND %s AND %s
              AND (NOT has_table_privilege(c.oid, 'SELECT') OR NOT has_schema_privilege(n.oid, 'USAGE'))
            ORDER BY 1, 2""".formatted(SourceAccess.SCHEMA_FILTER, SourceAccess.NOT_EXTENSION_MEMBER.formatted("c.oid", "pg_class"));
    private static final String COUNT_DUMPED =
            """
            SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'S') AND %s AND %s""".formatted(SourceAccess.SCHEMA_FILTER, SourceAccess.NOT_EXTENSION_MEMBER.formatted("c.oid", "pg_class"));

    static Check tables(SourceAccess src) throws SQLException {
        List<String> missing = new ArrayList<>();
        Set<String> grants = new LinkedHashSet<>();
        long total = 0;
        long missingCount = 0;
        String user = Sql.ident(src.user());
        for (Map.Entry<String, Connection> session : src.sessions().entrySet()) {
            String db = session.getKey();
            Connection c = session.getValue();
            try (ResultSet rs = src.query(c, COUNT_DUMPED)) {
                rs.next();
                total += rs.getLong(1);
            }
            Map<String, int[]> perSchema = new LinkedHashMap<>();
            try (ResultSet rs = src.query(c, MISSING_SELECT)) {
                while (rs.next()) {
                    String schema = rs.getString(1);
                    String name = Sql.ident(schema) + "." + Sql.ident(rs.getString(2));
                    boolean seq = rs.getBoolean(3);
                    missingCount++;
                    if (missing.size() < SHOWN) {
                        missing.add(db + ": " + (seq ? "sequence " : "table ") + name
                                + (!rs.getBoolean(5) ? " (no SELECT)" : "")
                                + (!rs.getBoolean(4) ? " (no USAGE on schema " + schema + ")" : ""));
                    }
                    int[] n = perSchema.computeIfAbsent(schema, k -> new int[3]);
                    if (!rs.getBoolean(5)) {
                        n[seq ? 1 : 0]++;
                    }
                    if (!rs.getBoolean(4)) {
                        n[2] = 1;
                    }
                }
            }
            for (Map.Entry<String, int[]> e : perSchema.entrySet()) {
                String s = Sql.ident(e.getKey());
                String prefix = "-- in " + db + ": ";
                if (e.getValue()[2] == 1) {
                    grants.add(prefix + "GRANT USAGE ON SCHEMA " + s + " TO " + user);
                }
                if (e.getValue()[0] > 0) {
                    grants.add(prefix + "GRANT SELECT ON ALL TABLES IN SCHEMA " + s + " TO " + user);
                }
                if (e.getValue()[1] > 0) {
                    grants.add(prefix + "GRANT SELECT ON ALL SEQUENCES IN SCHEMA " + s + " TO " + user);
                }
            }
        }
        if (missingCount == 0) {
            return Check.pass(
                    TABLES,
                    src.user() + " can SELECT (and so LOCK) all " + total
                            + " tables and sequences to dump, with USAGE on their schemas");
        }
        return Check.fail(
                TABLES,
                src.user() + " cannot read " + missingCount + " of " + total
                        + " tables and sequences pg_dump needs; first: " + String.join("; ", missing),
                "GRANT pg_read_all_data TO " + user
                        + " (PostgreSQL >= 14; or import with a superuser); or exactly the missing grants: "
                        + String.join("; ", grants).replace("-- in ", "[in ").replace(": GRANT", "] GRANT"));
    }

    private static final String UNREADABLE_LARGE_OBJECTS = """
            SELECT count(*) AS total,
                   count(*) FILTER (WHERE NOT pg_has_role(m.lomowner, 'USAGE') AND NOT EXISTS (
                       SELECT 1 FROM aclexplode(m.lomacl) a
                       WHERE a.privilege_type = 'SELECT' AND (a.grantee = 0 OR pg_has_role(a.grantee, 'USAGE')))) AS unreadable,
                   min(m.oid::text) FILTER (WHERE NOT pg_has_role(m.lomowner, 'USAGE') AND NOT EXISTS (
                       SELECT 1 FROM aclexplode(m.lomacl) a
                       WHERE a.privilege_type = 'SELECT' AND (a.grantee = 0 OR pg_has_role(a.grantee, 'USAGE')))) AS first
            FROM pg_largeobject_metadata m""";

    static Check largeObjects(SourceAccess src, boolean superuser) throws SQLException {
        if (src.spec.schemaOnly()) {
            return Check.pass(LARGE_OBJECTS, "schemaOnly: large objects are not dumped");
        }
        if (src.spec.dumpOptions().has("--no-large-objects")) {
            return Check.warn(
                    LARGE_OBJECTS,
                    "pgDumpExtraOptions leave large objects out of the dump (--no-blobs)",
                    "make sure the application does not need them");
        }
        boolean compat = "on".equals(SourceAccess.scalar(src.first(), "SHOW lo_compat_privileges"));
        long total = 0;
        long unreadable = 0;
        List<String> where = new ArrayList<>();
        for (Map.Entry<String, Connection> session : src.sessions().entrySet()) {
            String db = session.getKey();
            Connection c = session.getValue();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(UNREADABLE_LARGE_OBJECTS)) {
                rs.next();
                total += rs.getLong(1);
                if (rs.getLong(2) > 0) {
                    unreadable += rs.getLong(2);
                    where.add(db + ": " + rs.getLong(2) + " of " + rs.getLong(1) + " (first oid " + rs.getString(3)
                            + ")");
                }
            }
        }
        if (total == 0) {
            return Check.pass(LARGE_OBJECTS, "no large objects in the imported databases");
        }
        if (superuser) {
            return Check.pass(
                    LARGE_OBJECTS, total + " large objects; " + src.user() + " is a superuser and reads them");
        }
        if (compat) {
            return Check.warn(
                    LARGE_OBJECTS,
                    total + " large objects, readable because lo_compat_privileges=on on the source",
                    "keep lo_compat_privileges=on until the import is done, then turn it off again");
        }
        if (unreadable == 0) {
            return Check.pass(LARGE_OBJECTS, total + " large objects, all readable by " + src.user());
        }
        String user = Sql.ident(src.user());
        return Check.fail(
                LARGE_OBJECTS,
                unreadable + " large objects not readable by " + src.user() + " (" + String.join("; ", where)
                        + "): pg_dump fails with 'permission denied for large object'; pg_read_all_data does not cover large objects",
                "GRANT SELECT ON LARGE OBJECT <oid> TO " + user + " for each (as their owner or a superuser: "
                        + "DO $$DECLARE o oid; BEGIN FOR o IN SELECT oid FROM pg_largeobject_metadata LOOP EXECUTE format('GRANT SELECT ON LARGE OBJECT %s TO "
                        + user.replace("'", "''") + "', o); END LOOP; END$$), "
                        + "or ALTER SYSTEM SET lo_compat_privileges = on for the window, or dump with a superuser");
    }

    private PrivilegeChecks() {}
}
