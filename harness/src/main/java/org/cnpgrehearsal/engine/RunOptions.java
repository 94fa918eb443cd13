package org.cnpgrehearsal.engine;

import java.nio.file.Path;
import java.time.Duration;
import org.cnpgrehearsal.fixture.FileFixture;
import org.cnpgrehearsal.strategy.Strategy;

/**
 * The user's choices for a run of one or more rehearsals (the rehearse command's options); {@code manifest} and
 * {@code appRole} null when not given. {@code reportDir} is the report folder of a single rehearsal, or, when
 * {@code reportDirIsParent} (--all, --sizes, --fix, --compare), the folder that receives one report folder per
 * rehearsal; null for reports/.
 */
public record RunOptions(
        PlatformChoice platform,
        Path manifest,
        Path reportDir,
        boolean reportDirIsParent,
        boolean keep,
        Path pgBin,
        FixtureChoice fixture,
        String appRole,
        StrategyChoice strategy) {

    /** Without a choice of migration path: every scenario rehearses its own (offline unless it names another). */
    public RunOptions(
            PlatformChoice platform,
            Path manifest,
            Path reportDir,
            boolean reportDirIsParent,
            boolean keep,
            Path pgBin,
            FixtureChoice fixture,
            String appRole) {
        this(platform, manifest, reportDir, reportDirIsParent, keep, pgBin, fixture, appRole, null);
    }

    /**
     * The command line's migration choices, each null when not given: {@code --strategy} (for scenarios that name
     * none), {@code --write-rate}, {@code --write-duration}.
     */
    public record StrategyChoice(Strategy strategy, Integer writeRate, Duration writeDuration) {}

    /**
     * The user's own fixture instead of the scenario's: a SQL file or archive (and what to do with the roles it names
     * that the source lacks), or a schema profile at a scale.
     */
    public record FixtureChoice(Path file, Path profile, double scale, FileFixture.MissingRoles missingRoles) {}
}
