package org.cnpgrehearsal.engine;

import java.nio.file.Path;

/** The user's choices for a run of one or more rehearsals (the rehearse command's options); {@code manifest} null when not given. */
public record RunOptions(
        PlatformChoice platform, Path manifest, Path reportDir, boolean keep, Path pgBin, FixtureChoice fixture) {

    /** The user's own fixture instead of the scenario's: a SQL file or archive, or a schema profile at a scale. */
    public record FixtureChoice(Path file, Path profile, double scale) {}
}
