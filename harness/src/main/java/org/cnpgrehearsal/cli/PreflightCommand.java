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
import org.cnpgrehearsal.util.PgConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code preflight}: the seed's checklist, read-only, against a live source and your Cluster manifest. Exit 0 go,
 * 1 no-go, 2 bad input (missing or invalid manifest, unparseable URL, missing files, unreachable host).
 */
@Command(
        name = "preflight",
        mixinStandardHelpOptions = true,
        description =
                "Checks, read-only, that the import of your CNPG Cluster manifest can work against the live source: go or no-go with fixes.")
public final class PreflightCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--manifest",
            required = true,
            description = "your CNPG Cluster manifest (with bootstrap.initdb.import and externalClusters)")
    Path manifest;

    @Mixin
    SourceOptions source = new SourceOptions();

    @Option(names = "--format", description = "table or json (default: ${DEFAULT-VALUE})", defaultValue = "table")
    String format;

    @Option(
            names = "--long-transaction",
            description = "seconds after which a transaction counts as long-running (default: ${DEFAULT-VALUE})",
            defaultValue = "300")
    long longTransactionSeconds;

    @Option(
            names = "--operator-default-image",
            description =
                    "the operand image the operator uses when the manifest has no imageName (default: ${DEFAULT-VALUE})",
            defaultValue = ClusterManifest.OPERATOR_DEFAULT_IMAGE)
    String defaultImage;

    @Override
    public Integer call() {
        if (!format.equals("table") && !format.equals("json")) {
            throw new BadInputException("--format " + format + " is unknown: use table or json");
        }
        ClusterManifest m = ManifestReader.read(manifest);
        PgConnection origin = source.connection(m.importSource(), manifest);
        PreflightOptions options = new PreflightOptions(defaultImage, Duration.ofSeconds(longTransactionSeconds));
        PreflightReport report = Preflight.run(m, origin, options);
        for (String id : List.of(Connectivity.DNS, Connectivity.TCP)) {
            Check c = report.check(id).orElse(null);
            if (c != null && c.failed()) {
                throw new BadInputException("source unreachable: " + c.measured() + " (" + c.fix() + ")");
            }
        }
        List<String> secrets = new ArrayList<>();
        secrets.add(origin.password());
        String text = format.equals("json")
                ? PreflightPrinter.json(report, secrets)
                : PreflightPrinter.table(report, secrets);
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return report.go() ? 0 : 1;
    }
}
