package org.cnpgrehearsal.preflight;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.manifest.ImportSpec;

/**
 * Activity on the source that blocks or slows the dump: sessions holding ACCESS EXCLUSIVE locks on relations of
 * the imported databases (pg_dump's ACCESS SHARE locks wait for them), and long-running transactions. Sessions of
 * other users are only visible with pg_read_all_stats (pg_monitor) or as a superuser: then the answer is "unknown".
 */
final class ActivityCheck {

    static final String ID = "activity";
    static final String PARALLEL_DUMP = "activity.parallel-dump";
    static final String WRITERS = "activity.writers";

    private static final String WRITERS_QUERY = """
            SELECT a.usename, a.datname, count(*) FROM pg_stat_activity a JOIN pg_roles r ON r.rolname = a.usename
            WHERE a.backend_type = 'client backend' AND a.datname = ANY (?) AND a.usename <> current_user
              AND NOT r.rolsuper
            GROUP BY 1, 2 ORDER BY 1, 2""";

    private static final String LOCKS = """
            SELECT l.pid, coalesce(n.nspname || '.' || c.relname, l.relation::text), l.mode
            FROM pg_locks l LEFT JOIN pg_class c ON c.oid = l.relation LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE l.locktype = 'relation' AND l.granted AND l.mode = 'AccessExclusiveLock' AND l.pid <> pg_backend_pid()
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY 1, 2""";
    private static final String ACTIVITY = """
            SELECT count(*) FILTER (WHERE a.state IS NULL AND a.usename IS DISTINCT FROM current_user) AS hidden,
                   string_agg(a.pid || ' (' || coalesce(a.usename, '?') || ', ' || coalesce(a.datname, '?') || ', ' || a.state || ', '
                              || extract(epoch FROM now() - a.xact_start)::bigint || ' s)', '; ')
                     FILTER (WHERE a.xact_start < now() - make_interval(secs => ?)) AS long_running
            FROM pg_stat_activity a
            WHERE a.pid <> pg_backend_pid() AND a.backend_type = 'client backend'""";

    static Check check(SourceAccess src, PreflightOptions options) throws SQLException {
        List<String> locks = new ArrayList<>();
        for (Map.Entry<String, Connection> session : src.sessions().entrySet()) {
            String db = session.getKey();
            Connection c = session.getValue();
            try (ResultSet rs = c.createStatement().executeQuery(LOCKS)) {
                while (rs.next()) {
                    locks.add(db + ": pid " + rs.getInt(1) + " holds " + rs.getString(3) + " on " + rs.getString(2));
                }
            }
        }
        long hidden;
        String longRunning;
        try (PreparedStatement ps = src.first().prepareStatement(ACTIVITY)) {
            ps.setDouble(1, options.longTransaction().toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                hidden = rs.getLong(1);
                longRunning = rs.getString(2);
            }
        }
        String threshold = options.longTransaction().toSeconds() + " s";
        if (!locks.isEmpty()) {
            return Check.fail(
                    ID,
                    "sessions holding locks that block pg_dump: " + String.join("; ", locks)
                            + (longRunning == null
                                    ? ""
                                    : "; transactions older than " + threshold + ": " + longRunning),
                    "end those sessions or wait for them before the import (SELECT pg_terminate_backend(pid) as a superuser); pg_dump waits for their locks");
        }
        if (longRunning != null) {
            return Check.warn(
                    ID,
                    "transactions older than " + threshold + ": " + longRunning,
                    "they hold back vacuum and may take locks during the dump: find out what they are before the window");
        }
        if (hidden > 0) {
            return Check.warn(
                    ID,
                    "no blocking locks; " + hidden + " sessions of other users not visible to " + src.user()
                            + ": long-running transactions unknown",
                    "GRANT pg_read_all_stats TO " + src.user()
                            + " (or run preflight as a member of pg_monitor) to see them");
        }
        return Check.pass(ID, "no blocking locks and no transaction older than " + threshold);
    }

    /**
     * Who else is connected to the imported databases now: pg_dump copies one snapshot, so whatever an application
     * writes after it never reaches the target (superusers' sessions, such as Patroni's and monitoring's, aside).
     */
    static Check writers(SourceAccess src) throws SQLException {
        List<String> connected = new ArrayList<>();
        try (PreparedStatement ps = src.first().prepareStatement(WRITERS_QUERY)) {
            ps.setArray(1, src.first().createArrayOf("text", src.databases().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    connected.add(rs.getString(1) + " in " + rs.getString(2) + ": " + rs.getLong(3) + " sessions");
                }
            }
        }
        if (connected.isEmpty()) {
            return Check.pass(WRITERS, "no application session on the imported databases now");
        }
        return Check.warn(
                WRITERS,
                "connected now: " + String.join("; ", connected)
                        + ": what they write after pg_dump's snapshot does not reach the target",
                "stop the application for the window (scale its deployments to 0), or on the source: ALTER DATABASE ... "
                        + "SET default_transaction_read_only = on and end its sessions before the dump");
    }

    /**
     * A parallel dump and the night's DDL: pg_dump's workers lock each table again with NOWAIT, so a lock request
     * queued behind the leader's (a migration, TRUNCATE, partition maintenance, pg_repack) fails the dump, where a
     * serial dump would only make it wait. The preflight cannot see the future: it says when the risk exists.
     */
    static Check parallelDump(ImportSpec spec) {
        int jobs = ConnectionCheck.dumpJobs(spec);
        if (jobs <= 1) {
            return Check.pass(PARALLEL_DUMP, "serial dump: a lock request during the dump waits, the dump goes on");
        }
        return Check.warn(
                PARALLEL_DUMP,
                "pg_dump --jobs=" + jobs + ": its workers fail (could not obtain lock on relation) as soon as anything "
                        + "asks for an ACCESS EXCLUSIVE lock on a table during the dump",
                "on the source: freeze migrations, TRUNCATE, VACUUM FULL, pg_repack and partition or pg_cron jobs for the "
                        + "window; or in the manifest: drop --jobs from pgDumpExtraOptions");
    }

    private ActivityCheck() {}
}
