package org.cnpgrehearsal.platform.local;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.util.OsUser;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.Processes;
import org.cnpgrehearsal.util.Sql;

/**
 * A streaming hot standby of the source, as Zalando's {@code <cluster>-repl} service points at: a copy of the
 * stopped primary's data folder that streams from it as {@code standby} over TLS (Spilo's {@code hostssl replication
 * standby} rule), with Patroni's default {@code hot_standby_feedback = off}.
 */
final class Replica {

    /**
     * Spilo keeps PostgreSQL's 30 s; the rehearsal waits 1 s, so that a conflict with the dump shows within seconds
     * instead of needing a dump longer than 30 s.
     */
    static final String MAX_STANDBY_STREAMING_DELAY = "1s";

    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    private static final String AUTO_CONF = "postgresql.auto.conf";

    private final LocalServer server;
    private final PgConnection primary;
    private final PgConnection replica;

    private Replica(LocalServer server, PgConnection primary, PgConnection replica) {
        this.server = server;
        this.primary = primary;
        this.replica = replica;
    }

    /**
     * Stops the primary, copies its data folder, and starts both: the copy as a standby streaming as
     * {@code replicationUser}. {@code primarySuperuser} reaches the primary; the replica is reached the same way on its
     * own port.
     */
    static Replica of(
            LocalServer primaryServer,
            PgConnection primarySuperuser,
            Path home,
            OsUser user,
            String replicationUser,
            String replicationPassword)
            throws IOException, InterruptedException {
        LocalServer server = new LocalServer("replica", primaryServer.binaries(), home, user);
        server.environment(primaryServer.environment());
        primaryServer.stop();
        try {
            Processes.check(
                    OsUser.SELF,
                    List.of(
                            "cp",
                            "-a",
                            primaryServer.dataDir().toString(),
                            server.dataDir().toString()),
                    Map.of());
        } finally {
            primaryServer.start();
        }
        server.deleteFile("postmaster.pid");
        server.writeFile("standby.signal", "");
        server.configure(String.join(
                "\n",
                "primary_conninfo = 'host=" + primarySuperuser.host() + " port=" + primaryServer.port() + " user="
                        + replicationUser + " password=" + replicationPassword
                        + " sslmode=require application_name=replica'",
                "hot_standby = on",
                "hot_standby_feedback = off",
                "max_standby_streaming_delay = " + MAX_STANDBY_STREAMING_DELAY));
        server.start();
        return new Replica(server, primarySuperuser, on(primarySuperuser, server.port()));
    }

    /** The same connection to another port of the same host. */
    static PgConnection on(PgConnection c, int port) {
        return new PgConnection(c.host(), port, c.database(), c.user(), c.password(), c.sslMode(), c.sslRootCert());
    }

    LocalServer server() {
        return server;
    }

    int port() {
        return server.port();
    }

    /**
     * Brings the replica level with the primary: the settings the primary got with ALTER SYSTEM (Patroni gives every
     * member the same parameters), then everything the primary has written so far, replayed.
     */
    void follow() throws SQLException, InterruptedException {
        List<String> settings = new ArrayList<>();
        try (Connection c = primary.withDatabase("postgres").open();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT name, setting FROM pg_settings WHERE sourcefile LIKE '%" + AUTO_CONF + "'")) {
            while (rs.next()) {
                settings.add("ALTER SYSTEM SET " + rs.getString(1) + " = " + Sql.literal(rs.getString(2)));
            }
        }
        if (!settings.isEmpty()) {
            try (Connection c = replica.withDatabase("postgres").open();
                    Statement s = c.createStatement()) {
                for (String sql : settings) {
                    s.execute(sql);
                }
                s.execute("SELECT pg_reload_conf()");
            }
        }
        catchUp();
    }

    /** Waits until the replica has replayed everything the primary has written so far. */
    void catchUp() throws SQLException, InterruptedException {
        String lsn;
        try (Connection c = primary.withDatabase("postgres").open();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()")) {
            rs.next();
            lsn = rs.getString(1);
        }
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (true) {
            try (Connection c = replica.withDatabase("postgres").open();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT coalesce(pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn, false)")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            } catch (SQLException e) {
                // the standby is still starting: try again
            }
            if (System.nanoTime() > deadline) {
                throw new SQLException("the replica did not replay the primary's WAL up to " + lsn + " within "
                        + CATCH_UP.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }
}
