package org.cnpgrehearsal.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cnpgrehearsal.manifest.DumpScope;
import org.cnpgrehearsal.util.PgCatalog;

/**
 * What one role owns and may do in one database: for the database, every schema, table, view, materialized view,
 * sequence, function, type and large object (extension members, and what the dump leaves out, left out), the owner
 * and the role's privileges. Taken on the source and on the target, the two are compared by {@link AppAccessCheck}.
 * A range's multirange type is left out: it follows its range, and pg_restore 15 leaves it owned by postgres
 * (measured), which changes nothing the application may do with it (USAGE stays with PUBLIC).
 */
public record AccessSnapshot(Map<String, Entry> objects) {

    /** The owner of an object and the role's privileges on it, as a sorted comma list. */
    public record Entry(String owner, String privileges) {}

    private static final String QUERY = """
            WITH r AS (SELECT ?::text AS role),
            ext AS (SELECT objid FROM pg_depend WHERE deptype = 'e'),
            ns AS (SELECT oid, nspname FROM pg_namespace n WHERE %s)
            SELECT 'database' AS kind, NULL AS schema, NULL AS rel, d.datname::text AS name,
                   pg_get_userbyid(d.datdba)::text AS owner,
                   concat_ws(',', CASE WHEN has_database_privilege(r.role, d.oid, 'CONNECT') THEN 'CONNECT' END,
                                  CASE WHEN has_database_privilege(r.role, d.oid, 'CREATE') THEN 'CREATE' END) AS privileges
            FROM pg_database d, r WHERE d.datname = current_database()
            UNION ALL
            SELECT 'schema', ns.nspname, NULL, ns.nspname::text, pg_get_userbyid(n.nspowner)::text,
                   concat_ws(',', CASE WHEN has_schema_privilege(r.role, n.oid, 'USAGE') THEN 'USAGE' END,
                                  CASE WHEN has_schema_privilege(r.role, n.oid, 'CREATE') THEN 'CREATE' END)
            FROM ns JOIN pg_namespace n ON n.oid = ns.oid, r
            UNION ALL
            SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'v' THEN 'view'
                                  WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' END,
                   ns.nspname, c.relname, ns.nspname || '.' || c.relname, pg_get_userbyid(c.relowner)::text,
                   concat_ws(',', CASE WHEN has_table_privilege(r.role, c.oid, 'SELECT') THEN 'SELECT' END,
                                  CASE WHEN has_table_privilege(r.role, c.oid, 'INSERT') THEN 'INSERT' END,
                                  CASE WHEN has_table_privilege(r.role, c.oid, 'UPDATE') THEN 'UPDATE' END,
                                  CASE WHEN has_table_privilege(r.role, c.oid, 'DELETE') THEN 'DELETE' END)
            FROM pg_class c JOIN ns ON ns.oid = c.relnamespace, r
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.oid NOT IN (SELECT objid FROM ext)
            UNION ALL
            SELECT 'sequence', ns.nspname, c.relname, ns.nspname || '.' || c.relname, pg_get_userbyid(c.relowner)::text,
                   concat_ws(',', CASE WHEN has_sequence_privilege(r.role, c.oid, 'USAGE') THEN 'USAGE' END,
                                  CASE WHEN has_sequence_privilege(r.role, c.oid, 'UPDATE') THEN 'UPDATE' END)
            FROM pg_class c JOIN ns ON ns.oid = c.relnamespace, r
            WHERE c.relkind = 'S' AND c.oid NOT IN (SELECT objid FROM ext)
            UNION ALL
            SELECT 'function', ns.nspname, NULL, ns.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
                   pg_get_userbyid(p.proowner)::text,
                   CASE WHEN has_function_privilege(r.role, p.oid, 'EXECUTE') THEN 'EXECUTE' ELSE '' END
            FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace, r
            WHERE p.oid NOT IN (SELECT objid FROM ext)
            UNION ALL
            SELECT 'type', ns.nspname, NULL, ns.nspname || '.' || t.typname, pg_get_userbyid(t.typowner)::text, ''
            FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
            WHERE t.typtype IN ('e', 'd', 'r') AND t.oid NOT IN (SELECT objid FROM ext)
            UNION ALL
            SELECT 'large object', NULL, NULL, m.oid::text, pg_get_userbyid(m.lomowner)::text, ''
            FROM pg_largeobject_metadata m, r WHERE pg_get_userbyid(m.lomowner) = r.role
            """.formatted(PgCatalog.userSchema("n.nspname"));

    public static AccessSnapshot take(Connection c, String role, DumpScope scope) throws SQLException {
        Map<String, Entry> objects = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString("kind");
                    if (!inScope(kind, rs.getString("schema"), rs.getString("rel"), scope)) {
                        continue;
                    }
                    // the database is compared by role, not by name: a microservice import renames it
                    objects.put(
                            kind.equals("database") ? kind : kind + " " + rs.getString("name"),
                            new Entry(rs.getString("owner"), rs.getString("privileges")));
                }
            }
        }
        return new AccessSnapshot(objects);
    }

    private static boolean inScope(String kind, String schema, String rel, DumpScope scope) {
        if (kind.equals("large object")) {
            return scope.largeObjects();
        }
        if (schema == null) {
            return true;
        }
        return rel == null ? scope.includesSchema(schema) : scope.includesTable(schema, rel);
    }
}
