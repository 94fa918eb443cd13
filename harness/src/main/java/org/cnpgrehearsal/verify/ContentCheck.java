package org.cnpgrehearsal.verify;

import static org.cnpgrehearsal.util.Sql.ident;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.manifest.DumpScope;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.Sizes;
import org.cnpgrehearsal.util.Sql;
import org.cnpgrehearsal.util.Workers;

/**
 * Rows and content of every table the dump carries, source against target, in one scan per table and side: the row
 * count and two order-independent sums of a 64-bit hash of each row (its columns by name, so a changed column order
 * does not count as changed content), under the same output settings on both sides. Tables run in parallel sessions,
 * the largest first; the cost is reported.
 */
final class ContentCheck {

    static final String ROWS = "row-counts";
    static final String CONTENT = "content";
    /** Sessions per side: the two servers scan at the same time. */
    private static final int SESSIONS = 2;

    /** Output settings under which a row's text is the same on both sides, whatever the servers' own settings. */
    private static final List<String> STABLE_TEXT = List.of(
            "SET TimeZone = 'UTC'",
            "SET DateStyle = 'ISO, YMD'",
            "SET IntervalStyle = 'postgres'",
            "SET extra_float_digits = 3",
            "SET bytea_output = 'hex'",
            "SET lc_monetary = 'C'",
            "SET statement_timeout = 0");

    /** One table of the source, with its columns by name and whether the dump carries its rows. */
    record Table(String schema, String name, List<String> columns, boolean unlogged, long bytes) {
        String key() {
            return schema + "." + name;
        }

        String sql() {
            String row =
                    "ROW(" + columns.stream().map(c -> "t." + ident(c)).collect(Collectors.joining(", ")) + ")::text";
            return "SELECT count(*), coalesce(sum(hashtextextended(" + row + ", 0)::numeric), 0) || '/' || "
                    + "coalesce(sum(hashtextextended(" + row + ", 1)::numeric), 0) FROM ONLY " + ident(schema) + "."
                    + ident(name) + " t";
        }
    }

    /** Count and content hash of one table on one side. */
    record Scan(long rows, String hash) {}

    private static final String TABLES = """
            SELECT n.nspname, c.relname, c.relpersistence = 'u',
                   pg_table_size(c.oid),
                   (SELECT string_agg(a.attname, ',' ORDER BY a.attname) FROM pg_attribute a
                    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND %s
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                              AND d.deptype = 'e')
            ORDER BY 1, 2""".formatted(PgCatalog.userSchema("n.nspname"));

    static List<Check> run(PgConnection source, PgConnection target, DumpScope scope) throws SQLException {
        long start = System.nanoTime();
        List<Table> tables = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try (Connection c = source.open(true)) {
            for (List<String> r : PgCatalog.rows(c, TABLES)) {
                boolean unlogged = "t".equals(r.get(2));
                List<String> columns =
                        r.get(4) == null ? List.of() : List.of(r.get(4).split(","));
                Table t = new Table(r.get(0), r.get(1), columns, unlogged, Long.parseLong(r.get(3)));
                if (!scope.includesTable(t.schema(), t.name())) {
                    continue;
                }
                if (scope.includesData(t.schema(), t.name(), unlogged)) {
                    tables.add(t);
                } else {
                    skipped.add(
                            t.key() + ": its rows are left out of the dump on purpose (" + why(scope, unlogged) + ")");
                }
            }
        }
        Map<String, Scan> before = scan(source, tables);
        Map<String, Scan> after = scan(target, tables);
        long ms = (System.nanoTime() - start) / 1_000_000;
        long bytes = tables.stream().mapToLong(Table::bytes).sum();
        long rows = before.values().stream().mapToLong(Scan::rows).sum();
        String cost = tables.size() + " tables, " + Sizes.human(bytes) + " read on each side in " + ms + " ms";
        List<String> countDiffs = new ArrayList<>();
        List<String> contentDiffs = new ArrayList<>();
        List<String> emptyUnlogged = new ArrayList<>();
        for (Table t : tables) {
            Scan was = before.get(t.key());
            Scan now = after.get(t.key());
            if (now == null) {
                countDiffs.add(t.key() + ": missing on the target (" + was.rows() + " rows on the source)");
            } else if (now.hash() == null) {
                contentDiffs.add(
                        t.key() + ": cannot be compared, its columns differ on the target (see schema-objects)");
            } else if (now.rows() != was.rows()) {
                countDiffs.add(t.key() + ": " + was.rows() + " rows on the source, " + now.rows() + " on the target");
                if (t.unlogged() && now.rows() == 0) {
                    emptyUnlogged.add(t.key());
                }
            } else if (!now.hash().equals(was.hash())) {
                contentDiffs.add(t.key() + ": same " + was.rows() + " rows counted, different values");
            }
        }
        Check counts = countDiffs.isEmpty()
                ? Check.pass(ROWS, tables.size() + " tables, " + rows + " rows: equal on source and target")
                : Check.fail(
                                ROWS,
                                countDiffs.size() + " of " + tables.size() + " tables differ",
                                countDiffs,
                                Cause.DATA_MISMATCH)
                        .withRemedy(rowsRemedy(emptyUnlogged));
        Check content = contentDiffs.isEmpty()
                ? Check.pass(
                        CONTENT,
                        "every row of the " + tables.size() + " tables has the same values on both sides (" + cost
                                + ")")
                : Check.fail(
                                CONTENT,
                                contentDiffs.size() + " of " + tables.size() + " tables hold other values on the "
                                        + "target (" + cost + ")",
                                contentDiffs,
                                Cause.DATA_MISMATCH)
                        .withRemedy(
                                "on the target: values changed between the dump and the check (something wrote to it after "
                                        + "the import, or to the source during the verification): compare the tables listed");
        String compared = "each table's rows on the source and on the target: count(*) and two sums of "
                + "hashtextextended(ROW(columns by name)::text) under fixed output settings";
        return List.of(counts.comparing(compared).withNotes(skipped), content.comparing(compared));
    }

    private static String why(DumpScope scope, boolean unlogged) {
        return scope.schemaOnly()
                ? "a schema-only import"
                : unlogged && !scope.unloggedTableData() ? "--no-unlogged-table-data" : "--exclude-table-data";
    }

    private static String rowsRemedy(List<String> emptyUnlogged) {
        if (!emptyUnlogged.isEmpty()) {
            return "in the manifest: point externalClusters at the primary service (<cluster>): the unlogged tables "
                    + emptyUnlogged + " arrived empty, and a dump taken from a standby (Zalando's <cluster>-repl "
                    + "service) has no unlogged table data";
        }
        return "on the source: nothing may write while pg_dump runs (its snapshot is taken at the start); on the target: "
                + "pg_restore must not skip tables: read the restore's errors in import.log";
    }

    /**
     * Scans the tables on one side in parallel sessions, the largest first, all in one snapshot (exported by a
     * coordinating session), so that a database still in use is read as of one moment.
     */
    private static Map<String, Scan> scan(PgConnection db, List<Table> tables) throws SQLException {
        ConcurrentLinkedQueue<Table> queue = new ConcurrentLinkedQueue<>(tables.stream()
                .sorted(Comparator.comparingLong(Table::bytes).reversed())
                .toList());
        Map<String, Scan> out = new ConcurrentHashMap<>();
        try (Connection coordinator = db.open(true)) {
            coordinator.setAutoCommit(false);
            coordinator.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            String snapshot = PgCatalog.rows(coordinator, "SELECT pg_export_snapshot()")
                    .get(0)
                    .get(0);
            Workers.run(Math.min(SESSIONS, Math.max(1, tables.size())), () -> {
                try (Connection c = db.open(true);
                        Statement s = c.createStatement()) {
                    c.setAutoCommit(false);
                    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                    s.execute("SET TRANSACTION SNAPSHOT " + Sql.literal(snapshot));
                    for (String set : STABLE_TEXT) {
                        s.execute(set);
                    }
                    Table t;
                    while ((t = queue.poll()) != null) {
                        scanOne(s, t, out);
                    }
                    c.rollback();
                }
            });
            coordinator.rollback();
        }
        return out;
    }

    /** One table's count and hash; a table missing on this side is left out, one whose columns differ has no hash. */
    private static void scanOne(Statement s, Table t, Map<String, Scan> out) throws SQLException {
        s.execute("SAVEPOINT scan");
        try (var rs = s.executeQuery(t.sql())) {
            rs.next();
            out.put(t.key(), new Scan(rs.getLong(1), rs.getString(2)));
        } catch (SQLException e) {
            s.execute("ROLLBACK TO SAVEPOINT scan");
            if ("42703".equals(e.getSQLState())) {
                out.put(t.key(), new Scan(-1, null));
            } else if (!"42P01".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private ContentCheck() {}
}
