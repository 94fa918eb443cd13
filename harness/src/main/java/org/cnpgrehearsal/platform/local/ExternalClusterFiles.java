package org.cnpgrehearsal.platform.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.cnpgrehearsal.util.OsUser;
import org.cnpgrehearsal.util.PgConnection;

/**
 * The target's view of the manifest's externalClusters entry, as CNPG's instance manager writes it before it connects
 * (pkg/management/external): the connection parameters, the CA as {@code sslrootcert} and the password in a passfile
 * of its own, readable only by the server's user. What a subscription or a standby's {@code primary_conninfo} names.
 */
final class ExternalClusterFiles {

    private final PgConnection source;
    private final Path passfile;

    /** Writes the passfile for {@code source} (its user and password) under {@code folder}, owned by {@code user}. */
    static ExternalClusterFiles write(PgConnection source, Path folder, OsUser user) throws IOException {
        Path dir = Files.createDirectories(folder);
        Path passfile = dir.resolve("pgpass");
        Files.writeString(
                passfile,
                String.join(
                                ":",
                                escape(source.host()),
                                String.valueOf(source.port()),
                                "*",
                                escape(source.user()),
                                escape(source.password()))
                        + "\n");
        Files.setPosixFilePermissions(passfile, PosixFilePermissions.fromString("rw-------"));
        user.own(dir);
        user.own(passfile);
        return new ExternalClusterFiles(source, passfile);
    }

    private ExternalClusterFiles(PgConnection source, Path passfile) {
        this.source = source;
        this.passfile = passfile;
    }

    /** The libpq connection string CNPG builds: the entry's parameters, {@code dbname} when given, the passfile. */
    String conninfo(String database) {
        return source.withDatabase(database).dsn() + " passfile=" + passfile;
    }

    /** A passfile field: backslash and colon escaped, as libpq reads them. */
    private static String escape(String field) {
        return field.replace("\\", "\\\\").replace(":", "\\:");
    }
}
