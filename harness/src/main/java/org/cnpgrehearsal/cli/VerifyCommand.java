package org.cnpgrehearsal.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.InputFiles;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.verify.Check;
import org.cnpgrehearsal.verify.Sides;
import org.cnpgrehearsal.verify.Verification;
import org.cnpgrehearsal.verify.Verifier;
import org.cnpgrehearsal.verify.VerifyScope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code verify}: the checks of a rehearsal's verification between two live databases (the night's source and the
 * target CNPG imported it into), read-only on both. Exit 0 when everything matches, 1 with the differences, 2 for
 * bad input (or a database that cannot be reached).
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {
            "  kubectl -n prod port-forward svc/mastodon-postgresql 15432:5432 &",
            "  kubectl -n prod port-forward svc/mastodon-db-rw 25432:5432 &",
            "  verify --source-url 'postgresql://postgres@127.0.0.1:15432/mastodon?sslmode=require' \\",
            "         --target-url postgresql://postgres@127.0.0.1:25432/mastodon --app-role mastodon \\",
            "         --manifest database-cnpg.yaml --source-password-file src.pw --target-password-file tgt.pw",
            "",
            "Run it while the source still takes no writes (the window): rows written since the dump are differences.",
            "Exit codes: 0 everything matches, 1 differences, 2 bad input (or a database unreachable)."
        },
        description = "Compares two live databases, read-only, with the checks a rehearsal runs: did the import keep "
                + "what the application relies on?")
public final class VerifyCommand implements Callable<Integer> {

    @Option(
            names = "--source-url",
            paramLabel = "URI",
            required = true,
            description = "the source database as libpq reads it (URI, keyword/value string or service=...; PG* "
                    + "variables fill in the rest); a superuser, or a role with pg_read_all_data, sees everything")
    String sourceUrl;

    @Option(
            names = "--source-password-file",
            paramLabel = "FILE",
            description = "the source's password (else the " + "URI's, PGPASSWORD or ~/.pgpass)")
    Path sourcePasswordFile;

    @Option(
            names = "--source-sslrootcert",
            paramLabel = "FILE",
            description = "the CA that signed the source's " + "certificate")
    Path sourceCa;

    @Option(
            names = "--target-url",
            paramLabel = "URI",
            required = true,
            description = "the imported database on the target, likewise (CNPG's -rw service)")
    String targetUrl;

    @Option(names = "--target-password-file", paramLabel = "FILE", description = "the target's password")
    Path targetPasswordFile;

    @Option(names = "--target-sslrootcert", paramLabel = "FILE", description = "the CA of the target's certificate")
    Path targetCa;

    @Option(
            names = "--app-role",
            paramLabel = "ROLE",
            description = "the application's role, judged on both sides (default: the owner of the source database)")
    String appRole;

    @Option(
            names = "--app-password-file",
            paramLabel = "FILE",
            description = "the application role's password: adds a real login through the target's pg_hba (else its "
                    + "statements run through SET ROLE in the target's session)")
    Path appPasswordFile;

    @Option(
            names = "--manifest",
            paramLabel = "FILE",
            description = "the Cluster manifest that imported it: the roles it carries and what its dump options leave "
                    + "out on purpose are taken from it")
    Path manifest;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        Console console = output.console();
        ClusterManifest m =
                manifest == null ? null : ManifestReader.read(InputFiles.readableFile("--manifest", manifest));
        PgConnection source = SourceOptions.resolve(
                sourceUrl,
                Map.of(),
                InputFiles.password("--source-password-file", sourcePasswordFile),
                sourceCa,
                "--source-url",
                "--source-sslrootcert",
                console.detail());
        PgConnection target = SourceOptions.resolve(
                targetUrl,
                Map.of(),
                InputFiles.password("--target-password-file", targetPasswordFile),
                targetCa,
                "--target-url",
                "--target-sslrootcert",
                console.detail());
        String appPassword = InputFiles.password("--app-password-file", appPasswordFile);
        String role = appRole != null ? appRole : owner(source);
        reachable(target, "--target-url");
        VerifyScope scope = VerifyScope.ofLiveDatabases(source.database(), target.database(), role, appPassword, m);
        Sides sides = new Sides(
                source.withDatabase(null),
                target.withDatabase(null),
                (r, pw) -> target.withUser(r, pw).withDatabase(null));
        Verification v = Verifier.verify(scope, sides);
        if (console.json()) {
            console.printJson(v);
        } else {
            print(v, console);
        }
        return v.passed() ? 0 : Main.NOT_MET;
    }

    private static void print(Verification v, Console console) {
        for (Check c : v.checks()) {
            console.human().println((c.passed() ? "pass " : "FAIL ") + c.name() + ": " + c.detail());
            if (c.compared() != null) {
                console.detail().println("     compared: " + c.compared());
            }
            c.differences().forEach(d -> console.human().println("     > " + d));
            c.notes().forEach(n -> console.detail().println("     note: " + n));
            if (!c.passed() && c.remedy() != null) {
                console.human().println("     fix: " + c.remedy());
            }
        }
        console.human()
                .println(
                        v.passed()
                                ? "verify: everything the application relies on matches"
                                : "verify: "
                                        + v.checks().stream()
                                                .filter(c -> !c.passed())
                                                .count() + " checks found differences");
    }

    /** The owner of the source database: the application's role when none is named. */
    private static String owner(PgConnection source) {
        try (Connection c = source.open(true)) {
            return PgCatalog.rows(
                            c, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")
                    .get(0)
                    .get(0);
        } catch (SQLException e) {
            throw unreachable("--source-url", e);
        }
    }

    private static void reachable(PgConnection db, String option) {
        try (Connection c = db.open(true)) {
            c.isValid(5);
        } catch (SQLException e) {
            throw unreachable(option, e);
        }
    }

    private static BadInputException unreachable(String option, SQLException e) {
        return new BadInputException(option + " cannot be reached: "
                + List.of(String.valueOf(e.getMessage()).split("\n")).get(0) + " (check the address, the user and its "
                + "password, and that a port-forward is running)");
    }
}
