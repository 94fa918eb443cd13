package org.cnpgrehearsal.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cnpgrehearsal.manifest.ExternalCluster;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.InputFiles;
import org.cnpgrehearsal.util.Libpq;
import org.cnpgrehearsal.util.PgConnection;
import picocli.CommandLine.Option;

/**
 * How to reach a live source (production through a port-forward, or a staging copy), the way psql reaches it: a
 * libpq URI or keyword/value string, service files, the PG* variables and ~/.pgpass ({@link Libpq}); the password
 * from a file, never on the command line; the CA. Shared by {@code preflight} and {@code profile}.
 */
public final class SourceOptions {

    @Option(
            names = "--source-url",
            paramLabel = "URI",
            description =
                    "the source as libpq reads it: postgresql://standby@127.0.0.1:5432/mastodon?sslmode=verify-ca "
                            + "(through kubectl port-forward), postgresql://postgres@/shop?host=/var/run/postgresql, "
                            + "'service=prod' or 'host=... dbname=...'; what it leaves out comes from PGSERVICE, PGHOST, "
                            + "PGPORT, PGUSER, PGDATABASE, PGSSLMODE, PGSSLROOTCERT; for preflight it overrides the manifest's "
                            + "externalClusters entry")
    String sourceUrl;

    @Option(
            names = "--password-file",
            paramLabel = "FILE",
            description = "file holding the password (else the URI's, PGPASSWORD, or ~/.pgpass / PGPASSFILE)")
    Path passwordFile;

    @Option(
            names = "--sslrootcert",
            paramLabel = "FILE",
            description = "the CA certificate of the source (the content of the manifest's sslRootCert secret; "
                    + "else sslrootcert= in the URI or PGSSLROOTCERT)")
    Path sslRootCert;

    /**
     * The connection from --source-url, or else from the manifest's entry (null when there is no manifest), filled in
     * the libpq way; notes (an ignored .pgpass) go to {@code notes}.
     */
    public PgConnection connection(ExternalCluster fallback, Path manifest, PrintStream notes) {
        Map<String, String> fromManifest = new LinkedHashMap<>();
        if (sourceUrl == null && fallback != null) {
            if (fallback.parameter("host") == null) {
                throw new BadInputException("manifest " + manifest + ": externalClusters[" + fallback.name()
                        + "] has no host: set it, or pass --source-url");
            }
            fallback.connectionParameters().forEach((k, v) -> {
                if (Libpq.KEYWORDS.contains(k) && !k.equals("sslrootcert")) {
                    fromManifest.put(k, v);
                }
            });
            fromManifest.put("user", fallback.user());
            fromManifest.put("sslmode", fallback.sslMode());
        }
        return resolve(
                sourceUrl,
                fromManifest,
                password(),
                sslRootCert,
                sourceUrl != null ? "--source-url" : "the source",
                "--sslrootcert",
                notes);
    }

    /**
     * A database the libpq way: {@code url} (null: {@code fallback} keywords), filled in from the service file and the
     * environment; a CA file that cannot be read is bad input naming {@code caOption}; notes go to {@code notes}.
     */
    static PgConnection resolve(
            String url,
            Map<String, String> fallback,
            String password,
            Path sslRootCert,
            String what,
            String caOption,
            PrintStream notes) {
        Libpq.Resolved r = Libpq.resolve(url, fallback, password, sslRootCert, Libpq.Environment.current(), what);
        r.notes().forEach(n -> notes.println("note: " + n));
        PgConnection c = r.connection();
        if (c.sslRootCert() != null
                && !PgConnection.SYSTEM_CA.equals(c.sslRootCert())
                && !(Files.isRegularFile(c.sslRootCert()) && Files.isReadable(c.sslRootCert()))) {
            throw new BadInputException("CA certificate " + c.sslRootCert() + " of " + what
                    + " does not exist or cannot be read: pass it with " + caOption + " FILE");
        }
        return c;
    }

    private String password() {
        return InputFiles.password("--password-file", passwordFile);
    }
}
