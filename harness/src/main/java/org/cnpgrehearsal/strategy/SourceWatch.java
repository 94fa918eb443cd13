package org.cnpgrehearsal.strategy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.Sql;

/**
 * What a migration costs the source while it runs, sampled every {@value #EVERY_MS} ms through one superuser session:
 * the WAL it retains for replication slots (a logical slot, or pg_basebackup's temporary one, keeps every segment
 * since its restart point), the WAL written meanwhile, and the sessions serving the migration (WAL senders, and the
 * externalClusters user's own sessions, such as pg_dump's). A sample that fails is skipped; a watch that never
 * sampled reports nothing rather than zero.
 */
public final class SourceWatch implements AutoCloseable {

    static final long EVERY_MS = 200;

    private static final String SAMPLE = """
            SELECT pg_current_wal_lsn() - '0/0'::pg_lsn,
                   (SELECT max(pg_current_wal_lsn() - restart_lsn) FROM pg_replication_slots
                    WHERE restart_lsn IS NOT NULL),
                   (SELECT count(*) FROM pg_stat_activity
                    WHERE backend_type = 'walsender' OR (usename = %s AND pid <> pg_backend_pid()))""";

    /** What the watch saw: null where it never measured. */
    public record Seen(Long walWrittenBytes, Long walRetainedPeakBytes, Integer sessionsPeak) {}

    private final Connection session;
    private final String sql;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "source-watch");
        t.setDaemon(true);
        return t;
    });
    private Long firstLsn;
    private Long lastLsn;
    private Long retainedPeak;
    private Integer sessionsPeak;

    /**
     * Starts sampling the source through {@code superuser}; {@code migrationUser} is the externalClusters user. A
     * source that cannot be watched is not a failed migration: the watch then measures nothing.
     */
    public static SourceWatch start(PgConnection superuser, String migrationUser) {
        try {
            return new SourceWatch(superuser.open(), migrationUser);
        } catch (SQLException e) {
            return new SourceWatch(null, migrationUser);
        }
    }

    private SourceWatch(Connection session, String migrationUser) {
        this.session = session;
        this.sql = SAMPLE.formatted(Sql.literal(migrationUser));
        if (session != null) {
            sampler.scheduleAtFixedRate(this::sample, 0, EVERY_MS, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void sample() {
        if (session == null) {
            return;
        }
        try (Statement s = session.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long lsn = rs.getLong(1);
            firstLsn = firstLsn == null ? lsn : firstLsn;
            lastLsn = lsn;
            long retained = rs.getLong(2);
            if (!rs.wasNull()) {
                retainedPeak = retainedPeak == null ? retained : Math.max(retainedPeak, retained);
            } else if (retainedPeak == null) {
                retainedPeak = 0L; // measured: no slot holds WAL back
            }
            int sessions = rs.getInt(3);
            sessionsPeak = sessionsPeak == null ? sessions : Math.max(sessionsPeak, sessions);
        } catch (SQLException e) {
            // the next sample counts (the source restarts, for example)
        }
    }

    /** Stops sampling after one last sample. */
    @Override
    public void close() {
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        try {
            if (session != null) {
                session.close();
            }
        } catch (SQLException ignored) {
            // the watch is over either way
        }
    }

    public synchronized Seen seen() {
        return new Seen(firstLsn == null ? null : lastLsn - firstLsn, retainedPeak, sessionsPeak);
    }
}
