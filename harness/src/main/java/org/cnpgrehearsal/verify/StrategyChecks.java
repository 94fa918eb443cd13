package org.cnpgrehearsal.verify;

import static org.cnpgrehearsal.util.Sql.ident;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;

/**
 * What the online and physical strategies need verified beyond an import's checks, at the cutover point (writes
 * stopped, the target caught up): every row the application's write load touched holds the same values on both sides,
 * every sequence stands ahead of the ids its column holds (the online path carries no positions until they are
 * synchronized), what logical replication cannot carry (large objects, unlogged tables' rows), and, after a physical
 * copy, the extensions and libraries the copied catalog names. Each runs on both sides; only differences fail.
 */
public final class StrategyChecks {

    public static final String WRITES = "committed-writes";
    public static final String SEQUENCES_AHEAD = "sequences-ahead";
    public static final String LARGE_OBJECTS = "large-objects-replicated";
    public static final String UNLOGGED = "unlogged-tables";
    public static final String EXTENSIONS = "extensions-available";

    /** A check that reads both sides and may fail to. */
    @FunctionalInterface
    private interface Run {
        Check run() throws SQLException;
    }

    /** An online migration's verification: its own checks first (their causes lead the diagnosis), then {@code v}'s. */
    public static Verification online(
            Verification v, PgConnection source, PgConnection target, Map<String, Set<Long>> written, int statements) {
        List<Check> checks = new ArrayList<>(List.of(
                attempt(WRITES, () -> writes(source, target, written, statements)),
                attempt(SEQUENCES_AHEAD, () -> sequencesAhead(source, target)),
                attempt(LARGE_OBJECTS, () -> largeObjects(source, target)),
                attempt(UNLOGGED, () -> unlogged(source, target))));
        checks.addAll(v.checks());
        return Verification.of(checks);
    }

    /**
     * A physical migration's verification: its own checks first, then {@code v}'s, where sequences may stand ahead of
     * the source's: WAL logs a sequence 32 values ahead of what it hands out, and a promoted standby resumes there.
     */
    public static Verification physical(
            Verification v, PgConnection source, PgConnection target, Map<String, Set<Long>> written, int statements) {
        List<Check> checks = new ArrayList<>(List.of(
                attempt(WRITES, () -> writes(source, target, written, statements)),
                attempt(SEQUENCES_AHEAD, () -> sequencesAhead(source, target)),
                attempt(EXTENSIONS, () -> extensions(source, target))));
        for (Check c : v.checks()) {
            checks.add(
                    c.name().equals(SequenceCheck.NAME)
                            ? attempt(SequenceCheck.NAME, () -> notBehind(source, target))
                            : c);
        }
        return Verification.of(checks);
    }

    private static final String POSITIONS = """
            SELECT n.nspname || '.' || c.relname, s.last_value::text
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequences s
                 ON s.schemaname = n.nspname AND s.sequencename = c.relname
            WHERE c.relkind = 'S' AND %s ORDER BY 1""".formatted(PgCatalog.userSchema("n.nspname"));

    /** Each sequence hands out, on the target, no value it handed out on the source. */
    static Check notBehind(PgConnection source, PgConnection target) throws SQLException {
        Map<String, String> before;
        Map<String, String> after;
        try (Connection c = source.open(true)) {
            before = PgCatalog.keyed(c, POSITIONS);
        }
        try (Connection c = target.open(true)) {
            after = PgCatalog.keyed(c, POSITIONS);
        }
        List<String> behind = new ArrayList<>();
        int ahead = 0;
        for (Map.Entry<String, String> e : before.entrySet()) {
            long was = e.getValue() == null ? Long.MIN_VALUE : Long.parseLong(e.getValue());
            String nowText = after.get(e.getKey());
            long now = nowText == null ? Long.MIN_VALUE : Long.parseLong(nowText);
            if (now < was) {
                behind.add(e.getKey() + ": last handed out " + e.getValue() + " on the source, " + nowText
                        + " on the target");
            } else if (now > was) {
                ahead++;
            }
        }
        String compared = "each sequence's last value handed out (pg_sequences.last_value), on both sides";
        if (behind.isEmpty()) {
            return Check.pass(
                            SequenceCheck.NAME,
                            "no sequence stands behind the source's"
                                    + (ahead == 0
                                            ? ""
                                            : " (" + ahead
                                                    + " ahead: a promoted standby resumes where WAL logged them, up "
                                                    + "to 32 values on)"))
                    .comparing(compared);
        }
        return Check.fail(
                        SequenceCheck.NAME,
                        behind.size() + " sequences stand behind the source's: the application's next inserts "
                                + "would reuse keys",
                        behind,
                        Cause.SEQUENCE_BEHIND)
                .comparing(compared)
                .withRemedy("on the target: the standby must replay the source's last position before the promotion");
    }

    /** Every row a committed statement of the load inserted, updated or deleted: the same on both sides (or gone from both). */
    static Check writes(PgConnection source, PgConnection target, Map<String, Set<Long>> written, int statements)
            throws SQLException {
        String compared = "the rows the write load's " + statements + " committed statements touched, by id: "
                + "md5 of each row's text on both sides";
        if (statements == 0) {
            return Check.pass(WRITES, "no write load ran: nothing written during the copy to compare")
                    .comparing("nothing: no write load");
        }
        List<String> lost = new ArrayList<>();
        int rows = 0;
        for (Map.Entry<String, Set<Long>> e : written.entrySet()) {
            Map<String, String> before = rows(source, e.getKey(), e.getValue());
            Map<String, String> after = rows(target, e.getKey(), e.getValue());
            rows += e.getValue().size();
            for (Long id : e.getValue()) {
                String was = before.get(String.valueOf(id));
                String now = after.get(String.valueOf(id));
                if (!Objects.equals(was, now)) {
                    lost.add(e.getKey() + " id " + id + ": "
                            + (was == null ? "deleted on the source" : "on the source") + ", "
                            + (now == null ? "missing on the target" : "other values on the target"));
                }
            }
        }
        if (lost.isEmpty()) {
            return Check.pass(
                            WRITES,
                            "all " + rows + " rows touched by the " + statements
                                    + " committed writes are on the target as on the source")
                    .comparing(compared);
        }
        return Check.fail(
                        WRITES,
                        lost.size() + " of the " + rows + " rows the application wrote during the copy differ on "
                                + "the target: committed writes were lost",
                        lost,
                        Cause.DATA_MISMATCH)
                .comparing(compared)
                .withRemedy("on the target: the cutover must wait until it has applied the source's last position "
                        + "(zero lag) before the application switches");
    }

    private static Map<String, String> rows(PgConnection db, String table, Set<Long> ids) throws SQLException {
        try (Connection c = db.open(true)) {
            return PgCatalog.keyed(
                    c, "SELECT t.id::text, md5(t::text) FROM ONLY " + ident(table) + " t WHERE t.id = ANY (?)", (Object)
                            ids.toArray(Long[]::new));
        }
    }

    private static final String OWNED_SEQUENCES = """
            SELECT n.nspname, s.relname, tn.nspname, t.relname, a.attname
            FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
            JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.deptype IN ('a', 'i')
                 AND d.refclassid = 'pg_class'::regclass
            JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
            WHERE s.relkind = 'S' AND %s ORDER BY 1, 2""".formatted(PgCatalog.userSchema("n.nspname"));

    /** Each sequence that feeds a column hands out a value above every id that column holds (on the target). */
    static Check sequencesAhead(PgConnection source, PgConnection target) throws SQLException {
        Map<String, String> behindOnSource = behind(source);
        Map<String, String> behindOnTarget = behind(target);
        List<String> differences = new ArrayList<>();
        behindOnTarget.forEach((seq, why) -> {
            if (!behindOnSource.containsKey(seq)) {
                differences.add(seq + ": " + why);
            }
        });
        String compared = "each sequence that feeds a column: its next value against max(column), on both sides";
        if (differences.isEmpty()) {
            return Check.pass(SEQUENCES_AHEAD, "every sequence that feeds a column is ahead of the ids it holds")
                    .comparing(compared);
        }
        return Check.fail(
                        SEQUENCES_AHEAD,
                        differences.size() + " sequences would hand out ids the target already holds: the "
                                + "application's next inserts fail on duplicate keys",
                        differences,
                        Cause.SEQUENCE_BEHIND)
                .comparing(compared)
                .withRemedy("on the target: synchronize the sequences at the cutover, after the last write has "
                        + "arrived (kubectl cnpg subscription sync-sequences CLUSTER --subscription=NAME)");
    }

    /** Sequences whose next value is not above their column's largest value, with both figures. */
    private static Map<String, String> behind(PgConnection db) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = db.open(true)) {
            for (List<String> r : PgCatalog.rows(c, OWNED_SEQUENCES)) {
                String seq = ident(r.get(0)) + "." + ident(r.get(1));
                List<String> v = PgCatalog.rows(
                                c,
                                "SELECT (SELECT max(" + ident(r.get(4)) + ")::text FROM " + ident(r.get(2)) + "."
                                        + ident(r.get(3)) + "), (SELECT CASE WHEN is_called THEN last_value ELSE "
                                        + "last_value - 1 END::text FROM " + seq + ")")
                        .get(0);
                if (v.get(0) != null && Long.parseLong(v.get(1)) < Long.parseLong(v.get(0))) {
                    out.put(
                            seq,
                            "last handed out " + v.get(1) + ", but " + r.get(3) + "." + r.get(4) + " holds "
                                    + v.get(0));
                }
            }
        }
        return out;
    }

    /** Each large object's content, by OID: a hash of its pages. */
    private static final String LARGE_OBJECT_CONTENT = """
            SELECT m.oid::text, coalesce((SELECT md5(string_agg(md5(l.data), '' ORDER BY l.pageno))
                                          FROM pg_largeobject l WHERE l.loid = m.oid), 'empty')
            FROM pg_largeobject_metadata m ORDER BY m.oid""";

    /** Large objects: each with the source's content on the target (the online path must bring it itself). */
    static Check largeObjects(PgConnection source, PgConnection target) throws SQLException {
        Map<String, String> before;
        Map<String, String> after;
        try (Connection c = source.open(true)) {
            before = PgCatalog.keyed(c, LARGE_OBJECT_CONTENT);
        }
        try (Connection c = target.open(true)) {
            after = PgCatalog.keyed(c, LARGE_OBJECT_CONTENT);
        }
        List<String> differences = new ArrayList<>();
        before.forEach((oid, content) -> {
            String now = after.get(oid);
            if (!content.equals(now)) {
                differences.add("large object " + oid + ": "
                        + (now == null ? "missing" : "empty".equals(now) ? "empty" : "other content")
                        + " on the target");
            }
        });
        String compared = "each large object's content (md5 of its pages) by OID, on both sides";
        if (differences.isEmpty()) {
            return Check.pass(
                            LARGE_OBJECTS,
                            before.isEmpty()
                                    ? "the source has no large objects"
                                    : "all " + before.size() + " large objects hold the source's content")
                    .comparing(compared);
        }
        return Check.fail(
                        LARGE_OBJECTS,
                        differences.size() + " of " + before.size() + " large objects lack their content on the "
                                + "target: logical replication does not carry them (the schema-only import created "
                                + "them empty)",
                        differences,
                        Cause.LARGE_OBJECTS_NOT_REPLICATED)
                .comparing(compared)
                .withRemedy("on the target: copy their content during the cutover while writes are stopped (the time "
                        + "adds to the downtime); or on the source: move them into bytea columns before; or stay "
                        + "offline");
    }

    private static final String UNLOGGED_TABLES = """
            SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND c.relpersistence = 'u' AND %s ORDER BY 1, 2""".formatted(PgCatalog.userSchema("n.nspname"));

    /** Unlogged tables that hold rows on the source and none on the target. */
    static Check unlogged(PgConnection source, PgConnection target) throws SQLException {
        List<String> emptied = new ArrayList<>();
        int tables;
        try (Connection s = source.open(true);
                Connection t = target.open(true)) {
            List<List<String>> unlogged = PgCatalog.rows(s, UNLOGGED_TABLES);
            tables = unlogged.size();
            for (List<String> u : unlogged) {
                String name = ident(u.get(0)) + "." + ident(u.get(1));
                String exists = "SELECT EXISTS (SELECT 1 FROM " + name + ")::text";
                if ("true".equals(PgCatalog.rows(s, exists).get(0).get(0)) && !"true".equals(rowsOrNull(t, exists))) {
                    emptied.add(u.get(0) + "." + u.get(1) + ": rows on the source, none on the target");
                }
            }
        }
        String compared = "each unlogged table of the source: whether it holds rows, on both sides";
        if (emptied.isEmpty()) {
            return Check.pass(
                            UNLOGGED,
                            tables == 0
                                    ? "the source has no unlogged tables"
                                    : "the " + tables + " unlogged tables hold no rows the target lacks")
                    .comparing(compared);
        }
        return Check.fail(
                        UNLOGGED,
                        emptied.size() + " unlogged tables arrived empty: they cannot be published",
                        emptied,
                        Cause.UNLOGGED_NOT_REPLICATED)
                .comparing(compared)
                .withRemedy("on the source: ALTER TABLE ... SET LOGGED before the publication (it rewrites the "
                        + "table and writes it to WAL), or accept losing their rows (caches, sessions); or stay "
                        + "offline");
    }

    private static String rowsOrNull(Connection c, String sql) {
        try {
            return PgCatalog.rows(c, sql).get(0).get(0);
        } catch (SQLException e) {
            return null;
        }
    }

    private static final String EXTENSION_FILES = """
            SELECT e.extname, EXISTS (SELECT 1 FROM pg_available_extensions a WHERE a.name = e.extname)
            FROM pg_extension e ORDER BY 1""";

    private static final String LIBRARIES = """
            SELECT DISTINCT p.probin FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
            WHERE l.lanname = 'c' AND p.probin IS NOT NULL ORDER BY 1""";

    /**
     * After a physical copy: every extension the catalog holds has its files in the target's image, and every C
     * function's library is there ({@code $libdir/name}), as on the source.
     */
    static Check extensions(PgConnection source, PgConnection target) throws SQLException {
        Map<String, String> before = available(source);
        Map<String, String> after = available(target);
        List<String> missing = new ArrayList<>();
        after.forEach((name, present) -> {
            if (!"t".equals(present) && "t".equals(before.get(name))) {
                missing.add(name);
            }
        });
        String compared = "each extension and C library the database's catalog names: present in the server's "
                + "files (pg_available_extensions, $libdir), on both sides";
        if (missing.isEmpty()) {
            return Check.pass(
                            EXTENSIONS,
                            "the " + after.size()
                                    + " extensions and libraries the copied catalog names are in the target's image")
                    .comparing(compared);
        }
        return Check.fail(
                        EXTENSIONS,
                        missing.size() + " extensions or libraries the copied catalog names are missing from the "
                                + "target's image: their functions fail, and so will a later major upgrade",
                        missing,
                        Cause.EXTENSION_MISSING)
                .comparing(compared)
                .withRemedy("on the source: drop them before the base backup, in every database and template1 (DROP "
                        + "EXTENSION " + String.join(", ", missing) + "), and remove them from the Zalando manifest's "
                        + "shared_preload_libraries; or in the manifest: a target image that ships them; or move with the offline "
                        + "or online strategy, which do not copy the catalog");
    }

    /** Extension names and libraries ("lib:$libdir/x"), each with "t" when the server has its files. */
    private static Map<String, String> available(PgConnection db) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = db.open(true)) {
            out.putAll(PgCatalog.keyed(c, EXTENSION_FILES));
            String libdir = PgCatalog.rows(c, "SELECT setting FROM pg_config WHERE name = 'PKGLIBDIR'")
                    .get(0)
                    .get(0);
            for (List<String> r : PgCatalog.rows(c, LIBRARIES)) {
                String path = r.get(0).replace("$libdir", libdir);
                String file = path.endsWith(".so") ? path : path + ".so";
                out.put(
                        "library " + r.get(0),
                        PgCatalog.rows(c, "SELECT (pg_stat_file(?, true) IS NOT NULL)::text", file)
                                        .get(0)
                                        .get(0)
                                        .startsWith("t")
                                ? "t"
                                : "f");
            }
        }
        return out;
    }

    private static Check attempt(String name, Run run) {
        try {
            return run.run();
        } catch (SQLException e) {
            return Check.notMeasured(
                    name, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    private StrategyChecks() {}
}
