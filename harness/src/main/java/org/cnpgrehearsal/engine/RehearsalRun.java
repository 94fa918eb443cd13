package org.cnpgrehearsal.engine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.cnpgrehearsal.fixture.Fixture;
import org.cnpgrehearsal.fixture.Fixtures;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ImportType;
import org.cnpgrehearsal.manifest.ManifestEditor;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.model.Credentials;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.platform.Platform;
import org.cnpgrehearsal.report.ConsoleSummary;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.report.ReportWriter;
import org.cnpgrehearsal.results.SourcePrep;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.source.ZalandoSource;
import org.cnpgrehearsal.strategy.Strategy;
import org.cnpgrehearsal.strategy.StrategyOptions;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.ClientTools;
import org.cnpgrehearsal.util.ProjectPaths;
import org.cnpgrehearsal.util.Shutdown;
import org.cnpgrehearsal.util.Sizes;

/**
 * Runs one scenario for the user: builds the plan from the options, picks the platform, runs the rehearsal, cleans
 * up (also on Ctrl-C), writes the report and prints the summary.
 */
public final class RehearsalRun {

    /** The manifest as the rehearsal applied it (the user's, with the scenario's changes), next to the report. */
    public static final String APPLIED_MANIFEST = "manifest.applied.yaml";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private final RunOptions options;
    private final PrintStream out;
    private final Timeline.Listener progress;
    /** Notes already printed by this run: --fix rounds and --all rehearsals say each once (the reports keep all). */
    private final Set<String> notesShown;

    private final UnaryOperator<RehearsalReport> finish;

    /** {@code progress} is told of every phase of every rehearsal of this run (the console's live view). */
    public RehearsalRun(RunOptions options, PrintStream out, Timeline.Listener progress) {
        this(options, out, progress, UnaryOperator.identity(), new HashSet<>());
    }

    private RehearsalRun(
            RunOptions options,
            PrintStream out,
            Timeline.Listener progress,
            UnaryOperator<RehearsalReport> finish,
            Set<String> notesShown) {
        this.options = options;
        this.out = out;
        this.progress = progress;
        this.finish = finish;
        this.notesShown = notesShown;
    }

    /** This run, with {@code finish} applied to each report before it is written and shown (the estimate of it). */
    public RehearsalRun finishingWith(UnaryOperator<RehearsalReport> f) {
        return new RehearsalRun(options, out, progress, f, notesShown);
    }

    /** A finished rehearsal: its report and the folder it was written to. */
    public record Outcome(RehearsalReport report, Path dir) {}

    /** Rehearses {@code scenario} with the manifest it names (see {@link #manifestFile}), into a new report folder. */
    public Outcome run(Scenario scenario, long fixtureBytes) throws Exception {
        return run(scenario, manifest(scenario), fixtureBytes, null);
    }

    /** The manifest a scenario rehearses: the file (see {@link #manifestFile}) with the scenario's image and import overrides. */
    public ClusterManifest manifest(Scenario scenario) {
        ClusterManifest manifest = ManifestReader.read(manifestFile(scenario));
        if (scenario.target().imageName() != null) {
            manifest = ManifestEditor.withImageName(manifest, scenario.target().imageName());
        }
        return scenario.target().importOverrides().isEmpty()
                ? manifest
                : ManifestEditor.withImport(manifest, scenario.target().importOverrides());
    }

    /** Rehearses {@code scenario} with {@code manifest} as given; the report goes to {@code dir}, or a new folder when null. */
    public Outcome run(Scenario scenario, ClusterManifest manifest, long fixtureBytes, Path dir) throws Exception {
        return run(scenario, manifest, fixtureBytes, dir, strategy(scenario));
    }

    /** The migration path a scenario rehearses: its own, else --strategy, else offline; with the write load's options. */
    public StrategyOptions strategy(Scenario scenario) {
        RunOptions.StrategyChoice c = options.strategy();
        return c == null
                ? StrategyOptions.of(scenario.migration(), null, null, null)
                : StrategyOptions.of(scenario.migration(), c.strategy(), c.writeRate(), c.writeDuration());
    }

    /** Rehearses {@code scenario} along the migration path {@code strategy}. */
    public Outcome run(
            Scenario scenario, ClusterManifest manifest, long fixtureBytes, Path dir, StrategyOptions strategy)
            throws Exception {
        Rehearsal.Result result =
                session(scenario, manifest, fixtureBytes, strategy, (rehearsal, platform) -> rehearsal.run());
        dir = Files.createDirectories(dir != null ? dir : reportDir(scenario));
        RehearsalReport report = finish.apply(result.report());
        ReportWriter.write(report, dir);
        Files.write(dir.resolve("import.log"), result.importLog());
        Files.writeString(dir.resolve(APPLIED_MANIFEST), result.appliedManifest());
        summary(report, dir);
        return new Outcome(report, dir);
    }

    /** What is done with a rehearsal once its platform exists: run it whole, or prepare it and import again and again. */
    @FunctionalInterface
    public interface Session<T> {
        T run(Rehearsal rehearsal, Platform platform) throws Exception;
    }

    /**
     * Builds the plan of {@code scenario} with {@code manifest}, says what is rehearsed, creates the platform, hands
     * the rehearsal to {@code body}, and stops and removes everything afterwards (also on Ctrl-C, unless --keep).
     */
    public <T> T session(
            Scenario scenario, ClusterManifest manifest, long fixtureBytes, StrategyOptions strategy, Session<T> body)
            throws Exception {
        PlatformChoice choice = options.platform();
        ClientTools tools = choice.usesLocalClientTools()
                ? ClientTools.find(options.pgBin(), scenario.target().major())
                : null;
        int targetMajor = tools != null
                ? tools.major()
                : scenario.target().major() != null
                        ? scenario.target().major()
                        : manifest.imageMajor()
                                .orElse(ClusterManifest.majorOf(ClusterManifest.OPERATOR_DEFAULT_IMAGE)
                                        .getAsInt());
        int sourceMajor = scenario.source().major() == null
                ? targetMajor
                : scenario.source().major();
        long bytes = scenario.fixture().size() == null
                ? fixtureBytes
                : Sizes.parse(scenario.fixture().size());
        Fixture fixture = fixture(scenario, bytes, tools);
        RehearsalPlan plan = new RehearsalPlan(
                scenario,
                manifest,
                bytes,
                sourceMajor,
                targetMajor,
                new Credentials(),
                options.keep(),
                appRole(manifest, fixture));
        fixture.check(ZalandoSource.roleNames(plan));
        out.println("rehearsal " + scenario.name()
                + (strategy.strategy() == Strategy.OFFLINE
                        ? ""
                        : " (" + strategy.strategy().yaml() + ")")
                + " on the " + choice.name() + " platform: PostgreSQL " + sourceMajor
                + " -> "
                + targetMajor + (tools == null ? "" : " (pg_dump " + tools.version() + ")") + ", fixture "
                + fixture.description()
                + ", manifest " + manifest.file());
        PlanNotes.of(plan, choice.name()).stream().filter(notesShown::add).forEach(n -> out.println("  note: " + n));
        Timeline timeline = new Timeline();
        timeline.addListener(progress);
        Platform platform = choice.create(tools);
        T result;
        try (Shutdown.Cleanup cleanup = Shutdown.onShutdown(
                "stopping the " + choice.name() + " rehearsal's servers and removing what it created",
                platform::close)) {
            result = body.run(
                    new Rehearsal(
                            plan,
                            platform,
                            timeline,
                            fixture,
                            fixtureName(plan),
                            tools == null ? null : tools.version(),
                            strategy),
                    platform);
            if (options.keep()) {
                out.println("servers kept running (--keep):\n" + platform.connectionHelp());
            }
        }
        if (Shutdown.started()) {
            // the programs were killed under the rehearsal: what it concluded is not a result
            throw new InterruptedException("interrupted");
        }
        return result;
    }

    /** --fixture or --fixture-profile when given (read now: bad input before anything starts), else the default. */
    private Fixture fixture(Scenario scenario, long bytes, ClientTools tools) throws Exception {
        RunOptions.FixtureChoice choice = options.fixture();
        if (choice != null && choice.file() != null) {
            return Fixtures.fromFile(
                    choice.file(),
                    tools != null ? tools : ClientTools.find(options.pgBin(), null),
                    choice.missingRoles());
        }
        if (choice != null && choice.profile() != null) {
            return Fixtures.fromProfile(choice.profile(), choice.scale());
        }
        return Fixtures.mastodon(
                ProjectPaths.fixtures(), bytes, scenario.fixture().largeObjects());
    }

    /**
     * --app-role when given, else the owner the user's dump gives its database; null leaves the plan's own rule. A
     * microservice import makes the initdb owner own everything, so the dump's owner does not count there.
     */
    private String appRole(ClusterManifest manifest, Fixture fixture) {
        if (options.appRole() != null) {
            return options.appRole();
        }
        return manifest.importSpec().type() == ImportType.MICROSERVICE
                ? null
                : fixture.appRole().orElse(null);
    }

    /** What seeds the source, without its size: rehearsals of one fixture at several sizes are points of one fit. */
    private String fixtureName(RehearsalPlan plan) {
        RunOptions.FixtureChoice choice = options.fixture();
        if (choice != null && choice.file() != null) {
            return "file " + choice.file().toAbsolutePath().normalize();
        }
        if (choice != null && choice.profile() != null) {
            return "profile " + choice.profile().toAbsolutePath().normalize() + " at scale " + choice.scale();
        }
        return "mastodon"
                + (plan.scenario().fixture().largeObjects() ? " with large objects" : " without large objects");
    }

    /** --manifest when given, else the scenario's own, else the default (the corrected seed manifest). */
    public Path manifestFile(Scenario scenario) {
        if (options.manifest() != null) {
            return options.manifest();
        }
        if (scenario.target().manifest() != null) {
            return ProjectPaths.root().resolve(scenario.target().manifest());
        }
        return ProjectPaths.defaultManifest();
    }

    /**
     * The report folder of one rehearsal: --report-dir itself for a single rehearsal, else a new folder named
     * {@code <timestamp>-<scenario>} under --report-dir (or reports/).
     */
    public Path reportDir(Scenario scenario) throws IOException {
        if (options.reportDir() != null && !options.reportDirIsParent()) {
            return Files.createDirectories(options.reportDir());
        }
        return newReportFolder(scenario.name());
    }

    /**
     * A new folder {@code <timestamp>-<name>} under --report-dir (or reports/). Its name is claimed atomically, with a
     * -2, -3... suffix when another run took it in the same second, so two runs never share one.
     */
    public Path newReportFolder(String name) throws IOException {
        Path parent =
                Files.createDirectories(options.reportDir() != null ? options.reportDir() : ProjectPaths.reports());
        String stamped = LocalDateTime.now().format(STAMP) + "-" + name;
        for (int n = 1; ; n++) {
            try {
                return Files.createDirectory(parent.resolve(n == 1 ? stamped : stamped + "-" + n));
            } catch (FileAlreadyExistsException taken) {
                // another rehearsal of this second has it: try the next suffix
            }
        }
    }

    private void summary(RehearsalReport r, Path dir) {
        ConsoleSummary.lines(r).forEach(out::println);
        out.println("report: " + dir.resolve(ReportWriter.MARKDOWN) + " (and " + ReportWriter.HTML + ", "
                + SourcePrep.PREP_FILE + ", " + SourcePrep.REVERT_FILE + ")");
    }
}
