package org.cnpgrehearsal.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cnpgrehearsal.cli.Console;
import org.cnpgrehearsal.cli.ConsoleProgress;
import org.cnpgrehearsal.engine.PlatformChoice;
import org.cnpgrehearsal.engine.RehearsalRun;
import org.cnpgrehearsal.engine.RunOptions;
import org.cnpgrehearsal.estimate.Backtest;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.scenario.ScenarioCatalog;
import org.cnpgrehearsal.util.Sizes;

/**
 * How good is the estimate? Rehearses the happy path at three sizes, fits the model, predicts a size eight times the
 * largest, rehearses that size, and prints the prediction error of the total import time (target: within 15 %).
 * Usage: {@code java -cp harness/target/cnpg-rehearsal.jar:harness/target/cnpg-rehearsal-tests.jar org.cnpgrehearsal.bench.EstimateBenchmark [S1,S2,S3]}.
 */
public final class EstimateBenchmark {

    public static void main(String[] args) throws Exception {
        List<Long> sizes = new ArrayList<>();
        for (String s : (args.length > 0 ? args[0] : "25MB,50MB,100MB").split(",")) {
            sizes.add(Sizes.parse(s));
        }
        long target = 8 * sizes.get(sizes.size() - 1);
        Path reports = Files.createTempDirectory("estimate-benchmark-");
        RehearsalRun run = new RehearsalRun(
                new RunOptions(PlatformChoice.local(), null, null, true, false, null, true, null, null),
                System.out,
                new ConsoleProgress(Console.text(System.out)));
        Scenario happy = ScenarioCatalog.builtIn().find(ScenarioCatalog.DEFAULT);
        List<RehearsalReport> training = new ArrayList<>();
        for (long size : sizes) {
            training.add(run.run(happy, run.manifest(happy), size, reports.resolve("fit-" + size))
                    .report());
        }
        RehearsalReport actual = run.run(happy, run.manifest(happy), target, reports.resolve("actual-" + target))
                .report();
        Backtest.Result result = Backtest.run(training, actual);
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "fitted on %s, predicted %s (8x the largest)%n",
                sizes.stream().map(Sizes::human).toList(),
                Sizes.human(target));
        System.out.println(result.summary());
        System.out.println("reports: " + reports);
    }

    private EstimateBenchmark() {}
}
