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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ExternalCluster;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.preflight.Check;
import org.cnpgrehearsal.preflight.Connectivity;
import org.cnpgrehearsal.preflight.Preflight;
import org.cnpgrehearsal.preflight.PreflightOptions;
import org.cnpgrehearsal.preflight.PreflightPrinter;
import org.cnpgrehearsal.preflight.PreflightReport;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.PgConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code preflight}: the seed's checklist, read-only, against a live source and your Cluster manifest. Exit 0 go,
 * 1 no-go, 2 bad input (missing or invalid manifest, unparseable URL, missing files, unreachable host).
 */
@Command(name = "preflight", mixinStandardHelpOptions = true,
        description = "Checks, read-only, that the import of your CNPG Cluster manifest can work against the live source: go or no-go with fixes.")
public final class PreflightCommand implements Callable<Integer> {

    private static final Set<String> URL_PARAMETERS = Set.of("sslmode", "sslrootcert", "user", "dbname", "port", "host");

    @Spec
    CommandSpec spec;

    @Option(names = "--manifest", required = true, description = "your CNPG Cluster manifest (with bootstrap.initdb.import and externalClusters)")
    Path manifest;

    @Option(names = "--source-url", description = "the source as a libpq URI, overriding the manifest's externalClusters entry, "
            + "e.g. postgresql://standby@127.0.0.1:5432/mastodon?sslmode=verify-ca (through kubectl port-forward)")
    String sourceUrl;

    @Option(names = "--password-file", description = "file holding the import user's password (else PGPASSWORD)")
    Path passwordFile;

    @Option(names = "--sslrootcert", description = "the CA certificate of the source (the content of the manifest's sslRootCert secret)")
    Path sslRootCert;

    @Option(names = "--format", description = "table or json (default: ${DEFAULT-VALUE})", defaultValue = "table")
    String format;

    @Option(names = "--long-transaction", description = "seconds after which a transaction counts as long-running (default: ${DEFAULT-VALUE})",
            defaultValue = "300")
    long longTransactionSeconds;

    @Option(names = "--operator-default-image", description = "the operand image the operator uses when the manifest has no imageName (default: ${DEFAULT-VALUE})",
            defaultValue = PreflightOptions.CNPG_1_30_DEFAULT_IMAGE)
    String defaultImage;

    @Override
    public Integer call() {
        if (!format.equals("table") && !format.equals("json")) {
            throw new BadInputException("--format " + format + " is unknown: use table or json");
        }
        ClusterManifest m = ManifestReader.read(manifest);
        String password = password();
        PgConnection source = sourceUrl != null ? fromUrl(sourceUrl, password) : fromManifest(m.importSource(), password);
        if (source.sslRootCert() != null && !Files.isReadable(source.sslRootCert())) {
            throw new BadInputException("CA certificate " + source.sslRootCert() + " does not exist or cannot be read: pass the source's CA with --sslrootcert FILE");
        }
        PreflightOptions options = new PreflightOptions(defaultImage, Duration.ofSeconds(longTransactionSeconds));
        PreflightReport report = Preflight.run(m, source, options);
        for (String id : List.of(Connectivity.DNS, Connectivity.TCP)) {
            Check c = report.check(id).orElse(null);
            if (c != null && c.failed()) {
                throw new BadInputException("source unreachable: " + c.measured() + " (" + c.fix() + ")");
            }
        }
        List<String> secrets = new ArrayList<>();
        secrets.add(password);
        String text = format.equals("json") ? PreflightPrinter.json(report, secrets) : PreflightPrinter.table(report, secrets);
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return report.go() ? 0 : 1;
    }

    private String password() {
        if (passwordFile != null) {
            try {
                String text = Files.readString(passwordFile);
                return text.endsWith("\n") ? text.substring(0, text.length() - 1).replaceAll("\r$", "") : text;
            } catch (NoSuchFileException e) {
                throw new BadInputException("--password-file " + passwordFile + " does not exist");
            } catch (IOException e) {
                throw new BadInputException("--password-file " + passwordFile + " cannot be read: " + e.getMessage());
            }
        }
        return System.getenv("PGPASSWORD");
    }

    private PgConnection fromManifest(ExternalCluster e, String password) {
        String host = e.parameter("host");
        if (host == null) {
            throw new BadInputException("manifest " + manifest + ": externalClusters[" + e.name() + "] has no host: set it, or pass --source-url");
        }
        return new PgConnection(host, port(e.connectionParameters().getOrDefault("port", "5432"), "externalClusters[" + e.name() + "].port"),
                e.parameter("dbname"), e.user(), password, e.sslMode(), sslRootCert);
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
            throw new BadInputException("--source-url is not a URI (" + e.getReason() + "): write it like postgresql://standby@host:5432/mastodon?sslmode=verify-ca");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new BadInputException("--source-url must start with postgresql:// (found '" + url.replaceAll(":[^:@/]*@", ":<redacted>@") + "')");
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
                    throw new BadInputException("--source-url parameter '" + k + "' is not supported: use sslmode, sslrootcert, user, dbname (the password goes in --password-file)");
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
            throw new BadInputException("--source-url has no host: write it like postgresql://standby@host:5432/mastodon");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : port(params.getOrDefault("port", "5432"), "--source-url port");
        String path = uri.getPath();
        String db = path != null && path.length() > 1 ? decode(path.substring(1)) : params.get("dbname");
        if (user == null) {
            throw new BadInputException("--source-url has no user: write it like postgresql://standby@host:5432/mastodon");
        }
        Path root = sslRootCert != null ? sslRootCert : params.containsKey("sslrootcert") ? Path.of(params.get("sslrootcert")) : null;
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
