package org.cnpgrehearsal.preflight;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Objects the dump keeps that depend on objects it leaves out ({@code --exclude-schema}): a view or a column default
 * over a function of an excluded schema fails the restore ("does not exist"). A view's dependencies are recorded on
 * its rewrite rule; function bodies in PL/pgSQL record none, so those show only when they run.
 */
final class ExclusionCheck {

    static final String ID = "dump.exclusions";

    private static final String DEPENDING = """
            WITH deps AS (
              SELECT CASE WHEN d.classid = 'pg_rewrite'::regclass THEN 'pg_class'::regclass ELSE d.classid END AS classid,
                     CASE WHEN d.classid = 'pg_rewrite'::regclass THEN (SELECT r.ev_class FROM pg_rewrite r WHERE r.oid = d.objid)
                          ELSE d.objid END AS objid,
                     d.refclassid, d.refobjid
              FROM pg_depend d WHERE d.deptype = 'n')
            SELECT DISTINCT o.type || ' ' || o.identity, r.type || ' ' || r.identity
            FROM deps, LATERAL pg_identify_object(deps.classid, deps.objid, 0) o,
                 LATERAL pg_identify_object(deps.refclassid, deps.refobjid, 0) r
            WHERE r.schema = ANY (?::text[]) AND o.schema IS NOT NULL AND o.schema <> ALL (?::text[])
            ORDER BY 1, 2""";
    private static final int SHOWN = 8;

    static Check check(SourceAccess src) throws SQLException {
        if (src.spec.excludedSchemas().isEmpty()) {
            return Check.pass(ID, "no schema is left out of the dump");
        }
        List<String> broken = new ArrayList<>();
        for (Map.Entry<String, Connection> session : src.sessions().entrySet()) {
            try (ResultSet rs = src.query(session.getValue(), DEPENDING)) {
                while (rs.next()) {
                    broken.add(session.getKey() + ": " + rs.getString(1) + " needs " + rs.getString(2));
                }
            }
        }
        if (broken.isEmpty()) {
            return Check.pass(
                    ID, "left out: " + src.spec.excludedSchemas() + "; nothing the dump keeps depends on them");
        }
        return Check.fail(
                ID,
                broken.size() + " dumped objects depend on what " + src.spec.excludedSchemas()
                        + " leave out, and fail the restore: "
                        + String.join("; ", broken.subList(0, Math.min(SHOWN, broken.size()))),
                "in the manifest: keep those schemas in the dump (and import the roles their grants name); or on the "
                        + "source, drop or change the objects that use them before the window");
    }

    private ExclusionCheck() {}
}
