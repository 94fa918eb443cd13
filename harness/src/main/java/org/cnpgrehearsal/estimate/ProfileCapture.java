package org.cnpgrehearsal.estimate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cnpgrehearsal.util.PgConnection;

/**
 * Measures databases for the estimate, read-only, from the catalogs (never a row of data): sizes of tables, indexes,
 * TOAST and large objects, row estimates, the largest tables and indexes, the extensions, the server version. The
 * same measurement describes a rehearsal's source and the production database ({@code profile}).
 */
public final class ProfileCapture {

    private static final int LARGEST = 10;
    private static final String USER_TABLES =
            "c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                    + "AND n.nspname NOT LIKE 'pg\\_%'";

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
        try (Connection c = db.open(true);
                Statement s = c.createStatement()) {
            long databaseBytes;
            long tableBytes;
            long indexBytes;
            long toastBytes;
            long rows;
            try (ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database()), "
                    + "coalesce(sum(pg_table_size(c.oid)), 0), coalesce(sum(pg_indexes_size(c.oid)), 0), "
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
                            + USER_TABLES + " ORDER BY pg_table_size(c.oid) DESC LIMIT " + LARGEST)) {
                while (rs.next()) {
                    tables.add(new ProductionProfile.TableSize(
                            rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                }
            }
            List<ProductionProfile.IndexSize> indexes = new ArrayList<>();
            try (ResultSet rs =
                    s.executeQuery("SELECT n.nspname || '.' || c.relname, pg_relation_size(c.oid) FROM pg_class c "
                            + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'i' AND n.nspname NOT IN ('pg_catalog', "
                            + "'information_schema') AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 2 DESC LIMIT "
                            + LARGEST)) {
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
                    extensions);
        }
    }

    private ProfileCapture() {}
}
