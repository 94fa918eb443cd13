package org.cnpgrehearsal.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cnpgrehearsal.fixture.profile.ProfileFiles;
import org.cnpgrehearsal.fixture.profile.SchemaProfile;
import org.cnpgrehearsal.fixture.profile.SchemaProfiler;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code profile-schema}: captures the shape of a database (schema-only dump, row estimates, sizes, per-column null
 * fractions, widths and distinct counts) into a fixture profile, read-only and without any data value.
 */
@Command(name = "profile-schema", mixinStandardHelpOptions = true,
        description = {"Captures a database's schema and column statistics (never a data value) into a fixture profile,",
                "read-only. `rehearse --fixture-profile FILE --scale 0.01` synthesizes a fixture from it."})
public final class FixtureProfileCommand implements Callable<Integer> {

    @Option(names = "--source-url", required = true,
            description = "postgresql://user@host:port/database[?sslmode=verify-ca&sslrootcert=ca.crt]")
    String sourceUrl;

    @Option(names = "--password-file", description = "file holding the password (default: PGPASSWORD, else none)")
    Path passwordFile;

    @Option(names = "--redact", description = "drop comments, and defaults and CHECK expressions that carry literal values")
    boolean redact;

    @Option(names = "--out", required = true, description = "the profile file to write (JSON)")
    Path out;

    @Override
    public Integer call() throws Exception {
        PgConnection db = parse(sourceUrl, password());
        SchemaProfile profile;
        try {
            profile = SchemaProfiler.capture(db, redact);
        } catch (SQLException e) {
            throw new BadInputException("cannot profile " + db.host() + ":" + db.port() + "/" + db.database() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        } catch (java.io.IOException e) {
            // pg_dump failed (for example a server newer than this machine's pg_dump): its own words, one line
            System.err.println("error: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            return 1;
        }
        ProfileFiles.write(profile, out);
        long rows = Math.round(profile.tables().stream().mapToDouble(SchemaProfile.TableProfile::rows).sum());
        System.out.printf("profiled %s (PostgreSQL %s, %s): %d tables, about %d rows, %d schema objects%s%n",
                profile.database(), profile.serverVersion(), Sizes.human(profile.databaseBytes()), profile.tables().size(), rows,
                profile.ddl().size(), redact ? ", " + profile.redactions().size() + " items redacted" : "");
        if (profile.tables().stream().anyMatch(t -> t.rows() > 0 && t.columns().stream().allMatch(c -> c.nullFrac() == null))) {
            System.out.println("note: some tables have no statistics (never analyzed): run ANALYZE on the source for widths and null fractions");
        }
        System.out.println("wrote " + out);
        return 0;
    }

    private String password() throws java.io.IOException {
        if (passwordFile != null) {
            if (!Files.isReadable(passwordFile)) {
                throw new BadInputException("--password-file " + passwordFile + " cannot be read");
            }
            return Files.readString(passwordFile).strip();
        }
        return System.getenv("PGPASSWORD");
    }

    /** A postgresql:// URL as connection facts; a password in the URL is used but better kept in --password-file. */
    static PgConnection parse(String url, String password) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new BadInputException("--source-url is not a URL: " + e.getReason());
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new BadInputException("--source-url must look like postgresql://user@host:5432/database");
        }
        String user = "postgres";
        String pw = password;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            if (parts.length == 2 && pw == null) {
                pw = decode(parts[1]);
            }
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (path.isEmpty()) {
            throw new BadInputException("--source-url names no database: add /<database> to it");
        }
        Map<String, String> query = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                String[] p = kv.split("=", 2);
                query.put(decode(p[0]), p.length == 2 ? decode(p[1]) : "");
            }
        }
        String root = query.get("sslrootcert");
        return new PgConnection(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), decode(path), user, pw,
                query.get("sslmode"), root == null ? null : Path.of(root));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
