package org.cnpgrehearsal.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cnpgrehearsal.cli.Console;
import org.cnpgrehearsal.cli.ConsoleProgress;
import org.cnpgrehearsal.engine.PlatformChoice;
import org.cnpgrehearsal.engine.RehearsalRun;
import org.cnpgrehearsal.engine.RunOptions;
import org.cnpgrehearsal.estimate.Backtest;
import org.cnpgrehearsal.estimate.Candidate;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.scenario.ScenarioCatalog;
import org.cnpgrehearsal.util.OsUser;
import org.cnpgrehearsal.util.Processes;
import org.cnpgrehearsal.util.Sizes;

/**
 * How good are the phase models? Rehearses the happy path at a few sizes, then a size FACTOR times the largest (25 by
 * default), then the few sizes again (so that a change of the machine's load during the run weighs on both sides),
 * fits the models on the small ones, predicts the large one, and prints each phase side by side: predicted range,
 * central, measured, error, and whether the range holds it. The machine may be shared: the load (uptime) is printed
 * before and after. Usage: {@code java -cp harness/target/cnpg-rehearsal.jar:harness/target/cnpg-rehearsal-tests.jar
 * org.cnpgrehearsal.bench.EstimateBenchmark [S1,S2,S3] [FACTOR]}.
 */
public final class EstimateBenchmark {

    public static void main(String[] args) throws Exception {
        List<Long> sizes = new ArrayList<>();
        for (String s : (args.length > 0 ? args[0] : "20MB,40MB,80MB").split(",")) {
            sizes.add(Sizes.parse(s));
        }
        int factor = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        long target = factor * sizes.get(sizes.size() - 1);
        String loadBefore = uptime();
        Path reports = Files.createTempDirectory("estimate-benchmark-");
        RehearsalRun run = new RehearsalRun(
                new RunOptions(PlatformChoice.local(), null, null, true, false, null, null, null),
                System.out,
                new ConsoleProgress(Console.text(System.out)));
        Scenario happy = ScenarioCatalog.builtIn().find(ScenarioCatalog.DEFAULT);
        ClusterManifest manifest = run.manifest(happy);
        List<Candidate> training = new ArrayList<>();
        rehearse(run, happy, manifest, sizes, reports.resolve("fit-before"), training);
        RehearsalReport actual =
                run.run(happy, manifest, target, reports.resolve("actual")).report();
        rehearse(run, happy, manifest, sizes, reports.resolve("fit-after"), training);
        Backtest.Result result = Backtest.run(training, candidate(actual));
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "fitted on %s, each before and after, predicted %s (%dx the largest), milliseconds:%n",
                sizes.stream().map(Sizes::human).toList(),
                Sizes.human(target),
                factor);
        System.out.print(result.table());
        System.out.println("load before: " + loadBefore);
        System.out.println("load after:  " + uptime());
        System.out.println("reports: " + reports);
    }

    private static void rehearse(
            RehearsalRun run,
            Scenario scenario,
            ClusterManifest manifest,
            List<Long> sizes,
            Path dir,
            List<Candidate> into)
            throws Exception {
        for (long size : sizes) {
            into.add(candidate(run.run(
                            scenario,
                            manifest,
                            size,
                            dir.resolve(Sizes.human(size).replace(" ", "")))
                    .report()));
        }
    }

    private static Candidate candidate(RehearsalReport r) {
        return new Candidate(Sizes.human(r.facts().databaseBytes()), r.reportVersion(), r.facts());
    }

    private static String uptime() throws Exception {
        return String.join(" ", Processes.check(OsUser.SELF, List.of("uptime"), Map.of()))
                .strip();
    }

    private EstimateBenchmark() {}
}
