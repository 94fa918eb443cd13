package org.cnpgrehearsal.strategy;

import static org.cnpgrehearsal.util.Sql.ident;
import static org.cnpgrehearsal.util.Sql.literal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;

/**
 * {@code kubectl cnpg subscription sync-sequences}: logical replication carries no sequence positions, so at the
 * cutover each sequence of the target is set to the source's {@code last_value}, read from {@code pg_sequences}
 * through the subscription's own connection (as the externalClusters user: a sequence it may not read shows a null
 * value, and {@code setval(..., NULL)} leaves the target's where it was, as the plugin does).
 */
public final class SequenceSync {

    /** The plugin's query, per database: every sequence with its last value (null when never used or not readable). */
    static final String SEQUENCES = "SELECT schemaname, sequencename, last_value FROM pg_catalog.pg_sequences";

    /**
     * The script the plugin runs on the target: for each of the target's sequences that the source has,
     * {@code SELECT pg_catalog.setval('"schema"."name"', value);} (NULL for a null value), plus {@code offset} (the
     * plugin's --offset) to each value. Sequences only the target has are left alone.
     */
    static List<String> script(Map<String, Long> source, Map<String, Long> target, long offset) {
        List<String> out = new ArrayList<>();
        for (String name : target.keySet()) {
            if (!source.containsKey(name)) {
                continue;
            }
            Long value = source.get(name);
            String v = value == null ? "NULL" : offset == 0 ? Long.toString(value) : value + " + " + offset;
            out.add("SELECT pg_catalog.setval(" + literal(name) + ", " + v + ");");
        }
        return out;
    }

    /** Reads both sides, runs the script on the target; returns the statements run. */
    public static List<String> run(PgConnection sourceAsSubscriber, PgConnection targetSuperuser) throws SQLException {
        Map<String, Long> source;
        try (Connection c = sourceAsSubscriber.open(true)) {
            source = read(c);
        }
        try (Connection c = targetSuperuser.open();
                Statement s = c.createStatement()) {
            List<String> statements = script(source, read(c), 0);
            for (String sql : statements) {
                s.execute(sql);
            }
            return statements;
        }
    }

    private static Map<String, Long> read(Connection c) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (List<String> r : PgCatalog.rows(c, SEQUENCES)) {
            out.put(ident(r.get(0)) + "." + ident(r.get(1)), r.get(2) == null ? null : Long.parseLong(r.get(2)));
        }
        return out;
    }

    private SequenceSync() {}
}
