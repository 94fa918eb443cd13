package org.cnpgrehearsal.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cnpgrehearsal.engine.Comparison;
import org.cnpgrehearsal.engine.RehearsalRun;
import org.cnpgrehearsal.engine.RunOptions;
import org.cnpgrehearsal.estimate.Candidate;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.estimate.TargetCluster;
import org.cnpgrehearsal.fix.FixLoop;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.report.TuneView;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.strategy.StrategyOptions;
import org.cnpgrehearsal.tune.TuneRun;
import org.cnpgrehearsal.util.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rehearse}: one scenario, all of them, or one scenario at several sizes; reports written; with a production
 * size, the estimate of the window. Every input is checked before anything starts ({@link RehearseInputs}). Exit 0
 * when every rehearsal met its scenario's expectation.
 */
@Command(
        name = "rehearse",
        mixinStandardHelpOptions = true,
        description =
                "Rehearses the import of your CNPG Cluster manifest: provisions, seeds, imports, verifies, reports.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  rehearse --manifest database-cnpg.yaml                 the happy path with your manifest, 100 MB",
            "  rehearse --manifest database-cnpg.yaml --fix           walk a failing manifest to a proven fix",
            "  rehearse --manifest database-cnpg.yaml --tune --size 500MB   the fastest variant that still passes",
            "  rehearse --all --junit target/rehearsal.xml            every scenario, the matrix as JUnit tests",
            "  rehearse --sizes 100MB,200MB,400MB --production-size 250GB   a sweep and the production window",
            "  rehearse --fixture prod-schema.dump --output json      your own data; one JSON document on stdout",
            "  rehearse --platform kubernetes --context staging       on your staging cluster",
            "  rehearse --strategy online --write-rate 100            logical replication under a write load",
            "  rehearse --compare --size 200MB                        offline, online and physical side by side",
            "",
            "Options a team sets once go in cnpg-rehearsal.yaml (see --config). Exit codes: 0 every rehearsal met "
                    + "its expectation, 1 one did not, 2 bad input, 130 interrupted."
        })
public final class RehearseCommand implements Callable<Integer> {

    /** With --fix, the source as Zalando leaves it: standby without grants, Spilo's extensions, large objects. */
    static final String FIX_DEFAULT_SCENARIO = "seed-as-written";

    static final String DEFAULT_SIZE = "100MB";

    @Option(
            names = "--scenario",
            paramLabel = "NAME|FILE",
            description = "scenario name or YAML file (default: happy-path, with --fix: " + FIX_DEFAULT_SCENARIO
                    + "; see: scenarios list)")
    String scenario;

    @Option(
            names = "--fix",
            description =
                    "rehearse, diagnose, apply the remedy, rehearse again until it passes; writes "
                            + "database-cnpg.fixed.yaml, its diff and source-prep.sql into the report folder (your file is never changed)")
    boolean fix;

    @Option(
            names = "--tune",
            description = "rehearse the import's own knobs (pg_dump --jobs and compression, pg_restore --jobs, "
                    + "maintenance_work_mem, ...) on one seeded source, alternating and repeated; writes "
                    + "database-cnpg.tuned.yaml (the fastest variant that passes) and its diff into the report folder")
    boolean tune;

    @Option(
            names = "--tune-repeats",
            paramLabel = "N",
            description = "with --tune: runs of each variant (default: " + TuneRun.DEFAULT_REPEATS
                    + "; 2 or more, to measure the noise)")
    Integer tuneRepeats;

    @Option(names = "--all", description = "rehearse every scenario in turn, then print the matrix")
    boolean all;

    @Option(
            names = "--manifest",
            paramLabel = "FILE",
            description =
                    "your CNPG Cluster manifest (default: the scenario's, else fixtures/manifests/database-cnpg.yaml)")
    Path manifest;

    @Option(
            names = "--size",
            paramLabel = "SIZE",
            description = "fixture size, such as 50MB or 2GB (default: " + DEFAULT_SIZE + ")")
    String size;

    @Option(
            names = "--sizes",
            paramLabel = "SIZE",
            split = ",",
            description = "rehearse at each of these sizes (a sweep, for the estimate), such as 100MB,200MB,400MB")
    List<String> sizes;

    @Option(
            names = "--report-dir",
            paramLabel = "DIR",
            description = "the report folder of one rehearsal; with --all, --sizes and --fix the folder that "
                    + "receives one <timestamp>-<scenario> folder per rehearsal (default: reports/)")
    Path reportDir;

    @Option(
            names = "--junit",
            paramLabel = "FILE",
            description = "also write the rehearsals as a JUnit XML test suite (one test case per scenario), for CI")
    Path junit;

    @Option(names = "--keep", description = "leave the servers running and print how to connect (one rehearsal)")
    boolean keep;

    @Option(
            names = "--pg-bin",
            paramLabel = "DIR",
            description =
                    "folder with pg_dump and pg_restore (default: the newest found on PATH or under /usr/lib/postgresql)")
    Path pgBin;

    @Option(
            names = "--fixture",
            paramLabel = "FILE|DIR",
            description = "seed from your own SQL file or pg_dump archive (custom or tar file, or directory with "
                    + "toc.dat) instead of the default fixture")
    Path fixtureFile;

    @Option(
            names = "--fixture-profile",
            paramLabel = "FILE",
            description = "seed a production-shaped fixture synthesized from a schema profile (profile --with-schema)")
    Path fixtureProfile;

    @Option(
            names = "--scale",
            paramLabel = "FRACTION",
            description = "with --fixture-profile: the fraction of production's rows to synthesize (default: 0.01)")
    Double scale;

    @Mixin
    PlatformOptions platform = new PlatformOptions();

    @Option(
            names = "--fixture-roles",
            paramLabel = "create|stop",
            description =
                    "with --fixture: roles it names that the source lacks are created NOLOGIN (create, the default)"
                            + " or stop the run before provisioning with their list (stop)",
            defaultValue = "create")
    String fixtureRoles;

    @Option(
            names = "--app-role",
            paramLabel = "ROLE",
            description = "the application's role, which verification judges (default: the owner of the database:"
                    + " as your dump sets it, else the manifest's first imported role)")
    String appRole;

    @Option(
            names = "--strategy",
            paramLabel = "PATH",
            description = "the migration path: offline (CNPG's import, the default), online (logical replication: "
                    + "schema-only import, publication, Subscription, cutover) or physical (pg_basebackup into a "
                    + "replica cluster, promoted at cutover); a scenario that names one keeps its own")
    String strategy;

    @Option(
            names = "--compare",
            description = "rehearse offline, online and physical on the same data and write one comparison report: "
                    + "which has the shorter downtime, by how much, and what each needs on the source first")
    boolean compare;

    @Option(
            names = "--write-rate",
            paramLabel = "N",
            description = "online and physical: the application's writes against the source during the copy, "
                    + "statements a second (default: " + StrategyOptions.DEFAULT_WRITE_RATE + "; 0 for none)")
    Integer writeRate;

    @Option(
            names = "--write-duration",
            paramLabel = "DURATION",
            description = "online and physical: how long the writes run before the cutover, at least (default: "
                    + "10s; the cutover waits for the copy too)")
    String writeDuration;

    @Mixin
    EstimateInputs estimate = new EstimateInputs();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() throws Exception {
        Console console = output.console();
        RehearseInputs inputs = RehearseInputs.check(this, console);
        try (ConsoleProgress progress = new ConsoleProgress(console)) {
            return rehearse(inputs, console, progress);
        }
    }

    private int rehearse(RehearseInputs inputs, Console console, ConsoleProgress progress) throws Exception {
        boolean sweep = inputs.fixtureSizes().size() > 1;
        RehearsalRun run = new RehearsalRun(
                new RunOptions(
                        inputs.platform(),
                        manifest,
                        reportDir,
                        all || sweep || fix || compare,
                        keep,
                        pgBin,
                        inputs.fixture(),
                        appRole,
                        inputs.strategy()),
                console.detail(),
                progress);
        if (tune) {
            return tune(inputs, run, console, progress);
        }
        List<RehearsalRun.Outcome> outcomes = new ArrayList<>();
        Estimate estimated = null;
        if (compare) {
            Comparison.Result compared = new Comparison(run, console.detail())
                    .run(inputs.scenarios().get(0), inputs.fixtureSizes().get(0));
            outcomes.addAll(compared.outcomes());
            console.human().println();
            compared.headline().forEach(console.human()::println);
            console.human().println("comparison: " + compared.report());
        } else if (fix) {
            outcomes.add(new FixLoop(run, console.detail())
                    .run(inputs.scenarios().get(0), inputs.fixtureSizes().get(0)));
        } else if (sweep) {
            Scenario s = inputs.scenarios().get(0);
            Sweep.Result result = new Sweep(run, estimate, console.human())
                    .run(s, inputs.fixtureSizes(), run.newReportFolder(s.name() + "-sweep"));
            outcomes.addAll(result.outcomes());
            estimated = result.estimate();
        } else {
            for (Scenario s : inputs.scenarios()) {
                RehearsalRun single = estimate.given() && !all
                        ? run.finishingWith(r -> withEstimate(r, run.manifest(s), s.name()))
                        : run;
                outcomes.add(single.run(s, inputs.fixtureSizes().get(0)));
            }
        }
        List<RehearsalReport> reports =
                outcomes.stream().map(RehearsalRun.Outcome::report).toList();
        if (console.quiet()) {
            outcomes.forEach(o -> console.human().println(verdict(o)));
        }
        if (all) {
            Matrix.print(reports, console.human(), console);
        }
        boolean passed = reports.stream().allMatch(RehearsalReport::reproduced);
        if (junit != null) {
            JunitReport.write(junit, "cnpg-rehearsal rehearse" + (all ? " --all" : ""), outcomes);
            console.detail().println("JUnit: " + junit);
        }
        if (console.json()) {
            console.printJson(JsonDocuments.rehearse(outcomes, estimated, passed));
        }
        return passed ? 0 : 1;
    }

    /** --tune: the variants rehearsed on one seeded source; exit 0 when the manifest as written and the tuned one pass. */
    private int tune(RehearseInputs inputs, RehearsalRun run, Console console, ConsoleProgress progress)
            throws Exception {
        Scenario scenario = inputs.scenarios().get(0);
        ClusterManifest m = run.manifest(scenario);
        TuneRun.Outcome o = new TuneRun(
                        run,
                        console.detail(),
                        progress,
                        new TuneRun.Settings(
                                tuneRepeats == null ? TuneRun.DEFAULT_REPEATS : tuneRepeats,
                                estimate.given()
                                        ? reports -> estimate.estimate(
                                                reports.stream()
                                                        .map(r -> new Candidate(
                                                                r.scenario(), r.reportVersion(), r.facts()))
                                                        .toList(),
                                                TargetCluster.of(m))
                                        : null))
                .run(scenario, inputs.fixtureSizes().get(0));
        if (console.quiet()) {
            console.human()
                    .println("tune: " + TuneView.headline(o.report()) + " Report: "
                            + o.dir().resolve("report.md"));
        }
        if (!estimate.given()) {
            console.detail()
                    .println(
                            "(pass --production-size SIZE or --profile FILE to estimate the production window of both)");
        }
        if (console.json()) {
            console.printJson(JsonDocuments.tune(o));
        }
        return o.passed() ? 0 : 1;
    }

    /** One line a rehearsal for --quiet: the verdict and where the report is. */
    static String verdict(RehearsalRun.Outcome o) {
        Matrix.Row row = Matrix.Row.of(o.report());
        return row.scenario() + ": " + row.observed() + " (expected " + row.expected() + "): "
                + (row.reproduced() ? "expectation met" : "EXPECTATION NOT MET") + "; report: "
                + o.dir().resolve("report.md");
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
