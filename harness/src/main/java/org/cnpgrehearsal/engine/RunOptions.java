package org.cnpgrehearsal.engine;

import java.nio.file.Path;

/** The user's choices for a run of one or more rehearsals (the rehearse command's options); {@code manifest} null when not given. */
public record RunOptions(PlatformChoice platform, Path manifest, Path reportDir, boolean keep, Path pgBin, boolean sweep) {
}
