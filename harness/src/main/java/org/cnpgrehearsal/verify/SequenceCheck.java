package org.cnpgrehearsal.verify;

import static org.cnpgrehearsal.util.Sql.ident;
import static org.cnpgrehearsal.util.Sql.literal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.manifest.DumpScope;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;

/**
 * Where each sequence stands ({@code last_value}, {@code is_called}), source against target. A sequence behind
 * where it was makes the application's next insert collide with an existing key; pg_dump carries the positions in
 * its data section, so a schema-only import (or an online copy) loses them.
 */
final class SequenceCheck {

    static final String NAME = "sequences";

    private static final String SEQUENCES = """
            SELECT n.nspname, c.relname,
                   (SELECT a.attrelid::regclass || '.' || a.attname FROM pg_depend d
                    JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i') LIMIT 1)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'S' AND %s
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                              AND d.deptype = 'e')
            ORDER BY 1, 2""".formatted(PgCatalog.userSchema("n.nspname"));

    static Check run(PgConnection source, PgConnection target, DumpScope scope) throws SQLException {
        if (scope.schemaOnly()) {
            return Check.pass(
                            NAME,
                            "not compared: a schema-only import carries no sequence positions (set them after "
                                    + "the data arrives)")
                    .comparing("nothing: schema-only");
        }
        Map<String, String> owners = new LinkedHashMap<>();
        Map<String, Position> before = new LinkedHashMap<>();
        try (Connection c = source.open(true)) {
            for (List<String> r : PgCatalog.rows(c, SEQUENCES)) {
                if (scope.includesTable(r.get(0), r.get(1))) {
                    String key = r.get(0) + "." + r.get(1);
                    owners.put(key, r.get(2));
                    before.put(key, position(c, r.get(0), r.get(1)));
                }
            }
        }
        Map<String, Position> after = new LinkedHashMap<>();
        try (Connection c = target.open(true)) {
            for (String key : before.keySet()) {
                int dot = key.indexOf('.');
                try {
                    after.put(key, position(c, key.substring(0, dot), key.substring(dot + 1)));
                } catch (SQLException e) {
                    if (!"42P01".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        }
        List<String> differences = new ArrayList<>();
        List<String> setvals = new ArrayList<>();
        before.forEach((key, was) -> {
            Position now = after.get(key);
            if (!was.equals(now)) {
                String owner = owners.get(key) == null ? "" : " (feeds " + owners.get(key) + ")";
                differences.add(key + owner + ": " + was + " on the source, " + (now == null ? "missing" : now)
                        + " on the target");
                int dot = key.indexOf('.');
                setvals.add(
                        "SELECT setval(" + literal(ident(key.substring(0, dot)) + "." + ident(key.substring(dot + 1)))
                                + ", " + was.lastValue() + ", " + was.called() + ");");
            }
        });
        String compared = "last_value and is_called of each of the " + before.size() + " sequences, on both sides";
        if (differences.isEmpty()) {
            return Check.pass(NAME, "all " + before.size() + " sequences stand where they stood on the source")
                    .comparing(compared);
        }
        return Check.fail(
                        NAME,
                        differences.size() + " of " + before.size() + " sequences are not where they stood on "
                                + "the source: the application's next inserts would reuse existing keys",
                        differences,
                        Cause.SEQUENCE_BEHIND)
                .comparing(compared)
                .withRemedy("set them on the target before the application writes (on the target, as a superuser): "
                        + String.join(" ", setvals.stream().limit(Check.SHOWN).toList()));
    }

    /** Where a sequence stands: its last value and whether that value was handed out already. */
    record Position(long lastValue, boolean called) {
        @Override
        public String toString() {
            return "last_value " + lastValue + (called ? "" : " (not yet called)");
        }
    }

    private static Position position(Connection c, String schema, String name) throws SQLException {
        try (var s = c.createStatement();
                var rs = s.executeQuery("SELECT last_value, is_called FROM " + ident(schema) + "." + ident(name))) {
            rs.next();
            return new Position(rs.getLong(1), rs.getBoolean(2));
        }
    }

    private SequenceCheck() {}
}
