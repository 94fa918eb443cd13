package org.cnpgrehearsal.cli;

import java.io.IOException;
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
        Libpq.Resolved r = Libpq.resolve(
                sourceUrl,
                fromManifest,
                password(),
                sslRootCert,
                Libpq.Environment.current(),
                sourceUrl != null ? "--source-url" : "the source");
        r.notes().forEach(n -> notes.println("note: " + n));
        PgConnection c = r.connection();
        if (c.sslRootCert() != null
                && !PgConnection.SYSTEM_CA.equals(c.sslRootCert())
                && !(Files.isRegularFile(c.sslRootCert()) && Files.isReadable(c.sslRootCert()))) {
            throw new BadInputException("CA certificate " + c.sslRootCert()
                    + " does not exist or cannot be read: pass the source's CA with --sslrootcert FILE");
        }
        return c;
    }

    private String password() {
        if (passwordFile == null) {
            return null;
        }
        InputFiles.readableFile("--password-file", passwordFile);
        try {
            String text = Files.readString(passwordFile);
            return text.endsWith("\n") ? text.substring(0, text.length() - 1).replaceAll("\r$", "") : text;
        } catch (IOException e) {
            throw new BadInputException("--password-file " + passwordFile + " cannot be read: " + e.getMessage());
        }
    }
}
