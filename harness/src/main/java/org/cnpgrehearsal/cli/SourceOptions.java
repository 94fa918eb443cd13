package org.cnpgrehearsal.cli;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.cnpgrehearsal.manifest.ExternalCluster;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.PgConnection;
import picocli.CommandLine.Option;

/**
 * How to reach a live source (production through a port-forward, or a staging copy): a libpq URI, the password from a
 * file (never on the command line), the CA. Shared by {@code preflight} and {@code profile}.
 */
public final class SourceOptions {

    private static final Set<String> URL_PARAMETERS =
            Set.of("sslmode", "sslrootcert", "user", "dbname", "port", "host");

    @Option(
            names = "--source-url",
            description =
                    "the source as a libpq URI, e.g. postgresql://standby@127.0.0.1:5432/mastodon?sslmode=verify-ca "
                            + "(through kubectl port-forward); for preflight it overrides the manifest's externalClusters entry")
    String sourceUrl;

    @Option(names = "--password-file", description = "file holding the password (else PGPASSWORD)")
    Path passwordFile;

    @Option(
            names = "--sslrootcert",
            description = "the CA certificate of the source (the content of the manifest's sslRootCert secret)")
    Path sslRootCert;

    /** The connection from --source-url, or else from the manifest's entry (which must then name a host). */
    public PgConnection connection(ExternalCluster fallback, Path manifest) {
        String password = password();
        PgConnection c;
        if (sourceUrl != null) {
            c = fromUrl(sourceUrl, password);
        } else if (fallback != null) {
            c = fromManifest(fallback, manifest, password);
        } else {
            throw new BadInputException(
                    "--source-url is required: write it like postgresql://postgres@127.0.0.1:5432/mastodon?sslmode=require");
        }
        if (c.sslRootCert() != null && !Files.isReadable(c.sslRootCert())) {
            throw new BadInputException("CA certificate " + c.sslRootCert()
                    + " does not exist or cannot be read: pass the source's CA with --sslrootcert FILE");
        }
        return c;
    }

    private String password() {
        if (passwordFile != null) {
            try {
                String text = Files.readString(passwordFile);
                return text.endsWith("\n")
                        ? text.substring(0, text.length() - 1).replaceAll("\r$", "")
                        : text;
            } catch (NoSuchFileException e) {
                throw new BadInputException("--password-file " + passwordFile + " does not exist");
            } catch (IOException e) {
                throw new BadInputException("--password-file " + passwordFile + " cannot be read: " + e.getMessage());
            }
        }
        return System.getenv("PGPASSWORD");
    }

    private PgConnection fromManifest(ExternalCluster e, Path manifest, String password) {
        String host = e.parameter("host");
        if (host == null) {
            throw new BadInputException("manifest " + manifest + ": externalClusters[" + e.name()
                    + "] has no host: set it, or pass --source-url");
        }
        return new PgConnection(
                host,
                port(e.connectionParameters().getOrDefault("port", "5432"), "externalClusters[" + e.name() + "].port"),
                e.parameter("dbname"),
                e.user(),
                password,
                e.sslMode(),
                sslRootCert);
    }

    static int port(String text, String where) {
        try {
            int p = Integer.parseInt(text.trim());
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException ex) {
            throw new BadInputException(where + " '" + text + "' is not a port number");
        }
    }

    private PgConnection fromUrl(String url, String passwordFromFile) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new BadInputException("--source-url is not a URI (" + e.getReason()
                    + "): write it like postgresql://standby@host:5432/mastodon?sslmode=verify-ca");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new BadInputException("--source-url must start with postgresql:// (found '"
                    + url.replaceAll(":[^:@/]*@", ":<redacted>@") + "')");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                if (kv.isEmpty()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                String k = decode(eq < 0 ? kv : kv.substring(0, eq));
                if (!URL_PARAMETERS.contains(k)) {
                    throw new BadInputException(
                            "--source-url parameter '" + k
                                    + "' is not supported: use sslmode, sslrootcert, user, dbname (the password goes in --password-file)");
                }
                params.put(k, eq < 0 ? "" : decode(kv.substring(eq + 1)));
            }
        }
        String user = params.get("user");
        String password = passwordFromFile;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            if (colon >= 0 && passwordFile == null) {
                password = decode(info.substring(colon + 1));
            }
        }
        String host = uri.getHost() != null ? uri.getHost() : params.get("host");
        if (host == null || host.isEmpty()) {
            throw new BadInputException(
                    "--source-url has no host: write it like postgresql://standby@host:5432/mastodon");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : port(params.getOrDefault("port", "5432"), "--source-url port");
        String path = uri.getPath();
        String db = path != null && path.length() > 1 ? decode(path.substring(1)) : params.get("dbname");
        if (user == null) {
            throw new BadInputException(
                    "--source-url has no user: write it like postgresql://standby@host:5432/mastodon");
        }
        Path root = sslRootCert != null
                ? sslRootCert
                : params.containsKey("sslrootcert") ? Path.of(params.get("sslrootcert")) : null;
        return new PgConnection(host, port, db, user, password, params.getOrDefault("sslmode", "prefer"), root);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8.name());
        } catch (UnsupportedEncodingException | IllegalArgumentException e) {
            throw new BadInputException("--source-url has a bad %-escape in '" + s.replaceAll(".", "*") + "'");
        }
    }
}
