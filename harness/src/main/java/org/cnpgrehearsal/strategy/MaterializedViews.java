package org.cnpgrehearsal.strategy;

import static org.cnpgrehearsal.util.Sql.ident;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;

/**
 * Materialized views at the online cutover: logical replication carries tables only, and the schema-only import
 * refreshed them while the target's tables were still empty, so each one populated on the source is refreshed on the
 * target once its tables hold the rows.
 */
final class MaterializedViews {

    private static final String POPULATED = """
            SELECT schemaname, matviewname FROM pg_matviews WHERE ispopulated AND %s ORDER BY 1, 2""".formatted(PgCatalog.userSchema("schemaname"));

    /** Refreshes on the target each view populated on the source; returns how many. */
    static int refresh(PgConnection sourceSuperuser, PgConnection targetSuperuser) throws SQLException {
        List<List<String>> views;
        try (Connection c = sourceSuperuser.open(true)) {
            views = PgCatalog.rows(c, POPULATED);
        }
        try (Connection c = targetSuperuser.open();
                Statement s = c.createStatement()) {
            for (List<String> v : views) {
                s.execute("REFRESH MATERIALIZED VIEW " + ident(v.get(0)) + "." + ident(v.get(1)));
            }
        }
        return views.size();
    }

    private MaterializedViews() {}
}
