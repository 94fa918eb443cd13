package org.cnpgrehearsal.estimate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cnpgrehearsal.results.DatabaseShape;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;

/**
 * Measures databases for the estimate, read-only, from the catalogs (never a row of data): sizes of tables, indexes,
 * TOAST and large objects, row estimates, the largest tables and indexes, the extensions, the server version, and the
 * shape the import's work follows (every table, index and foreign key). The same measurement describes a rehearsal's
 * source, the production database ({@code profile}) and the preflight's volume check.
 */
public final class ProfileCapture {

    private static final int LARGEST = 10;
    private static final String USER_SCHEMA = PgCatalog.userSchema("n.nspname");
    private static final String USER_TABLES = "c.relkind IN ('r', 'p', 'm') AND " + USER_SCHEMA;
    /**
     * Rows of a table never analyzed (reltuples -1): its heap bytes / this. A guess, only for tables that neither
     * autovacuum nor ANALYZE has seen.
     */
    private static final long BYTES_PER_UNKNOWN_ROW = 100;

    /** Profiles the given databases ({@code server} names the database to connect to first). */
    public static ProductionProfile capture(PgConnection server, List<String> databases) throws SQLException {
        String version;
        try (Connection c = server.open(true);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            version = rs.getString(1);
        }
        List<ProductionProfile.DatabaseProfile> profiles = new ArrayList<>();
        for (String db : databases) {
            profiles.add(database(server.withDatabase(db), db));
        }
        return new ProductionProfile(version, Instant.now(), profiles);
    }

    public static ProductionProfile.DatabaseProfile database(PgConnection db, String name) throws SQLException {
        try (Connection c = db.open(true)) {
            return database(c, name);
        }
    }

    /** Profiles the database {@code c} is connected to, through that session. */
    public static ProductionProfile.DatabaseProfile database(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement()) {
            long databaseBytes;
            long tableBytes;
            long indexBytes;
            long toastBytes;
            long rows;
            try (ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database()), "
                    + "coalesce(sum(pg_table_size(c.oid)) FILTER (WHERE c.relkind <> 'm'), 0), "
                    + "coalesce(sum(pg_indexes_size(c.oid)), 0), "
                    + "coalesce(sum(CASE WHEN c.reltoastrelid <> 0 THEN pg_total_relation_size(c.reltoastrelid) ELSE 0 END), 0), "
                    + "coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint "
                    + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + USER_TABLES)) {
                rs.next();
                databaseBytes = rs.getLong(1);
                tableBytes = rs.getLong(2);
                indexBytes = rs.getLong(3);
                toastBytes = rs.getLong(4);
                rows = rs.getLong(5);
            }
            long largeObjectBytes;
            try (ResultSet rs = s.executeQuery("SELECT pg_table_size('pg_catalog.pg_largeobject')")) {
                rs.next();
                largeObjectBytes = rs.getLong(1);
            }
            List<ProductionProfile.TableSize> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(
                    "SELECT n.nspname || '.' || c.relname, pg_table_size(c.oid), pg_indexes_size(c.oid), "
                            + "greatest(c.reltuples, 0)::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
                            + USER_TABLES + " AND c.relkind <> 'm' ORDER BY pg_table_size(c.oid) DESC LIMIT "
                            + LARGEST)) {
                while (rs.next()) {
                    tables.add(new ProductionProfile.TableSize(
                            rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                }
            }
            List<ProductionProfile.IndexSize> indexes = new ArrayList<>();
            try (ResultSet rs =
                    s.executeQuery("SELECT n.nspname || '.' || c.relname, pg_relation_size(c.oid) FROM pg_class c "
                            + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'i' AND " + USER_SCHEMA
                            + " ORDER BY 2 DESC LIMIT " + LARGEST)) {
                while (rs.next()) {
                    indexes.add(new ProductionProfile.IndexSize(rs.getString(1), rs.getLong(2)));
                }
            }
            List<String> extensions = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    extensions.add(rs.getString(1));
                }
            }
            return new ProductionProfile.DatabaseProfile(
                    name,
                    databaseBytes,
                    tableBytes,
                    indexBytes,
                    toastBytes,
                    rows,
                    largeObjectBytes,
                    tables,
                    indexes,
                    extensions,
                    shape(s));
        }
    }

    /** Every table, index and foreign key of the user schemas, and the statistics target. */
    static DatabaseShape shape(Statement s) throws SQLException {
        int target;
        try (ResultSet rs = s.executeQuery("SHOW default_statistics_target")) {
            rs.next();
            target = Integer.parseInt(rs.getString(1));
        }
        List<DatabaseShape.Table> tables = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT n.nspname || '.' || c.relname, c.reltuples, "
                + "pg_relation_size(c.oid), pg_table_size(c.oid), "
                + "(SELECT count(*) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), "
                + "c.relkind = 'm' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
                + USER_TABLES + " AND c.relkind <> 'p' ORDER BY 1")) {
            while (rs.next()) {
                long heap = rs.getLong(3);
                double tuples = rs.getDouble(2);
                long rows = tuples >= 0 ? Math.round(tuples) : heap / BYTES_PER_UNKNOWN_ROW;
                tables.add(new DatabaseShape.Table(
                        rs.getString(1), rows, heap, rs.getLong(4), rs.getInt(5), rs.getBoolean(6)));
            }
        }
        List<DatabaseShape.Index> indexes = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT ni.nspname || '.' || ci.relname, n.nspname || '.' || c.relname, "
                + "pg_relation_size(ci.oid) FROM pg_index x JOIN pg_class ci ON ci.oid = x.indexrelid "
                + "JOIN pg_namespace ni ON ni.oid = ci.relnamespace JOIN pg_class c ON c.oid = x.indrelid "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'm') AND " + USER_SCHEMA
                + " ORDER BY 1")) {
            while (rs.next()) {
                indexes.add(new DatabaseShape.Index(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
        }
        List<DatabaseShape.ForeignKey> keys = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT co.conname, n.nspname || '.' || c.relname, "
                + "nr.nspname || '.' || cr.relname FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_class cr ON cr.oid = co.confrelid "
                + "JOIN pg_namespace nr ON nr.oid = cr.relnamespace WHERE co.contype = 'f' AND " + USER_SCHEMA
                + " ORDER BY 1, 2")) {
            while (rs.next()) {
                keys.add(new DatabaseShape.ForeignKey(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return new DatabaseShape(target, tables, indexes, keys);
    }

    private ProfileCapture() {}
}
