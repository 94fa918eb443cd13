package org.cnpgrehearsal.preflight;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.util.Sql;

/**
 * Tables with row-level security that the import user does not bypass. pg_read_all_data does not bypass it: pg_dump
 * then stops with "query would be affected by row-level security policy", and with {@code --enable-row-security} it
 * dumps only the rows the policies show, without a word. Superusers, BYPASSRLS roles and the tables' owners (unless
 * FORCE) read everything.
 */
final class RowSecurityCheck {

    static final String ID = "privileges.row-security";

    private static final String GUARDED = """
            SELECT n.nspname || '.' || c.relname, c.relforcerowsecurity
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND c.relrowsecurity AND %s
              AND (c.relforcerowsecurity OR NOT pg_has_role(c.relowner, 'USAGE'))
            ORDER BY 1""".formatted(SourceAccess.SCHEMA_FILTER);

    static Check check(SourceAccess src) throws SQLException {
        String bypass = SourceAccess.scalar(
                src.first(),
                "SELECT CASE WHEN rolsuper THEN 'superuser' WHEN rolbypassrls THEN 'BYPASSRLS' END "
                        + "FROM pg_roles WHERE rolname = current_user");
        List<String> tables = new ArrayList<>();
        for (Map.Entry<String, Connection> session : src.sessions().entrySet()) {
            try (ResultSet rs = src.query(session.getValue(), GUARDED)) {
                while (rs.next()) {
                    tables.add(session.getKey() + ": " + rs.getString(1) + (rs.getBoolean(2) ? " (FORCE)" : ""));
                }
            }
        }
        boolean filtered = src.spec.dumpOptions().has("--enable-row-security");
        if (tables.isEmpty()) {
            return Check.pass(ID, "no table with row-level security that " + src.user() + " would not read whole");
        }
        if (bypass != null && !filtered) {
            return Check.pass(
                    ID,
                    tables.size() + " tables with row-level security; " + src.user() + " is " + bypass
                            + " and reads them whole");
        }
        String user = Sql.ident(src.user());
        if (filtered) {
            return Check.fail(
                    ID,
                    "--enable-row-security in pgDumpExtraOptions: pg_dump dumps only the rows the policies show "
                            + src.user() + " of " + String.join(", ", tables) + ", and says nothing",
                    "in the manifest: remove --enable-row-security; on the source: ALTER ROLE " + user
                            + " BYPASSRLS for the window (as a superuser)");
        }
        return Check.fail(
                ID,
                src.user() + " has neither BYPASSRLS nor superuser, and row-level security guards "
                        + String.join(", ", tables)
                        + ": pg_dump fails with 'query would be affected by row-level security policy' (pg_read_all_data does not bypass it)",
                "on the source: ALTER ROLE " + user + " BYPASSRLS for the window (as a superuser; NOBYPASSRLS after), "
                        + "or dump with a superuser; never --enable-row-security (it dumps only the visible rows)");
    }

    private RowSecurityCheck() {}
}
