package org.cnpgrehearsal.engine;

import java.nio.file.Path;
import org.cnpgrehearsal.fixture.FileFixture;

/**
 * The user's choices for a run of one or more rehearsals (the rehearse command's options); {@code manifest} and
 * {@code appRole} null when not given. {@code reportDir} is the report folder of a single rehearsal, or, when
 * {@code reportDirIsParent} (--all, --sizes, --fix), the folder that receives one report folder per rehearsal; null
 * for reports/.
 */
public record RunOptions(
        PlatformChoice platform,
        Path manifest,
        Path reportDir,
        boolean reportDirIsParent,
        boolean keep,
        Path pgBin,
        FixtureChoice fixture,
        String appRole) {

    /**
     * The user's own fixture instead of the scenario's: a SQL file or archive (and what to do with the roles it names
     * that the source lacks), or a schema profile at a scale.
     */
    public record FixtureChoice(Path file, Path profile, double scale, FileFixture.MissingRoles missingRoles) {}
}
