package org.cnpgrehearsal.engine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.cnpgrehearsal.fixture.Fixture;
import org.cnpgrehearsal.fixture.Fixtures;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ManifestEditor;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.model.Credentials;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.platform.Platform;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.report.ReportWriter;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.ClientTools;
import org.cnpgrehearsal.util.ProjectPaths;
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
        RehearsalPlan plan = new RehearsalPlan(
                scenario,
                manifest,
                scenario.fixture().size() == null
                        ? fixtureBytes
                        : Sizes.parse(scenario.fixture().size()),
                sourceMajor,
                targetMajor,
                new Credentials(),
                options.keep());
        out.println("rehearsal " + scenario.name() + " on the " + choice.name() + " platform: PostgreSQL " + sourceMajor
                + " -> "
                + targetMajor + (tools == null ? "" : " (pg_dump " + tools.version() + ")") + ", fixture "
                + Sizes.human(plan.fixtureBytes())
                + ", manifest " + manifest.file());
        PlanNotes.of(plan, choice.name()).forEach(n -> out.println("  note: " + n));
        Timeline timeline = new Timeline();
        timeline.addListener(progress);
        Platform platform = choice.create(tools);
        Thread cleanup = new Thread(platform::close, "cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        Rehearsal.Result result;
        try {
            result = new Rehearsal(
                            plan, platform, timeline, fixture(plan, tools), tools == null ? null : tools.version())
                    .run();
            if (options.keep()) {
                out.println("servers kept running (--keep):\n" + platform.connectionHelp());
            }
        } finally {
            platform.close();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        dir = Files.createDirectories(dir != null ? dir : reportDir(scenario, plan.fixtureBytes()));
        ReportWriter.write(result.report(), null, dir);
        Files.write(dir.resolve("import.log"), result.importLog());
        Files.writeString(dir.resolve(APPLIED_MANIFEST), result.appliedManifest());
        summary(result.report(), dir);
        return new Outcome(result.report(), dir);
    }

    /** --fixture or --fixture-profile when given, else the scenario's default fixture at the plan's size. */
    private Fixture fixture(RehearsalPlan plan, ClientTools tools) throws Exception {
        RunOptions.FixtureChoice choice = options.fixture();
        if (choice != null && choice.file() != null) {
            return Fixtures.fromFile(choice.file(), tools != null ? tools : ClientTools.find(options.pgBin(), null));
        }
        if (choice != null && choice.profile() != null) {
            return Fixtures.fromProfile(choice.profile(), choice.scale());
        }
        return Fixtures.mastodon(
                ProjectPaths.fixtures(),
                plan.fixtureBytes(),
                plan.scenario().fixture().largeObjects());
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

    public Path reportDir(Scenario scenario, long fixtureBytes) throws IOException {
        Path dir = options.reportDir() != null
                ? options.reportDir()
                : ProjectPaths.reports()
                        .resolve(LocalDateTime.now().format(STAMP) + "-" + scenario.name()
                                + (options.sweep()
                                        ? "-"
                                                + Sizes.human(fixtureBytes)
                                                        .replace(" ", "")
                                                        .replace(".", "_")
                                        : ""));
        return Files.createDirectories(dir);
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
                    + r.diagnosis().phase()
                    + (r.diagnosis().side() == null
                            ? ""
                            : " (change on the " + r.diagnosis().side().label() + ")")
                    + ": " + r.diagnosis().summary());
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
