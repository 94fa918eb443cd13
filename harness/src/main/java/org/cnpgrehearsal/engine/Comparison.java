package org.cnpgrehearsal.engine;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.report.ComparisonReport;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.strategy.Strategy;
import org.cnpgrehearsal.strategy.StrategyOptions;

/**
 * {@code rehearse --compare}: the scenario rehearsed along each migration path in turn, each on a fresh source seeded
 * with the same deterministic fixture, into {@code <folder>/<strategy>/}; then one comparison report in the folder.
 */
public final class Comparison {

    /** The rehearsals, the comparison's first lines, and where its Markdown report is. */
    public record Result(List<RehearsalRun.Outcome> outcomes, List<String> headline, Path report) {}

    private final RehearsalRun run;
    private final PrintStream out;

    public Comparison(RehearsalRun run, PrintStream out) {
        this.run = run;
        this.out = out;
    }

    public Result run(Scenario scenario, long fixtureBytes) throws Exception {
        Path dir = run.reportDir(scenario.withName(scenario.name() + "-compare"));
        ClusterManifest manifest = run.manifest(scenario);
        StrategyOptions base = run.strategy(scenario);
        List<RehearsalRun.Outcome> outcomes = new ArrayList<>();
        List<ComparisonReport.Entry> entries = new ArrayList<>();
        for (Strategy s : Strategy.values()) {
            out.println();
            RehearsalRun.Outcome o = run.run(
                    scenario,
                    manifest,
                    fixtureBytes,
                    Files.createDirectories(dir.resolve(s.yaml())),
                    base.withStrategy(s));
            outcomes.add(o);
            entries.add(new ComparisonReport.Entry(s.yaml(), o.report(), s.yaml()));
        }
        List<String> headline = ComparisonReport.write(scenario.name(), fixtureBytes, entries, dir);
        return new Result(outcomes, headline, dir.resolve(ComparisonReport.MARKDOWN));
    }
}
