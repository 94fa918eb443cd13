package org.cnpgrehearsal.preflight;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cnpgrehearsal.manifest.ImportType;

/**
 * Objects owned by superusers other than postgres (a Zalando manifest user with the {@code superuser} flag). CNPG
 * imports every role without SUPERUSER, so on the target such an owner keeps only its grants: an event trigger or a
 * foreign-data wrapper cannot be given to it at all, and a materialized view's REFRESH (run as its owner while
 * restoring) fails when it reads a table its owner has no grant on. Views and functions that relied on it break
 * later, at the application's first use. Only when owners are kept: {@code --no-owner} gives everything to postgres.
 */
final class SuperuserOwnedCheck {

    static final String ID = "ownership.superusers";

    /** Kinds the restore itself fails on when their owner is no superuser. */
    private static final Set<String> RESTORE_FAILS =
            Set.of("event trigger", "foreign-data wrapper", "materialized view");

    private static final String OWNED = """
            WITH su AS (SELECT oid, rolname FROM pg_roles WHERE rolsuper AND oid >= 16384),
            objs AS (
              SELECT CASE c.relkind WHEN 'm' THEN CASE WHEN EXISTS (
                         -- a table the view reads that its owner may read only as a superuser
                         SELECT 1 FROM pg_rewrite rw
                         JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = rw.oid
                           AND d.refclassid = 'pg_class'::regclass
                         JOIN pg_class t ON t.oid = d.refobjid
                         WHERE rw.ev_class = c.oid AND t.oid <> c.oid AND t.relowner <> c.relowner
                           AND NOT EXISTS (SELECT 1 FROM aclexplode(coalesce(t.relacl, acldefault('r', t.relowner))) a
                                           WHERE a.privilege_type = 'SELECT' AND a.grantee IN (0, c.relowner)))
                       THEN 'materialized view' ELSE 'materialized view (reads only what it is granted)' END
                     WHEN 'v' THEN 'view' WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' ELSE 'table' END AS kind,
                     n.nspname || '.' || c.relname AS name, c.relowner AS owner
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND %1$s AND %2$s
              UNION ALL
              SELECT 'function', n.nspname || '.' || p.proname || '()', p.proowner
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE %1$s AND %3$s
              UNION ALL
              SELECT 'schema', n.nspname, n.nspowner FROM pg_namespace n WHERE %1$s
              UNION ALL
              SELECT 'event trigger', e.evtname, e.evtowner FROM pg_event_trigger e
              WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = e.oid AND d.deptype = 'e')
              UNION ALL
              SELECT 'foreign-data wrapper', w.fdwname, w.fdwowner FROM pg_foreign_data_wrapper w
              WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = w.oid AND d.deptype = 'e')
              UNION ALL
              SELECT 'database', d.datname, d.datdba FROM pg_database d WHERE d.datname = current_database()
            )
            SELECT o.kind, o.name, su.rolname FROM objs o JOIN su ON su.oid = o.owner ORDER BY 1, 2""".formatted(
                    SourceAccess.SCHEMA_FILTER,
                    SourceAccess.NOT_EXTENSION_MEMBER.formatted("c.oid", "pg_class"),
                    SourceAccess.NOT_EXTENSION_MEMBER.formatted("p.oid", "pg_proc"));

    private static final int SHOWN = 8;

    static Check check(SourceAccess src) throws SQLException {
        if (src.spec.type() == ImportType.MICROSERVICE || RoleChecks.dropsOwners(src)) {
            return Check.pass(
                    ID,
                    "owners are not kept ("
                            + (src.spec.type() == ImportType.MICROSERVICE ? "type: microservice" : "--no-owner")
                            + "): superusers' objects go to the target's owner");
        }
        List<String> failing = new ArrayList<>();
        List<String> others = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        for (Map.Entry<String, Connection> session : src.sessions().entrySet()) {
            try (ResultSet rs = src.query(session.getValue(), OWNED)) {
                while (rs.next()) {
                    String kind = rs.getString(1);
                    String object =
                            session.getKey() + ": " + kind + " " + rs.getString(2) + " (owner " + rs.getString(3) + ")";
                    if (RESTORE_FAILS.contains(kind)) {
                        failing.add(object);
                        statements.add("ALTER " + kind.toUpperCase(Locale.ROOT).replace("-", " ") + " "
                                + rs.getString(2) + " OWNER TO postgres");
                    } else {
                        others.add(object);
                    }
                }
            }
        }
        if (failing.isEmpty() && others.isEmpty()) {
            return Check.pass(ID, "no object owned by a superuser other than postgres");
        }
        String othersText = others.isEmpty()
                ? ""
                : others.size() + " more owned by superusers, which keep working on the target only through grants: "
                        + String.join("; ", others.subList(0, Math.min(SHOWN, others.size())));
        if (failing.isEmpty()) {
            return Check.warn(
                    ID,
                    othersText + " (CNPG imports their owners without SUPERUSER)",
                    "on the source: grant those owners what their objects use (or make postgres own them), or drop the "
                            + "superuser flag from them in the Zalando manifest and rehearse again");
        }
        return Check.fail(
                ID,
                "the restore fails on objects whose owner is a superuser on the source and will not be on the target "
                        + "(CNPG imports roles without SUPERUSER): " + String.join("; ", failing)
                        + (othersText.isEmpty() ? "" : "; " + othersText),
                "on the source, before the window: " + String.join("; ", statements)
                        + " (or give the owner the grants it relies on); or drop the superuser flag from the owner in "
                        + "the Zalando manifest");
    }

    private SuperuserOwnedCheck() {}
}
