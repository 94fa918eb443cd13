package org.cnpgrehearsal.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.cnpgrehearsal.engine.PlatformChoice;
import org.cnpgrehearsal.engine.RunOptions;
import org.cnpgrehearsal.fixture.FileFixture;
import org.cnpgrehearsal.fixture.profile.ProfileFiles;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.platform.local.LocalPlatform;
import org.cnpgrehearsal.platform.local.ServerBinaries;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.scenario.ScenarioCatalog;
import org.cnpgrehearsal.strategy.Strategy;
import org.cnpgrehearsal.tune.TuneRun;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.ClientTools;
import org.cnpgrehearsal.util.Durations;
import org.cnpgrehearsal.util.InputFiles;
import org.cnpgrehearsal.util.OsUser;
import org.cnpgrehearsal.util.ProjectPaths;
import org.cnpgrehearsal.util.Sizes;

/**
 * The rehearse command's inputs, every one checked before anything starts: option combinations first, then each
 * file and folder, the scenarios and their manifests, the tools and server binaries, and the disk. What a rehearsal
 * would otherwise find out after provisioning (or after the whole run) is one line of bad input here.
 */
record RehearseInputs(
        PlatformChoice platform,
        List<Scenario> scenarios,
        List<Long> fixtureSizes,
        RunOptions.FixtureChoice fixture,
        RunOptions.StrategyChoice strategy) {

    private static final String TUNE_LOCAL_ONLY = "--tune rehearses the import again and again on one seeded source,"
            + " which only the local platform does yet: pass --platform local";

    /** Below this the Spilo template objects alone would exceed the fixture. */
    private static final long MIN_FIXTURE_BYTES = 10_000_000L;

    static RehearseInputs check(RehearseCommand c, Console console) throws IOException, InterruptedException {
        combinations(c);
        List<Long> sizes = fixtureSizes(c);
        c.estimate.validate();
        if (c.manifest != null) {
            InputFiles.readableFile("--manifest", c.manifest);
            ManifestReader.read(c.manifest);
        }
        RunOptions.FixtureChoice fixture = fixture(c);
        if (c.pgBin != null) {
            InputFiles.readableFolder("--pg-bin", c.pgBin);
        }
        reportFolders(c);
        List<Scenario> scenarios = scenarios(c);
        RunOptions.StrategyChoice strategy = strategy(c, scenarios);
        // the platform's own line ("platform auto: ...") waits until every input has passed
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        PlatformChoice platform = c.platform.choose(new PrintStream(said, true, StandardCharsets.UTF_8));
        if (c.tune && !platform.name().equals(PlatformChoice.local().name())) {
            bad(TUNE_LOCAL_ONLY);
        }
        if (platform.usesLocalClientTools()) {
            local(c, scenarios, sizes, console);
        } else if (c.fixtureFile != null) {
            find(c.pgBin, null);
        }
        if (!platform.usesLocalClientTools() && c.all) {
            List<Scenario> streaming =
                    scenarios.stream().filter(RehearseInputs::streams).toList();
            if (!streaming.isEmpty()) {
                console.detail()
                        .println("note: the online and physical strategies are rehearsed on the local platform only "
                                + "so far: "
                                + streaming.stream().map(Scenario::name).toList() + " left out");
                scenarios = scenarios.stream().filter(s -> !streams(s)).toList();
            }
        }
        if (!platform.usesLocalClientTools() && streams(c, scenarios, strategy)) {
            bad("the online and physical strategies are rehearsed on the local platform only so far: add "
                    + "--platform local");
        }
        console.detail().print(said.toString(StandardCharsets.UTF_8));
        return new RehearseInputs(platform, scenarios, sizes, fixture, strategy);
    }

    /**
     * --strategy, --compare, --write-rate and --write-duration: their combinations, and against the scenarios (one
     * that names its own strategy keeps it).
     */
    private static RunOptions.StrategyChoice strategy(RehearseCommand c, List<Scenario> scenarios) {
        Strategy chosen = c.strategy == null ? null : Strategy.of(c.strategy);
        if (c.compare && (c.all || c.sizes != null || c.fix || c.keep || chosen != null)) {
            bad("--compare rehearses the three strategies of one scenario at one size: leave out --all, --sizes, "
                    + "--fix, --keep and --strategy");
        }
        if (c.estimate.given() && (c.compare || (chosen != null && chosen.streams()))) {
            bad("the estimate extrapolates the offline import's phases: leave out --production-size and --profile, or "
                    + "estimate from an offline sweep (--sizes)");
        }
        if (c.fix && chosen != null && chosen != Strategy.OFFLINE) {
            bad("--fix walks the offline import to a fix: leave out --strategy " + chosen.yaml());
        }
        if (c.tune && (c.compare || (chosen != null && chosen != Strategy.OFFLINE))) {
            bad("--tune varies the offline import's settings: leave out --compare and --strategy");
        }
        if (c.writeRate != null && c.writeRate < 0) {
            bad("--write-rate " + c.writeRate + " is negative: give statements a second, 0 for no writes");
        }
        Duration duration = c.writeDuration == null ? null : Durations.parse("--write-duration", c.writeDuration, "s");
        for (Scenario s : scenarios) {
            String own = s.migration().strategy();
            if (chosen != null && own != null && Strategy.of(own) != chosen && !c.all) {
                bad("scenario " + s.name() + " rehearses the " + own + " strategy: leave out --strategy, or choose "
                        + "another scenario");
            }
            if (c.fix && own != null && Strategy.of(own) != Strategy.OFFLINE) {
                bad("--fix walks the offline import to a fix, and scenario " + s.name() + " rehearses the " + own
                        + " strategy: choose an offline scenario");
            }
            if (c.tune && own != null && Strategy.of(own) != Strategy.OFFLINE) {
                bad("--tune varies the offline import's settings, and scenario " + s.name() + " rehearses the " + own
                        + " strategy: choose an offline scenario");
            }
            if (c.compare && own != null) {
                bad("scenario " + s.name() + " rehearses the " + own + " strategy only: --compare needs a scenario "
                        + "without its own, such as happy-path");
            }
        }
        RunOptions.StrategyChoice choice = new RunOptions.StrategyChoice(chosen, c.writeRate, duration);
        if ((c.writeRate != null || duration != null) && !streams(c, scenarios, choice)) {
            bad("--write-rate and --write-duration shape the writes of the online and physical strategies: add "
                    + "--strategy online or physical, or --compare");
        }
        return choice;
    }

    /** Whether any rehearsal of this run keeps the application writing (online or physical). */
    private static boolean streams(RehearseCommand c, List<Scenario> scenarios, RunOptions.StrategyChoice choice) {
        return c.compare
                || (choice.strategy() != null && choice.strategy().streams())
                || scenarios.stream().anyMatch(RehearseInputs::streams);
    }

    private static boolean streams(Scenario s) {
        return s.migration().strategy() != null
                && Strategy.of(s.migration().strategy()).streams();
    }

    /** Options that contradict each other, or that do nothing with the others given. */
    private static void combinations(RehearseCommand c) {
        boolean sweep = c.sizes != null;
        if (c.all && c.scenario != null) {
            bad("--all rehearses every scenario: leave out --scenario, or leave out --all");
        }
        if (c.all && sweep) {
            bad("--all and --sizes do not go together: sweep one scenario at a time");
        }
        if (c.size != null && sweep) {
            bad("--size and --sizes both set the fixture size: pass one");
        }
        if (c.fix && (c.all || sweep)) {
            bad("--fix works on one scenario at one size: leave out --all and --sizes");
        }
        if (c.keep && (c.all || sweep || c.fix)) {
            bad("--keep leaves the servers of one rehearsal running: leave out --all, --sizes and --fix");
        }
        if (c.fixtureFile != null && c.fixtureProfile != null) {
            bad("--fixture and --fixture-profile both choose the fixture: pass one");
        }
        if ((c.fixtureFile != null || c.fixtureProfile != null) && (sweep || c.all || c.size != null)) {
            bad("--fixture and --fixture-profile set the data themselves: leave out --size, --sizes and --all");
        }
        if (c.scale != null && c.fixtureProfile == null) {
            bad("--scale applies to --fixture-profile: add --fixture-profile FILE or leave out --scale");
        }
        if (c.all && c.estimate.given()) {
            bad("the estimate comes from one scenario: leave out --all, or --production-size and --profile");
        }
        if (c.tune && (c.all || sweep || c.fix || c.keep || c.junit != null)) {
            bad("--tune rehearses one manifest at one size, its report in one folder: leave out --all, --sizes, "
                    + "--fix, --keep and --junit");
        }
        if (c.tune && !List.of("auto", "local").contains(c.platform.platform)) {
            bad(TUNE_LOCAL_ONLY);
        }
        if (c.tuneRepeats != null && !c.tune) {
            bad("--tune-repeats applies to --tune: add --tune or leave out --tune-repeats");
        }
        if (c.tuneRepeats != null && c.tuneRepeats < 2) {
            bad("--tune-repeats " + c.tuneRepeats + " cannot measure the noise: pass 2 or more (default "
                    + TuneRun.DEFAULT_REPEATS + ")");
        }
        if (c.fix && c.estimate.given()) {
            bad("--fix and the estimate do not go together: estimate from the fixed manifest afterwards");
        }
    }

    private static List<Long> fixtureSizes(RehearseCommand c) {
        List<String> texts =
                c.sizes != null ? c.sizes : List.of(c.size != null ? c.size : RehearseCommand.DEFAULT_SIZE);
        List<Long> bytes = new ArrayList<>();
        for (String t : texts) {
            long b = Sizes.parse(t);
            if (b < MIN_FIXTURE_BYTES) {
                bad("fixture size " + t
                        + " is too small: the Spilo template objects alone take about 8 MB; use 10MB or more");
            }
            if (bytes.contains(b)) {
                bad("--sizes lists " + t + " twice: give each size once");
            }
            bytes.add(b);
        }
        return bytes;
    }

    private static RunOptions.FixtureChoice fixture(RehearseCommand c) {
        double scale = c.scale == null ? 0.01 : c.scale;
        if (c.fixtureFile != null) {
            FileFixture.check(c.fixtureFile);
        } else if (c.fixtureProfile != null) {
            InputFiles.readableFile("--fixture-profile", c.fixtureProfile);
            if (!(scale > 0) || scale > 1000) {
                bad("--scale " + scale + " is not a fraction of production: use a number such as 0.01 (1 %)");
            }
            ProfileFiles.read(c.fixtureProfile);
        } else {
            return null;
        }
        return new RunOptions.FixtureChoice(
                c.fixtureFile, c.fixtureProfile, scale, FileFixture.MissingRoles.of(c.fixtureRoles));
    }

    /** The report folders (and the JUnit file) can be written: proven now, not after the rehearsal. */
    private static void reportFolders(RehearseCommand c) {
        InputFiles.writableFolder(
                c.reportDir != null ? "--report-dir" : "the reports folder",
                c.reportDir != null ? c.reportDir : ProjectPaths.reports());
        if (c.junit != null) {
            InputFiles.writableFile("--junit", c.junit);
        }
    }

    private static List<Scenario> scenarios(RehearseCommand c) {
        if (c.scenario != null && c.scenario.isBlank()) {
            bad("--scenario is empty: pass a scenario name (see: scenarios list) or a YAML file");
        }
        ScenarioCatalog catalog = ScenarioCatalog.builtIn();
        String name = c.scenario != null
                ? c.scenario
                : c.fix ? RehearseCommand.FIX_DEFAULT_SCENARIO : ScenarioCatalog.DEFAULT;
        List<Scenario> scenarios = c.all ? catalog.all() : List.of(catalog.find(name));
        if (scenarios.isEmpty()) {
            bad("no scenario in " + ProjectPaths.scenarios() + ": run from the project folder");
        }
        if (c.manifest == null) {
            for (Scenario s : scenarios) {
                if (s.target().manifest() != null) {
                    ManifestReader.read(ProjectPaths.root().resolve(s.target().manifest()));
                }
            }
        }
        return scenarios;
    }

    /**
     * On the local platform: the user the servers run as, the sockets' path length, pg_dump/pg_restore and server
     * binaries of every major rehearsed, root for a sized volume, the disk for the largest fixture, and the binaries
     * cache.
     */
    private static void local(RehearseCommand c, List<Scenario> scenarios, List<Long> sizes, Console console)
            throws IOException, InterruptedException {
        OsUser servers = OsUser.forServers();
        LocalPlatform.requireRoomForSockets(LocalPlatform.workParent());
        Map<Integer, ClientTools> tools = new HashMap<>();
        Set<Integer> majors = new HashSet<>();
        for (Scenario s : scenarios) {
            ClientTools t = tools.computeIfAbsent(s.target().major(), m -> find(c.pgBin, m));
            majors.add(t.major());
            majors.add(Objects.requireNonNullElse(s.source().major(), t.major()));
            if (s.target().storageSize() != null && !servers.switchNeeded()) {
                bad("scenario " + s.name() + " sizes the target volume, which mounts a tmpfs and needs root: run as "
                        + "root, or choose another scenario");
            }
        }
        for (int major : majors) {
            if (!ServerBinaries.SHIPPED.contains(major)) {
                bad("PostgreSQL " + major + " server binaries are not shipped in this build (available: "
                        + ServerBinaries.SHIPPED + "): rehearse one of those majors");
            }
        }
        long largest = sizes.stream().mapToLong(Long::longValue).max().orElse(0);
        for (Scenario s : scenarios) {
            if (s.fixture().size() != null && c.fixtureFile == null && c.fixtureProfile == null) {
                largest = Math.max(largest, Sizes.parse(s.fixture().size()));
            }
        }
        if (c.fixtureFile == null && c.fixtureProfile == null) {
            disk(largest);
        }
        // last, since the first run unpacks them (a few seconds): a cache others could write is refused here
        for (int major : majors) {
            ServerBinaries.forMajor(major, line -> console.detail().println(line));
        }
    }

    /** The work folder's disk holds what a rehearsal of {@code fixtureBytes} needs ({@link LocalPlatform#DISK_RULE}). */
    private static void disk(long fixtureBytes) throws IOException {
        Path work = LocalPlatform.workParent();
        long needed = LocalPlatform.diskNeeded(fixtureBytes);
        long free = InputFiles.freeBytes(work);
        if (needed > free) {
            bad("a " + Sizes.human(fixtureBytes) + " fixture needs about " + Sizes.human(needed) + " free in " + work
                    + " (" + LocalPlatform.DISK_RULE + "), which has " + Sizes.human(free)
                    + ": pass a smaller --size, free space there, or move the work folders to a larger disk with "
                    + "java -Djava.io.tmpdir=DIR -jar ...");
        }
    }

    private static ClientTools find(Path pgBin, Integer major) {
        try {
            return ClientTools.find(pgBin, major);
        } catch (IOException e) {
            throw new BadInputException("pg_dump cannot be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException("interrupted while looking for pg_dump");
        }
    }

    private static void bad(String message) {
        throw new BadInputException(message);
    }
}
