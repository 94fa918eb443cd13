package org.cnpgrehearsal.preflight;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the application keeps in databases the import skips. CNPG never imports {@code postgres} (nor templates), and
 * Spilo keeps pg_cron there: the jobs in {@code cron.job} (each naming the database it runs in) stay behind. Tables
 * there that are not Spilo's own are listed too.
 */
final class SkippedDatabasesCheck {

    static final String ID = "databases.skipped";

    private static final String CONNECTABLE =
            "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY 1";
    private static final String JOBS = """
            SELECT count(*), string_agg(coalesce(jobname, 'job ' || jobid) || ' (' || schedule || ', in ' || database
                                        || '): ' || left(command, 60), '; ' ORDER BY jobid)
            FROM cron.job""";
    /** Tables that are not Spilo's (its schemas, its log tables, pg_cron's). */
    private static final String TABLES =
            """
            SELECT count(*), string_agg(n.nspname || '.' || c.relname, ', ' ORDER BY n.nspname, c.relname) FILTER (WHERE c.relpages > 0)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'cron',
                  'user_management', 'metric_helpers', 'zmon_utils') AND n.nspname NOT LIKE 'pg\\_%%'
              AND c.relname NOT LIKE 'postgres\\_log%%' AND %s""".formatted(SourceAccess.NOT_EXTENSION_MEMBER.formatted("c.oid", "pg_class"));

    static Check check(SourceAccess src) throws SQLException {
        List<String> skipped = new ArrayList<>(SourceAccess.strings(src.first(), CONNECTABLE));
        skipped.removeAll(src.databases());
        if (skipped.isEmpty()) {
            return Check.pass(ID, "every connectable database is imported");
        }
        List<String> jobs = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        for (String db : skipped) {
            Connection c;
            try {
                c = src.db(db);
            } catch (SQLException e) {
                unread.add(db + " (" + Connectivity.firstLine(e.getMessage()) + ")");
                continue;
            }
            if (SourceAccess.scalar(c, "SELECT to_regclass('cron.job')") != null) {
                try (ResultSet rs = c.createStatement().executeQuery(JOBS)) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        jobs.add(db + ": " + rs.getLong(1) + " pg_cron jobs: " + rs.getString(2));
                    }
                } catch (SQLException e) {
                    unread.add(db + ".cron.job (" + Connectivity.firstLine(e.getMessage()) + ")");
                }
            }
            try (ResultSet rs = c.createStatement().executeQuery(TABLES)) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    tables.add(db + ": " + rs.getLong(1) + " tables"
                            + (rs.getString(2) == null ? " (empty)" : ", with rows: " + rs.getString(2)));
                }
            }
        }
        String not = "not imported: " + skipped;
        if (!jobs.isEmpty()) {
            return Check.fail(
                    ID,
                    not + "; the target will lack " + String.join("; ", jobs)
                            + (tables.isEmpty() ? "" : "; also " + String.join("; ", tables)),
                    "on the target, after the import: schedule the jobs again (SELECT cron.schedule(...) with an image "
                            + "that has pg_cron, in the database cron.database_name names), or run them as Kubernetes "
                            + "CronJobs; the import itself cannot carry the postgres database");
        }
        if (!tables.isEmpty() || !unread.isEmpty()) {
            return Check.warn(
                    ID,
                    not
                            + (tables.isEmpty() ? "" : "; they hold " + String.join("; ", tables))
                            + (unread.isEmpty() ? "" : "; not readable by " + src.user() + ": " + unread),
                    "make sure the application needs nothing there, or copy it to the target yourself"
                            + (unread.isEmpty() ? "" : "; GRANT pg_read_all_data TO " + src.user() + " to see it"));
        }
        return Check.pass(ID, not + ": they hold nothing but Spilo's own objects");
    }

    private SkippedDatabasesCheck() {}
}
