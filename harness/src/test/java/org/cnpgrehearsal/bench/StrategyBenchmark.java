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
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.scenario.ScenarioCatalog;
import org.cnpgrehearsal.strategy.Strategy;
import org.cnpgrehearsal.strategy.StrategyFacts;
import org.cnpgrehearsal.strategy.StrategyOptions;
import org.cnpgrehearsal.util.Sizes;

/**
 * Is the online path's downtime really shorter, and does the gap grow with the data? Rehearses the happy path offline
 * and online side by side in one run, at each of two sizes (offline, online, offline, online ...), and prints each
 * downtime and the ratio online / offline per size. Offline's downtime is the whole import; online's is the cutover
 * (writes stopped, zero lag, sequences, large objects, subscription dropped), under the default write load. Usage:
 * {@code java -cp harness/target/cnpg-rehearsal.jar:harness/target/cnpg-rehearsal-tests.jar
 * org.cnpgrehearsal.bench.StrategyBenchmark [S1,S2] [ROUNDS]}.
 */
public final class StrategyBenchmark {

    public static void main(String[] args) throws Exception {
        List<Long> sizes = new ArrayList<>();
        for (String s : (args.length > 0 ? args[0] : "50MB,200MB").split(",")) {
            sizes.add(Sizes.parse(s));
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path reports = Files.createTempDirectory("strategy-benchmark-");
        RehearsalRun run = new RehearsalRun(
                new RunOptions(PlatformChoice.local(), null, null, true, false, null, null, null),
                System.out,
                new ConsoleProgress(Console.text(System.out)));
        Scenario happy = ScenarioCatalog.builtIn().find(ScenarioCatalog.DEFAULT);
        StrategyOptions online = run.strategy(happy).withStrategy(Strategy.ONLINE);
        List<String> lines = new ArrayList<>();
        for (long size : sizes) {
            List<Long> offlineMs = new ArrayList<>();
            List<Long> onlineMs = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                offlineMs.add(downtime(run, happy, size, online.withStrategy(Strategy.OFFLINE), reports, r));
                onlineMs.add(downtime(run, happy, size, online, reports, r));
            }
            long off = median(offlineMs);
            long on = median(onlineMs);
            lines.add(String.format(
                    Locale.ROOT,
                    "%-8s offline downtime %8d ms, online downtime %6d ms (medians of %d): ratio online/offline %.3f",
                    Sizes.human(size),
                    off,
                    on,
                    rounds,
                    on / (double) off));
        }
        System.out.println();
        lines.forEach(System.out::println);
        System.out.println("reports: " + reports);
    }

    private static long downtime(RehearsalRun run, Scenario s, long size, StrategyOptions o, Path reports, int round)
            throws Exception {
        Path dir = Files.createDirectories(reports.resolve(o.strategy().yaml() + "-" + size + "-" + round));
        StrategyFacts f =
                run.run(s, run.manifest(s), size, dir, o).report().facts().strategy();
        if (f == null || f.downtimeMs() == null) {
            throw new IllegalStateException(o.strategy().yaml() + " at " + Sizes.human(size) + " did not pass: see "
                    + dir.resolve("report.md"));
        }
        return f.downtimeMs();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private StrategyBenchmark() {}
}
