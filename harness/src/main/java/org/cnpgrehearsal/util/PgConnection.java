package org.cnpgrehearsal.util;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where and as whom to connect to PostgreSQL: the same facts give a JDBC connection (for the harness) and a libpq
 * connection string (for pg_dump/pg_restore). The password never appears in the string; it goes through the
 * environment ({@link #passwordEnv()}).
 */
public record PgConnection(
        String host, int port, String database, String user, String password, String sslMode, Path sslRootCert) {

    /** {@code sslrootcert=system}: the operating system's (here Java's) trusted CAs, as libpq 16 reads it. */
    public static final Path SYSTEM_CA = Path.of("system");

    public PgConnection withDatabase(String db) {
        return new PgConnection(host, port, db, user, password, sslMode, sslRootCert);
    }

    public PgConnection withUser(String newUser, String newPassword) {
        return new PgConnection(host, port, database, newUser, newPassword, sslMode, sslRootCert);
    }

    public PgConnection withSsl(String mode, Path rootCert) {
        return new PgConnection(host, port, database, user, password, mode, rootCert);
    }

    public Connection open() throws SQLException {
        return open(false);
    }

    /** Whether {@code host} is a Unix socket folder, as libpq reads a host that starts with a slash. */
    public boolean socket() {
        return host.startsWith("/");
    }

    /**
     * Opens a JDBC connection; a read-only one sets {@code default_transaction_read_only} for the whole session. A
     * socket folder is reached through {@link UnixSocketFactory}; {@code sslrootcert=system} trusts Java's CAs.
     */
    public Connection open(boolean readOnly) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        if (socket()) {
            p.setProperty("socketFactory", UnixSocketFactory.class.getName());
            p.setProperty("socketFactoryArg", Path.of(host, ".s.PGSQL." + port).toString());
            p.setProperty("sslmode", "disable");
        } else if (sslMode != null) {
            p.setProperty("sslmode", sslMode);
            if (SYSTEM_CA.equals(sslRootCert)) {
                p.setProperty("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
            } else if (sslRootCert != null) {
                p.setProperty("sslrootcert", sslRootCert.toString());
            }
        }
        p.setProperty("connectTimeout", "15");
        p.setProperty("ApplicationName", "cnpg-rehearsal");
        if (readOnly) {
            p.setProperty("options", "-c default_transaction_read_only=on");
        }
        String jdbcHost = socket() ? "localhost" : host.contains(":") ? "[" + host + "]" : host;
        return DriverManager.getConnection(
                "jdbc:postgresql://" + jdbcHost + ":" + port + "/" + (database == null ? "" : database), p);
    }

    /** The libpq connection string, without {@code dbname} when {@code database} is null, and without the password. */
    public String dsn() {
        Map<String, String> kv = new LinkedHashMap<>();
        kv.put("host", host);
        kv.put("port", String.valueOf(port));
        kv.put("user", user);
        if (database != null) {
            kv.put("dbname", database);
        }
        if (sslMode != null) {
            kv.put("sslmode", sslMode);
        }
        if (sslRootCert != null) {
            kv.put("sslrootcert", sslRootCert.toString());
        }
        StringBuilder b = new StringBuilder();
        kv.forEach((k, v) ->
                b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(quote(v)));
        return b.toString();
    }

    /** The environment that carries the password to libpq tools. */
    public Map<String, String> passwordEnv() {
        return password == null ? Map.of() : Map.of("PGPASSWORD", password);
    }

    private static String quote(String v) {
        return v.matches("[A-Za-z0-9_./:\\-]+")
                ? v
                : "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Override
    public String toString() {
        return dsn();
    }
}
