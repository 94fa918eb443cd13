package org.cnpgrehearsal.verify;

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
 * The roles the import carries, source against target: each present, with the attributes CNPG carries (login,
 * connection limit, expiry, createdb, createrole, bypassrls, inherit) and its memberships. What CNPG drops by design
 * (SUPERUSER, REPLICATION) is noted, not failed.
 */
final class RoleCheck {

    static final String NAME = "roles-present";

    private static final String ROLE = """
            SELECT r.rolname,
                   concat_ws(' ', CASE WHEN r.rolcanlogin THEN 'LOGIN' ELSE 'NOLOGIN' END,
                             CASE WHEN r.rolcreatedb THEN 'CREATEDB' END, CASE WHEN r.rolcreaterole THEN 'CREATEROLE' END,
                             CASE WHEN r.rolbypassrls THEN 'BYPASSRLS' END,
                             CASE WHEN NOT r.rolinherit THEN 'NOINHERIT' END,
                             'CONNECTION LIMIT ' || r.rolconnlimit,
                             'VALID UNTIL ' || coalesce(r.rolvaliduntil::text, 'infinity')),
                   concat_ws(' ', CASE WHEN r.rolsuper THEN 'SUPERUSER' END,
                             CASE WHEN r.rolreplication THEN 'REPLICATION' END),
                   (SELECT string_agg(g.rolname || CASE WHEN m.admin_option THEN ' WITH ADMIN OPTION' ELSE '' END, ', '
                                      ORDER BY g.rolname)
                    FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid)
            FROM pg_roles r WHERE r.rolname = ANY (?)""";

    static Check run(PgConnection source, PgConnection target, List<String> roles) throws SQLException {
        Map<String, List<String>> before = read(source, roles);
        Map<String, List<String>> after = read(target, roles);
        List<String> differences = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> builtInGrants = new ArrayList<>();
        for (String role : roles) {
            List<String> was = before.get(role);
            List<String> now = after.get(role);
            if (was == null) {
                continue;
            }
            if (now == null) {
                differences.add(role + ": not on the target");
                continue;
            }
            if (!was.get(0).equals(now.get(0))) {
                differences.add(role + ": " + was.get(0) + " on the source, " + now.get(0) + " on the target");
            }
            if (!was.get(1).isEmpty() && !was.get(1).equals(now.get(1))) {
                notes.add(role + ": " + was.get(1) + " on the source, not on the target (CNPG's role import drops "
                        + "SUPERUSER and REPLICATION by design)");
            }
            if (!String.valueOf(was.get(2)).equals(String.valueOf(now.get(2)))) {
                differences.add(role + ": member of [" + orNone(was.get(2)) + "] on the source, [" + orNone(now.get(2))
                        + "] on the target");
                builtInGrants.addAll(lostBuiltIn(role, was.get(2), now.get(2)));
            }
        }
        String compared = "existence, attributes and memberships of the " + roles.size() + " roles the import carries";
        if (differences.isEmpty()) {
            return Check.pass(NAME, "all " + roles.size() + " roles to import exist on the target: " + roles)
                    .comparing(compared)
                    .withNotes(notes);
        }
        return Check.fail(
                        NAME,
                        differences.size() + " differences in the " + roles.size() + " roles to import",
                        differences,
                        Cause.MISSING_ROLE)
                .comparing(compared)
                .withNotes(notes)
                .withRemedy(
                        "add the missing roles, and the roles they are members of, to bootstrap.initdb.import.roles; "
                                + "the import user needs pg_read_all_data (or superuser) to read them on the source");
    }

    /**
     * The remedy: the roles to add to the import, and, since CNPG imports memberships only between roles it imports
     * (both OIDs >= 16384), a GRANT on the target for each membership in a built-in role that stayed behind.
     */
    private static String remedy(List<String> builtInGrants) {
        String add =
                "in the manifest: add the missing roles, and the roles they are members of, to bootstrap.initdb.import.roles (the "
                        + "import user needs pg_read_all_data or superuser to read them on the source)";
        return builtInGrants.isEmpty()
                ? add
                : add + "; CNPG never carries memberships in built-in roles: run on the target after the import: "
                        + String.join(" ", builtInGrants);
    }

    /** The memberships of {@code was} that {@code now} lacks, in built-in roles, as GRANT statements. */
    private static List<String> lostBuiltIn(String role, String was, String now) {
        Set<String> lost = new LinkedHashSet<>(was == null ? List.of() : List.of(was.split(", ")));
        lost.removeAll(now == null ? List.of() : List.of(now.split(", ")));
        return lost.stream()
                .filter(r -> r.startsWith("pg_"))
                .map(r -> "GRANT " + r.replace(" WITH ADMIN OPTION", "") + " TO " + role
                        + (r.endsWith(" WITH ADMIN OPTION") ? " WITH ADMIN OPTION;" : ";"))
                .toList();
    }

    private static String orNone(String members) {
        return members == null ? "" : members;
    }

    private static Map<String, List<String>> read(PgConnection db, List<String> roles) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (Connection c = db.open(true)) {
            for (List<String> r : PgCatalog.rows(c, ROLE, c.createArrayOf("text", roles.toArray()))) {
                out.put(r.get(0), r.subList(1, 4));
            }
        }
        return out;
    }

    private RoleCheck() {}
}
