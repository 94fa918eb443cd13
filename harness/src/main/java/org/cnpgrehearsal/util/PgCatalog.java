package org.cnpgrehearsal.util;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Facts of PostgreSQL's catalogs that many readers share, written once, and a reader of catalog queries. */
public final class PgCatalog {

    /**
     * The schemas an application owns, as a condition on a {@code pg_namespace.nspname} column: not the system's
     * ({@code pg_catalog}, {@code information_schema}, {@code pg_toast}, {@code pg_temp_N}, ...).
     */
    public static String userSchema(String nspname) {
        return nspname + " NOT IN ('pg_catalog', 'information_schema') AND " + nspname + " NOT LIKE 'pg\\_%'";
    }

    /** OIDs from here on are user objects: FirstNormalObjectId in src/include/access/transam.h. */
    public static final int FIRST_NORMAL_OID = 16384;

    /** The size of the database the connection is in (pg_database_size). */
    public static long currentDatabaseSize(Connection c) throws SQLException {
        return Long.parseLong(rows(c, "SELECT pg_catalog.pg_database_size(pg_catalog.current_database())")
                .get(0)
                .get(0));
    }

    /** The size of database {@code name} (pg_database_size), or empty when there is no such database. */
    public static OptionalLong databaseSize(Connection c, String name) throws SQLException {
        List<List<String>> r = rows(
                c,
                "SELECT pg_catalog.pg_database_size(datname) FROM pg_catalog.pg_database " + "WHERE datname = ?",
                name);
        return r.isEmpty()
                ? OptionalLong.empty()
                : OptionalLong.of(Long.parseLong(r.get(0).get(0)));
    }

    /** Every row of a query, each as its columns' text (null stays null). */
    public static List<List<String>> rows(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                List<List<String>> out = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getString(i));
                    }
                    out.add(row);
                }
                return out;
            }
        }
    }

    /** A two-column query as a map from the first column to the second, in the query's order. */
    public static Map<String, String> keyed(Connection c, String sql, Object... params) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (List<String> row : rows(c, sql, params)) {
            out.put(row.get(0), row.get(1));
        }
        return out;
    }

    private PgCatalog() {}
}
