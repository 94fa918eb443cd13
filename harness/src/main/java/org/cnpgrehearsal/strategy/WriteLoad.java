package org.cnpgrehearsal.strategy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.cnpgrehearsal.strategy.WriteLedger.Kind;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;

/**
 * The application's writes against the source while the data is copied, shaped like Mastodon's: new statuses,
 * favourites, follows and notifications, a favourite or a notification removed, a profile or a status edited. Bounded:
 * one session as the application role, a fixed rate, each statement its own transaction, every committed statement
 * counted in the {@link WriteLedger} with the rows it touched. It stops at its first failed statement, which is the
 * rehearsal's finding (an update refused for want of a replica identity, for example).
 */
public final class WriteLoad implements AutoCloseable {

    /**
     * One kind of statement: the table it writes, what it does, its SQL (each {@code ?} is a random id drawn from the
     * range of the table named in {@code draws}, at the same place; {@code RETURNING id} names the row touched) and
     * how often it comes. To shape the load differently, change a line here.
     */
    record Shape(String table, Kind kind, String sql, List<String> draws, int weight) {}

    private static final String ACCOUNT = "(SELECT id FROM accounts WHERE id >= ? ORDER BY id LIMIT 1)";
    private static final String STATUS = "(SELECT id FROM statuses WHERE id >= ? ORDER BY id LIMIT 1)";

    static final List<Shape> MIX = List.of(
            new Shape(
                    "statuses",
                    Kind.INSERT,
                    "INSERT INTO statuses (id, account_id, text, visibility, language, created_at) VALUES "
                            + "(nextval('snowflake_id_seq'), " + ACCOUNT + ", 'Posted during the migration at ' || "
                            + "clock_timestamp(), 'public', 'en', now()) RETURNING id",
                    List.of("accounts"),
                    25),
            new Shape(
                    "favourites",
                    Kind.INSERT,
                    "INSERT INTO favourites (account_id, status_id, created_at) VALUES (" + ACCOUNT + ", " + STATUS
                            + ", now()) ON CONFLICT DO NOTHING RETURNING id",
                    List.of("accounts", "statuses"),
                    20),
            new Shape(
                    "notifications",
                    Kind.INSERT,
                    "INSERT INTO notifications (account_id, from_account_id, activity_type, activity_id, created_at) "
                            + "VALUES (" + ACCOUNT + ", " + ACCOUNT + ", 'Favourite', " + STATUS
                            + ", now()) RETURNING id",
                    List.of("accounts", "accounts", "statuses"),
                    15),
            new Shape(
                    "accounts",
                    Kind.UPDATE,
                    "UPDATE accounts SET note = 'Edited during the migration at ' || clock_timestamp(), "
                            + "updated_at = now() WHERE id = " + ACCOUNT + " RETURNING id",
                    List.of("accounts"),
                    12),
            new Shape(
                    "statuses",
                    Kind.UPDATE,
                    "UPDATE statuses SET text = left(text, 400) || ' (edited)' WHERE id = " + STATUS + " RETURNING id",
                    List.of("statuses"),
                    10),
            new Shape(
                    "favourites",
                    Kind.DELETE,
                    "DELETE FROM favourites WHERE id = (SELECT id FROM favourites WHERE id >= ? ORDER BY id LIMIT 1) "
                            + "RETURNING id",
                    List.of("favourites"),
                    8),
            new Shape(
                    "notifications",
                    Kind.DELETE,
                    "DELETE FROM notifications WHERE id = (SELECT id FROM notifications WHERE id >= ? ORDER BY id "
                            + "LIMIT 1) RETURNING id",
                    List.of("notifications"),
                    5),
            new Shape(
                    "follows",
                    Kind.INSERT,
                    "INSERT INTO follows (account_id, target_account_id, created_at) VALUES (" + ACCOUNT + ", "
                            + ACCOUNT + ", now()) ON CONFLICT DO NOTHING RETURNING id",
                    List.of("accounts", "accounts"),
                    5));

    /** The tables the load writes: a fixture without them (a user's own data) is rehearsed without writes. */
    public static final List<String> TABLES = List.of("accounts", "statuses", "favourites", "notifications", "follows");

    /** How long {@link #close} waits for the statement in flight. */
    private static final long STOP_WAIT_MS = 30_000;

    private final PgConnection app;
    private final int rate;
    private final WriteLedger ledger = new WriteLedger();
    private final Random random = new Random(20);
    private final Map<String, long[]> ranges = new HashMap<>();
    private volatile boolean stopping;
    private volatile List<String> failure;
    private Thread thread;
    private long startedMs;
    private long stoppedMs;

    /** {@code app}: the application role's connection to the source's application database. */
    public WriteLoad(PgConnection app, int statementsPerSecond) {
        this.app = app;
        this.rate = statementsPerSecond;
    }

    /** Whether the database has the tables the load writes (read as {@code db} sees them). */
    public static boolean fits(Connection db) throws SQLException {
        List<List<String>> found = PgCatalog.rows(
                db,
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname = ANY (?)",
                (Object) TABLES.toArray(String[]::new));
        return Integer.parseInt(found.get(0).get(0)) == TABLES.size();
    }

    /** Reads the id ranges the statements draw from, then writes at the rate until {@link #close}. */
    public void start() throws SQLException {
        Connection c = app.open();
        try {
            for (String table : List.of("accounts", "statuses", "favourites", "notifications")) {
                List<String> r = PgCatalog.rows(c, "SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM " + table)
                        .get(0);
                ranges.put(table, new long[] {Long.parseLong(r.get(0)), Long.parseLong(r.get(1))});
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        startedMs = System.currentTimeMillis();
        thread = new Thread(() -> run(c), "write-load");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Connection c) {
        try (c) {
            Map<Shape, PreparedStatement> prepared = new HashMap<>();
            for (Shape s : MIX) {
                prepared.put(s, c.prepareStatement(s.sql()));
            }
            int total = MIX.stream().mapToInt(Shape::weight).sum();
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            long next = System.nanoTime();
            while (!stopping) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } else if (wait < -TimeUnit.SECONDS.toNanos(1)) {
                    next = System.nanoTime(); // fallen behind a whole second: hold the rate, do not burst
                }
                next += interval;
                Shape shape = pick(total);
                execute(shape, prepared.get(shape));
            }
        } catch (SQLException e) {
            failure = List.of(String.valueOf(e.getMessage()).split("\n"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stoppedMs = System.currentTimeMillis();
        }
    }

    private Shape pick(int total) {
        int n = random.nextInt(total);
        for (Shape s : MIX) {
            n -= s.weight();
            if (n < 0) {
                return s;
            }
        }
        return MIX.get(0);
    }

    private void execute(Shape shape, PreparedStatement ps) throws SQLException {
        for (int i = 0; i < shape.draws().size(); i++) {
            long[] range = ranges.get(shape.draws().get(i));
            ps.setLong(i + 1, range[0] + (long) (random.nextDouble() * (range[1] - range[0] + 1)));
        }
        long startedAt = System.currentTimeMillis();
        long start = System.nanoTime();
        List<Long> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        ledger.committed(shape.table(), shape.kind(), ids, startedAt, (System.nanoTime() - start) / 1000);
    }

    /** The first statement that failed, with the server's error lines; null while none did. */
    public List<String> failure() {
        return failure;
    }

    public WriteLedger ledger() {
        return ledger;
    }

    public int rate() {
        return rate;
    }

    /** Milliseconds the load has run (until it stopped). */
    public long ranMs() {
        long end = stoppedMs > 0 ? stoppedMs : System.currentTimeMillis();
        return startedMs == 0 ? 0 : end - startedMs;
    }

    /** Stops writing: the statement in flight commits or fails, and nothing is written afterwards. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        if (thread != null) {
            thread.join(STOP_WAIT_MS);
        }
    }
}
