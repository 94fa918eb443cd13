package org.cnpgrehearsal.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cnpgrehearsal.estimate.ProductionProfile;
import org.cnpgrehearsal.estimate.ProfileCapture;
import org.cnpgrehearsal.fixture.profile.ProfileFiles;
import org.cnpgrehearsal.fixture.profile.SchemaProfile;
import org.cnpgrehearsal.fixture.profile.SchemaProfiler;
import org.cnpgrehearsal.importer.CnpgImportCommands;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.InputFiles;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code profile}: what the estimate needs from the production database (sizes, rows, largest tables and indexes,
 * large objects, extensions, version), and with {@code --with-schema} its shape for a production-shaped fixture
 * (schema-only dump and column statistics). Read-only sessions; never a data value.
 */
@Command(
        name = "profile",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {
            "  profile --source-url postgresql://standby@127.0.0.1:5432/mastodon --out prod.json",
            "  profile --source-url 'service=prod' --databases '*' --with-schema --redact --out prod.json",
            "  PGHOST=/var/run/postgresql PGDATABASE=shop profile --out shop.json"
        },
        description = {
            "Profiles a live database, read-only and without reading any data value, for the estimate.",
            "--out FILE is read by estimate --profile; --with-schema also writes FILE.schema.json for a production-shaped",
            "fixture (rehearse --fixture-profile FILE.schema.json --scale 0.01)."
        })
public final class ProfileCommand implements Callable<Integer> {

    @Mixin
    SourceOptions source = new SourceOptions();

    @Option(
            names = "--out",
            paramLabel = "FILE",
            required = true,
            description = "the profile to write (JSON), read by estimate --profile")
    Path out;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(
            names = "--databases",
            split = ",",
            paramLabel = "DB,DB...",
            description = "databases to profile (default: the URL's database; '*' for all but templates and postgres)")
    List<String> databases;

    @Option(
            names = "--with-schema",
            description = "also capture the schema and column statistics of the URL's database into <out>.schema.json")
    boolean withSchema;

    @Option(
            names = "--redact",
            description =
                    "with --with-schema: drop comments, and defaults and CHECK expressions that carry literal values")
    boolean redact;

    @Override
    public Integer call() throws Exception {
        Console console = output.console();
        if (redact && !withSchema) {
            throw new BadInputException("--redact applies to --with-schema: add --with-schema or leave out --redact");
        }
        if (databases != null && databases.stream().anyMatch(String::isBlank)) {
            throw new BadInputException("--databases has an empty name: write it like mastodon,analytics or '*'");
        }
        InputFiles.writableFile("--out", out);
        if (withSchema) {
            InputFiles.writableFile("--out (its .schema.json)", schemaFile(out));
        }
        PgConnection db = source.connection(null, null, console.detail());
        ProductionProfile profile;
        try {
            profile = ProfileCapture.capture(db, databases(db));
        } catch (SQLException e) {
            throw new BadInputException("cannot profile " + db.host() + ":" + db.port() + "/" + db.database() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        try {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            profile.write(out);
        } catch (IOException e) {
            throw new BadInputException("--out " + out + " cannot be written: " + e.getMessage());
        }
        console.human()
                .printf(
                        "profiled %d database(s), %s in all, PostgreSQL %s (read-only): wrote %s%n",
                        profile.databases().size(),
                        Sizes.human(profile.databaseBytes()),
                        profile.postgresVersion(),
                        out);
        if (withSchema) {
            return schema(db, console);
        }
        return 0;
    }

    private int schema(PgConnection db, Console console) throws SQLException, IOException, InterruptedException {
        Path file = schemaFile(out);
        SchemaProfile schema;
        try {
            schema = SchemaProfiler.capture(db, redact);
        } catch (IOException e) {
            // pg_dump failed (for example a server newer than this machine's pg_dump): its own words, one line
            console.human()
                    .println("error: "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            return 1;
        }
        ProfileFiles.write(schema, file);
        console.human()
                .printf(
                        "schema of %s: %d tables, %d schema objects%s: wrote %s%n",
                        schema.database(),
                        schema.tables().size(),
                        schema.ddl().size(),
                        redact ? ", " + schema.redactions().size() + " items redacted" : "",
                        file);
        if (!schema.estimates().isEmpty()) {
            console.human()
                    .println(
                            "note: " + schema.estimates().size() + " figures are not the planner's statistics "
                                    + "(never analyzed; listed under estimates in the profile): run ANALYZE on the source for its own");
        }
        return 0;
    }

    /** {@code profile.json} gives {@code profile.schema.json}. */
    public static Path schemaFile(Path out) {
        String name = out.getFileName().toString().replaceFirst("\\.json$", "");
        return out.resolveSibling(name + ".schema.json");
    }

    private List<String> databases(PgConnection db) throws SQLException {
        if (databases == null) {
            return List.of(db.database());
        }
        if (!databases.equals(List.of("*"))) {
            return databases;
        }
        List<String> all = new ArrayList<>();
        try (Connection c = db.open(true);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(CnpgImportCommands.ALL_DATABASES_QUERY)) {
            while (rs.next()) {
                all.add(rs.getString(1));
            }
        }
        return all;
    }
}
