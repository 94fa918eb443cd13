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
import org.cnpgrehearsal.report.Format;
import org.cnpgrehearsal.report.TuneReport;
import org.cnpgrehearsal.report.TuneView;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.scenario.ScenarioCatalog;
import org.cnpgrehearsal.tune.TuneRun;
import org.cnpgrehearsal.util.Sizes;

/**
 * What tuning gains: rehearse --tune of the default manifest at two sizes, and at each the import time of the tuned
 * manifest over the manifest as written, both measured in that one run (the same seeded source, alternating, over the
 * same rounds). Usage: {@code java -cp harness/target/cnpg-rehearsal.jar:harness/target/cnpg-rehearsal-tests.jar
 * org.cnpgrehearsal.bench.TuneBenchmark [S1,S2] [REPEATS]}.
 */
public final class TuneBenchmark {

    public static void main(String[] args) throws Exception {
        List<Long> sizes = new ArrayList<>();
        for (String s : (args.length > 0 ? args[0] : "200MB,500MB").split(",")) {
            sizes.add(Sizes.parse(s));
        }
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : TuneRun.DEFAULT_REPEATS;
        Path reports = Files.createTempDirectory("tune-benchmark-");
        RehearsalRun run = new RehearsalRun(
                new RunOptions(PlatformChoice.local(), null, reports, true, false, null, null, null),
                System.out,
                new ConsoleProgress(Console.text(System.out)));
        Scenario happy = ScenarioCatalog.builtIn().find(ScenarioCatalog.DEFAULT);
        List<String> lines = new ArrayList<>();
        for (long size : sizes) {
            TuneRun.Outcome o = new TuneRun(
                            run,
                            System.out,
                            new ConsoleProgress(Console.text(System.out)),
                            new TuneRun.Settings(repeats, null))
                    .run(happy, size);
            TuneReport r = o.report();
            TuneReport.VariantResult tuned = TuneView.tuned(r);
            TuneReport.VariantResult asWritten = r.variants().stream()
                    .filter(v -> v.changes().isEmpty())
                    .findFirst()
                    .orElseThrow();
            double ratio = tuned.changePercent() == null ? 1.0 : 1 + tuned.changePercent() / 100;
            lines.add(String.format(
                    Locale.ROOT,
                    "%s (%s seeded): tuned = %s; import, median: as written %s (%s), tuned %s (%s); tuned / as written"
                            + " %.3f; tune took %s, load average %s -> %s",
                    Sizes.human(size),
                    Sizes.human(r.sourceDatabaseBytes()),
                    tuned.name(),
                    Format.duration(asWritten.medianMs()),
                    TuneView.range(asWritten),
                    Format.duration(tuned.medianMs()),
                    TuneView.range(tuned),
                    ratio,
                    Format.duration(r.durationMs()),
                    r.machine().loadBefore(),
                    r.machine().loadAfter()));
        }
        System.out.println();
        System.out.println("tuned manifest over the manifest as written, each measured in one tune (same source, "
                + "alternating):");
        lines.forEach(System.out::println);
        System.out.println("reports: " + reports);
    }

    private TuneBenchmark() {}
}
