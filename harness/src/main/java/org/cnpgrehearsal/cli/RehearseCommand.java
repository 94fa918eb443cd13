package org.cnpgrehearsal.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cnpgrehearsal.engine.RehearsalRun;
import org.cnpgrehearsal.engine.RunOptions;
import org.cnpgrehearsal.estimate.Candidate;
import org.cnpgrehearsal.estimate.TargetCluster;
import org.cnpgrehearsal.fix.FixLoop;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.scenario.ScenarioCatalog;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rehearse}: one scenario, all of them, or one scenario at several sizes; reports written; with a production
 * size, the estimate of the window. Exit 0 when every rehearsal met its scenario's expectation.
 */
@Command(
        name = "rehearse",
        mixinStandardHelpOptions = true,
        description =
                "Rehearses the import of your CNPG Cluster manifest: provisions, seeds, imports, verifies, reports.")
public final class RehearseCommand implements Callable<Integer> {

    /** With --fix, the source as Zalando leaves it: standby without grants, Spilo's extensions, large objects. */
    static final String FIX_DEFAULT_SCENARIO = "seed-as-written";

    /** Below this the Spilo template objects alone would exceed the fixture. */
    private static final long MIN_FIXTURE_BYTES = 10_000_000L;

    @Option(
            names = "--scenario",
            description = "scenario name or YAML file (default: happy-path, with --fix: " + FIX_DEFAULT_SCENARIO
                    + "; see: scenarios list)")
    String scenario;

    @Option(
            names = "--fix",
            description =
                    "rehearse, diagnose, apply the remedy, rehearse again until it passes; writes "
                            + "database-cnpg.fixed.yaml, its diff and source-prep.sql into the report folder (your file is never changed)")
    boolean fix;

    @Option(names = "--all", description = "rehearse every scenario in turn, then print the matrix")
    boolean all;

    @Mixin
    PlatformOptions platform = new PlatformOptions();

    @Option(
            names = "--manifest",
            description =
                    "your CNPG Cluster manifest (default: the scenario's, else fixtures/manifests/database-cnpg.yaml)")
    Path manifest;

    @Option(
            names = "--size",
            description = "fixture size, such as 50MB or 2GB (default: ${DEFAULT-VALUE})",
            defaultValue = "100MB")
    String size;

    @Option(
            names = "--sizes",
            split = ",",
            description = "rehearse at each of these sizes (a sweep, for the estimate), such as 100MB,200MB,400MB")
    List<String> sizes;

    @Option(
            names = "--report-dir",
            description = "where to write the report (default: reports/<timestamp>-<scenario>/)")
    Path reportDir;

    @Option(names = "--keep", description = "leave the servers running and print how to connect")
    boolean keep;

    @Option(
            names = "--pg-bin",
            description =
                    "folder with pg_dump and pg_restore (default: the newest found on PATH or under /usr/lib/postgresql)")
    Path pgBin;

    @Option(
            names = "--fixture",
            description = "seed from your own SQL file or pg_dump archive instead of the default fixture")
    Path fixtureFile;

    @Option(
            names = "--fixture-profile",
            description = "seed a production-shaped fixture synthesized from a schema profile (profile --with-schema)")
    Path fixtureProfile;

    @Option(
            names = "--scale",
            description =
                    "with --fixture-profile: the fraction of production's rows to synthesize (default: ${DEFAULT-VALUE})",
            defaultValue = "0.01")
    double scale;

    @Mixin
    EstimateInputs estimate = new EstimateInputs();

    @Override
    public Integer call() throws Exception {
        List<Long> fixtureSizes = fixtureSizes();
        estimate.validate();
        if ((all || fixtureSizes.size() > 1) && reportDir != null) {
            throw new BadInputException(
                    "--report-dir names one folder, but --all and --sizes write one report per rehearsal: leave it out");
        }
        if (all && sizes != null) {
            throw new BadInputException("--all and --sizes do not go together: sweep one scenario at a time");
        }
        if (fix && (all || fixtureSizes.size() > 1)) {
            throw new BadInputException("--fix works on one scenario at one size: leave out --all and --sizes");
        }
        ScenarioCatalog catalog = ScenarioCatalog.builtIn();
        String name = scenario != null ? scenario : fix ? FIX_DEFAULT_SCENARIO : ScenarioCatalog.DEFAULT;
        List<Scenario> scenarios = all ? catalog.all() : List.of(catalog.find(name));
        if (fixtureFile != null && fixtureProfile != null) {
            throw new BadInputException("--fixture and --fixture-profile both choose the fixture: pass one");
        }
        if ((fixtureFile != null || fixtureProfile != null) && (sizes != null || all)) {
            throw new BadInputException(
                    "--fixture and --fixture-profile set the data themselves: leave out --sizes and --all");
        }
        RunOptions.FixtureChoice fixture = fixtureFile == null && fixtureProfile == null
                ? null
                : new RunOptions.FixtureChoice(fixtureFile, fixtureProfile, scale);
        RehearsalRun run = new RehearsalRun(
                new RunOptions(platform.choose(System.out), manifest, reportDir, keep, pgBin, fixture),
                System.out,
                new ConsoleProgress(System.out));
        if (fix) {
            return new FixLoop(run, System.out)
                            .run(scenarios.get(0), fixtureSizes.get(0))
                            .report()
                            .succeeded()
                    ? 0
                    : 1;
        }
        List<RehearsalRun.Outcome> outcomes = new ArrayList<>();
        if (fixtureSizes.size() > 1) {
            Scenario s = scenarios.get(0);
            outcomes.addAll(new Sweep(run, estimate, System.out).run(s, fixtureSizes, Sweep.newFolder(s)));
        } else {
            for (Scenario s : scenarios) {
                RehearsalRun single = estimate.given() && !all
                        ? run.finishingWith(r -> withEstimate(r, run.manifest(s), s.name()))
                        : run;
                outcomes.add(single.run(s, fixtureSizes.get(0)));
            }
        }
        List<RehearsalReport> reports =
                outcomes.stream().map(RehearsalRun.Outcome::report).toList();
        if (all) {
            Matrix.print(reports, System.out);
        }
        return reports.stream().allMatch(RehearsalReport::reproduced) ? 0 : 1;
    }

    private List<Long> fixtureSizes() {
        List<String> texts = sizes == null ? List.of(size) : sizes;
        List<Long> bytes = new ArrayList<>();
        for (String t : texts) {
            long b = Sizes.parse(t);
            if (b < MIN_FIXTURE_BYTES) {
                throw new BadInputException("fixture size " + t
                        + " is too small: the Spilo template objects alone take about 8 MB; use 10MB or more");
            }
            bytes.add(b);
        }
        return bytes;
    }

    /**
     * The estimate from one rehearsal, in its report (so that the verdict judges production); a rehearsal it cannot
     * use (a failure) keeps its report, with a note saying why there is no estimate.
     */
    private RehearsalReport withEstimate(RehearsalReport r, ClusterManifest m, String label) {
        try {
            return r.withEstimate(estimate.estimate(
                    List.of(new Candidate(label, r.reportVersion(), r.facts())), TargetCluster.of(m)));
        } catch (BadInputException e) {
            return r.withNote("No production estimate: " + e.getMessage());
        }
    }
}
