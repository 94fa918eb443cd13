package org.cnpgrehearsal.preflight;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.importer.CnpgImportCommands;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ImportSpec;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;

/**
 * The preflight's sessions on the source, all read-only ({@link PgConnection#open(boolean)} with {@code true}): one
 * to the first database, one to each imported database, opened on first use and closed together.
 */
final class SourceAccess implements AutoCloseable {

    /** Schemas pg_dump never dumps. */
    static final String SCHEMA_FILTER = PgCatalog.userSchema("n.nspname") + " AND n.nspname <> ALL (?::text[])";
    /** Objects that belong to an extension (pg_dump dumps CREATE EXTENSION instead). */
    static final String NOT_EXTENSION_MEMBER =
            "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = %s AND d.classid = '%s'::regclass AND d.deptype = 'e')";

    /** How long a preflight query waits for a lock before it gives up and says so. */
    static final int LOCK_TIMEOUT_MS = 3000;

    final ClusterManifest manifest;
    final ImportSpec spec;
    final PgConnection base;
    private final Map<String, Connection> sessions = new LinkedHashMap<>();
    private List<String> databases;
    private List<String> missingDatabases = List.of();

    SourceAccess(ClusterManifest manifest, PgConnection base) {
        this.manifest = manifest;
        this.spec = manifest.importSpec();
        this.base = base;
    }

    /** A read-only session to each database to import that can be opened (the connectivity checks report the others). */
    Map<String, Connection> sessions() throws SQLException {
        Map<String, Connection> open = new LinkedHashMap<>();
        for (String db : databases()) {
            try {
                open.put(db, db(db));
            } catch (SQLException e) {
                // reported by the checks that connect
            }
        }
        return open;
    }

    /** A read-only session to {@code db}. */
    Connection db(String db) throws SQLException {
        Connection c = sessions.get(db);
        if (c == null) {
            c = base.withDatabase(db).open(true);
            try (Statement s = c.createStatement()) {
                // a preflight never waits behind the source's locks (reading sizes opens relations)
                s.execute("SET lock_timeout = '" + LOCK_TIMEOUT_MS + "ms'");
                s.execute("SET statement_timeout = '120s'");
            }
            sessions.put(db, c);
        }
        return c;
    }

    Connection first() throws SQLException {
        return db(base.database() == null ? "postgres" : base.database());
    }

    /** The databases CNPG would import that exist on the source (a wildcard resolved as CNPG does). */
    List<String> databases() throws SQLException {
        if (databases == null) {
            if (spec.allDatabases()) {
                databases = strings(first(), CnpgImportCommands.ALL_DATABASES_QUERY);
            } else {
                List<String> exist = new ArrayList<>();
                List<String> missing = new ArrayList<>();
                try (PreparedStatement ps =
                        first().prepareStatement("SELECT datname, datallowconn FROM pg_database WHERE datname = ?")) {
                    for (String d : spec.databases()) {
                        ps.setString(1, d);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next() && rs.getBoolean(2)) {
                                exist.add(d);
                            } else {
                                missing.add(d);
                            }
                        }
                    }
                }
                databases = exist;
                missingDatabases = missing;
            }
        }
        return databases;
    }

    List<String> missingDatabases() throws SQLException {
        databases();
        return missingDatabases;
    }

    String[] excludedSchemas() {
        return spec.excludedSchemas().toArray(String[]::new);
    }

    /** Runs {@code sql} with the excluded schemas as its only parameter, when it has one. */
    ResultSet query(Connection c, String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.closeOnCompletion();
        if (sql.contains("?")) {
            Array a = c.createArrayOf("text", excludedSchemas());
            int n = (int) sql.chars().filter(ch -> ch == '?').count();
            for (int i = 1; i <= n; i++) {
                ps.setArray(i, a);
            }
        }
        return ps.executeQuery();
    }

    static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static String scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    String user() {
        return base.user();
    }

    @Override
    public void close() {
        for (Connection c : sessions.values()) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a read-only session: nothing to lose
            }
        }
        sessions.clear();
    }
}
