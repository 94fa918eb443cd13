package org.cnpgrehearsal.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.preflight.Check;
import org.cnpgrehearsal.preflight.Connectivity;
import org.cnpgrehearsal.preflight.Preflight;
import org.cnpgrehearsal.preflight.PreflightOptions;
import org.cnpgrehearsal.preflight.PreflightPrinter;
import org.cnpgrehearsal.preflight.PreflightReport;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.Durations;
import org.cnpgrehearsal.util.InputFiles;
import org.cnpgrehearsal.util.PgConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code preflight}: the seed's checklist, read-only, against a live source and your Cluster manifest. Exit 0 go,
 * 1 no-go, 2 bad input (missing or invalid manifest, unparseable URL, missing files, unreachable host).
 */
@Command(
        name = "preflight",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {
            "  kubectl -n prod port-forward svc/mastodon-postgresql 5432 &",
            "  preflight --manifest database-cnpg.yaml --source-url postgresql://standby@127.0.0.1:5432/mastodon"
                    + "?sslmode=verify-ca --sslrootcert zalando-ca.crt --password-file standby.pw",
            "  PGSERVICE=prod preflight --manifest database-cnpg.yaml --output json > preflight.json",
            "",
            "Exit codes: 0 go, 1 no-go, 2 bad input (or the source unreachable)."
        },
        description =
                "Checks, read-only, that the import of your CNPG Cluster manifest can work against the live source: go or no-go with fixes.")
public final class PreflightCommand implements Callable<Integer> {

    @Option(
            names = "--manifest",
            paramLabel = "FILE",
            required = true,
            description = "your CNPG Cluster manifest (with bootstrap.initdb.import and externalClusters)")
    Path manifest;

    @Mixin
    SourceOptions source = new SourceOptions();

    /** The earlier spelling of --output: table (text) or json. */
    @Option(names = "--format", hidden = true, paramLabel = "table|json")
    String format;

    @Option(
            names = "--long-transaction",
            paramLabel = "DURATION",
            description = "how long a transaction runs before it counts as long-running, such as 300s or 5m "
                    + "(a bare number is seconds; default: 5m)")
    String longTransaction;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(
            names = "--operator-default-image",
            paramLabel = "IMAGE",
            description =
                    "the operand image the operator uses when the manifest has no imageName (default: ${DEFAULT-VALUE})",
            defaultValue = ClusterManifest.OPERATOR_DEFAULT_IMAGE)
    String defaultImage;

    @Override
    public Integer call() {
        if (format != null && !format.equals("table") && !format.equals("json")) {
            throw new BadInputException("--format " + format + " is unknown: use --output text or --output json");
        }
        if ("json".equals(format)) {
            output.output = OutputOptions.Format.json;
        }
        Console console = output.console();
        Duration longRunning = longTransaction == null
                ? Duration.ofMinutes(5)
                : Durations.parse("--long-transaction", longTransaction, "s");
        InputFiles.readableFile("--manifest", manifest);
        ClusterManifest m = ManifestReader.read(manifest);
        PgConnection origin = source.connection(m.importSource(), manifest, console.detail());
        PreflightOptions options = new PreflightOptions(defaultImage, longRunning);
        PreflightReport report = Preflight.run(m, origin, options);
        for (String id : List.of(Connectivity.DNS, Connectivity.TCP)) {
            Check c = report.check(id).orElse(null);
            if (c != null && c.failed()) {
                throw new BadInputException("source unreachable: " + c.measured() + " (" + c.fix() + ")");
            }
        }
        List<String> secrets = new ArrayList<>();
        secrets.add(origin.password());
        if (console.json()) {
            console.human().println(report.go() ? "preflight: go" : "preflight: no-go");
            console.result().print(PreflightPrinter.json(report, secrets));
            console.result().flush();
        } else {
            console.human().print(PreflightPrinter.table(report, secrets));
            console.human().flush();
        }
        return report.go() ? 0 : 1;
    }
}
