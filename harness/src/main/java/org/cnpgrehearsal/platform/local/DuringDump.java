package org.cnpgrehearsal.platform.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.importer.DumpHook;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.util.OsUser;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.Processes;

/**
 * A scenario's {@code source.duringDump} on the local platform: when pg_dump prints the line it waits for, pg_dump is
 * held (SIGSTOP), each statement runs on the source's primary in its own session until it finishes or waits for a
 * lock, a replica replays them, and pg_dump goes on (SIGCONT). Holding pg_dump stands for a dump long enough for the
 * night's activity to meet it; the statements are real, and so is what PostgreSQL does to the dump.
 */
final class DuringDump implements DumpHook {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Scenario.DuringDump spec;
    private final PgConnection primary;
    private final Replica replica;
    private final List<String> said = Collections.synchronizedList(new ArrayList<>());
    private final List<Session> sessions = new ArrayList<>();
    private boolean triggered;

    /** One statement in its own session, run on its own thread. */
    private record Session(Connection connection, int backend, Thread thread) {}

    DuringDump(Scenario.DuringDump spec, PgConnection primary, Replica replica) {
        this.spec = spec;
        this.primary = primary;
        this.replica = replica;
    }

    @Override
    public void onDumpLine(String line, long pid) {
        if (triggered || !line.contains(spec.after())) {
            return;
        }
        triggered = true;
        signal("STOP", pid);
        said.add("during the dump (pg_dump held at: " + line + "):");
        try {
            for (String sql : spec.sql()) {
                run(sql);
            }
            if (replica != null) {
                replica.catchUp();
                said.add("  the replica replayed them");
            }
        } catch (SQLException e) {
            said.add("  " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            signal("CONT", pid);
        }
    }

    /** Starts {@code sql} in a session of its own; returns once it has finished or waits for a lock. */
    private void run(String sql) throws SQLException, InterruptedException {
        Connection c = primary.open();
        int backend;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            backend = rs.getInt(1);
        }
        Thread t = new Thread(
                () -> {
                    try (Statement s = c.createStatement()) {
                        s.execute(sql);
                        said.add("  ran: " + sql);
                    } catch (SQLException e) {
                        said.add("  " + sql + ": " + e.getMessage());
                    }
                },
                "during-dump");
        t.setDaemon(true);
        t.start();
        sessions.add(new Session(c, backend, t));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (t.isAlive() && System.nanoTime() < deadline) {
            if (waitsForLock(backend)) {
                said.add("  waits for a lock: " + sql);
                return;
            }
            Thread.sleep(50);
        }
    }

    private boolean waitsForLock(int backend) throws SQLException {
        try (Connection c = primary.open();
                PreparedStatement ps =
                        c.prepareStatement("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = ?")) {
            ps.setInt(1, backend);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    @Override
    public List<String> finish() {
        if (!triggered) {
            said.add("during the dump: pg_dump never printed \"" + spec.after() + "\": nothing was run");
            triggered = true;
        }
        for (Session s : sessions) {
            try {
                s.thread().join(WAIT.toMillis());
                if (s.thread().isAlive()) {
                    cancel(s.backend());
                    s.thread().join(WAIT.toMillis());
                }
                s.connection().close();
            } catch (SQLException e) {
                said.add("  " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sessions.clear();
        List<String> out = List.copyOf(said);
        said.clear();
        return out;
    }

    private void cancel(int backend) throws SQLException {
        try (Connection c = primary.open();
                Statement s = c.createStatement()) {
            s.execute("SELECT pg_cancel_backend(" + backend + ")");
            said.add("  canceled the statement still waiting after the dump");
        }
    }

    private void signal(String signal, long pid) {
        try {
            Processes.check(OsUser.SELF, List.of("kill", "-" + signal, Long.toString(pid)), Map.of());
        } catch (Exception e) {
            said.add("  could not send SIG" + signal + " to pg_dump (pid " + pid + "): " + e.getMessage());
        }
    }
}
