package org.cnpgrehearsal.engine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.cnpgrehearsal.fixture.Fixture;
import org.cnpgrehearsal.fixture.Fixtures;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ImportType;
import org.cnpgrehearsal.manifest.ManifestEditor;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.model.Credentials;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.platform.Platform;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.report.ReportWriter;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.source.ZalandoSource;
import org.cnpgrehearsal.timeline.PhaseRecord;
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
    private final Set<String> notesShown = new HashSet<>();

    /** {@code progress} is told of every phase of every rehearsal of this run (the console's live view). */
    public RehearsalRun(RunOptions options, PrintStream out, Timeline.Listener progress) {
        this.options = options;
        this.out = out;
        this.progress = progress;
    }

    /** A finished rehearsal: its report and the folder it was written to. */
    public record Outcome(RehearsalReport report, Path dir) {}

    /** Rehearses {@code scenario} with the manifest it names (see {@link #manifestFile}), into a new report folder. */
    public Outcome run(Scenario scenario, long fixtureBytes) throws Exception {
        return run(scenario, manifest(scenario), fixtureBytes, null);
    }

    /** The manifest a scenario rehearses: the file (see {@link #manifestFile}) with the scenario's import overrides. */
    public ClusterManifest manifest(Scenario scenario) {
        ClusterManifest manifest = ManifestReader.read(manifestFile(scenario));
        return scenario.target().importOverrides().isEmpty()
                ? manifest
                : ManifestEditor.withImport(manifest, scenario.target().importOverrides());
    }

    /** Rehearses {@code scenario} with {@code manifest} as given; the report goes to {@code dir}, or a new folder when null. */
    public Outcome run(Scenario scenario, ClusterManifest manifest, long fixtureBytes, Path dir) throws Exception {
        Rehearsal.Result result = session(scenario, manifest, fixtureBytes, (rehearsal, platform) -> rehearsal.run());
        dir = Files.createDirectories(dir != null ? dir : reportDir(scenario, fixtureBytes(scenario, fixtureBytes)));
        ReportWriter.write(result.report(), null, dir);
        Files.write(dir.resolve("import.log"), result.importLog());
        Files.writeString(dir.resolve(APPLIED_MANIFEST), result.appliedManifest());
        summary(result.report(), dir);
        return new Outcome(result.report(), dir);
    }

    /** What is done with a rehearsal once its platform exists: run it whole, or prepare it and import again and again. */
    @FunctionalInterface
    public interface Session<T> {
        T run(Rehearsal rehearsal, Platform platform) throws Exception;
    }

    /**
     * Builds the plan of {@code scenario} with {@code manifest}, says what is rehearsed, creates the platform, hands
     * both to {@code body}, and stops and removes everything afterwards (also on Ctrl-C, unless --keep).
     */
    public <T> T session(Scenario scenario, ClusterManifest manifest, long fixtureBytes, Session<T> body)
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
        long bytes = fixtureBytes(scenario, fixtureBytes);
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
        out.println("rehearsal " + scenario.name() + " on the " + choice.name() + " platform: PostgreSQL " + sourceMajor
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
                    new Rehearsal(plan, platform, timeline, fixture, tools == null ? null : tools.version()), platform);
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

    /** The scenario's own fixture size when it sets one, else the size asked for. */
    private static long fixtureBytes(Scenario scenario, long asked) {
        return scenario.fixture().size() == null
                ? asked
                : Sizes.parse(scenario.fixture().size());
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
     * {@code <timestamp>-<scenario>[-<size>]} under --report-dir (or reports/), created here. Its name is claimed
     * atomically, with a -2, -3... suffix when another run took it in the same second, so two runs never share one.
     */
    public Path reportDir(Scenario scenario, long fixtureBytes) throws IOException {
        if (options.reportDir() != null && !options.reportDirIsParent()) {
            return Files.createDirectories(options.reportDir());
        }
        Path parent =
                Files.createDirectories(options.reportDir() != null ? options.reportDir() : ProjectPaths.reports());
        String name = LocalDateTime.now().format(STAMP) + "-" + scenario.name()
                + (options.sweep()
                        ? "-" + Sizes.human(fixtureBytes).replace(" ", "").replace(".", "_")
                        : "");
        for (int n = 1; ; n++) {
            try {
                return Files.createDirectory(parent.resolve(n == 1 ? name : name + "-" + n));
            } catch (FileAlreadyExistsException taken) {
                // another rehearsal of this second has it: try the next suffix
            }
        }
    }

    private void summary(RehearsalReport r, Path dir) {
        out.println();
        out.printf(Locale.ROOT, "%-18s %10s  %-9s %s%n", "phase", "seconds", "status", "bytes");
        for (PhaseRecord p : r.phases()) {
            out.printf(
                    Locale.ROOT,
                    "%-18s %10.1f  %-9s %s%n",
                    p.name(),
                    p.durationMs() / 1000.0,
                    p.status().json(),
                    p.bytes() == null ? "" : Sizes.human(p.bytes()));
        }
        out.println();
        out.println("outcome: " + r.outcome() + " (expected " + r.expectation().outcome()
                + (r.expectation().cause() == null ? "" : " " + r.expectation().cause()) + "): "
                + (r.reproduced() ? "expectation met" : "EXPECTATION NOT MET"));
        if (r.diagnosis() != null) {
            out.println("cause: " + r.diagnosis().cause() + " at "
                    + r.diagnosis().phase() + ": " + r.diagnosis().summary());
            r.diagnosis().evidence().stream().limit(3).forEach(e -> out.println("  > " + e));
            out.println("fix: " + r.diagnosis().remediation());
        }
        if (r.verification() != null) {
            r.verification()
                    .checks()
                    .forEach(c ->
                            out.println("  " + (c.passed() ? "pass" : "FAIL") + " " + c.name() + ": " + c.detail()));
        }
        out.println("report: " + dir.resolve("report.md"));
    }
}
