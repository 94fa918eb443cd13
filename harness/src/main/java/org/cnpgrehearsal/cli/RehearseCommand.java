package org.cnpgrehearsal.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cnpgrehearsal.engine.RehearsalRun;
import org.cnpgrehearsal.engine.RunOptions;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.scenario.ScenarioCatalog;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rehearse}: one scenario, or all of them, on one platform; reports written; exit 0 when every expectation was met. */
@Command(name = "rehearse", mixinStandardHelpOptions = true,
        description = "Rehearses the import of your CNPG Cluster manifest: provisions, seeds, imports, verifies, reports.")
public final class RehearseCommand implements Callable<Integer> {

    @Option(names = "--scenario", description = "scenario name or YAML file (default: ${DEFAULT-VALUE}; see: scenarios list)",
            defaultValue = ScenarioCatalog.DEFAULT)
    String scenario;

    @Option(names = "--all", description = "rehearse every scenario in turn, then print the matrix")
    boolean all;

    @Option(names = "--platform", description = "auto, local, k3s or kubernetes (default: ${DEFAULT-VALUE})", defaultValue = "auto")
    String platform;

    @Option(names = "--manifest", description = "your CNPG Cluster manifest (default: the scenario's, else fixtures/manifests/database-cnpg.yaml)")
    Path manifest;

    @Option(names = "--size", description = "fixture size, such as 50MB or 2GB (default: ${DEFAULT-VALUE})", defaultValue = "100MB")
    String size;

    @Option(names = "--report-dir", description = "where to write the report (default: reports/<timestamp>-<scenario>/)")
    Path reportDir;

    @Option(names = "--keep", description = "leave the servers running and print how to connect")
    boolean keep;

    @Option(names = "--pg-bin", description = "folder with pg_dump and pg_restore (default: the newest found on PATH or under /usr/lib/postgresql)")
    Path pgBin;

    @Override
    public Integer call() throws Exception {
        long bytes = Sizes.parse(size);
        if (bytes < 10_000_000L) {
            throw new BadInputException("--size " + size + " is too small: the Spilo template objects alone take about 8 MB; use 10MB or more");
        }
        RunOptions options = new RunOptions(platform, manifest, bytes,
                reportDir, keep, pgBin);
        ScenarioCatalog catalog = ScenarioCatalog.builtIn();
        List<Scenario> scenarios = all ? catalog.all() : List.of(catalog.find(scenario));
        if (all && reportDir != null) {
            throw new BadInputException("--report-dir names one folder, but --all writes one report per scenario: leave it out with --all");
        }
        List<RehearsalReport> reports = new ArrayList<>();
        for (Scenario s : scenarios) {
            reports.add(new RehearsalRun(options, System.out).run(s));
        }
        if (all) {
            Matrix.print(reports, System.out);
        }
        return reports.stream().allMatch(RehearsalReport::reproduced) ? 0 : 1;
    }
}
