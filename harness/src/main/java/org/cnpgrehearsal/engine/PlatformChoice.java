package org.cnpgrehearsal.engine;

import org.cnpgrehearsal.platform.Platform;
import org.cnpgrehearsal.platform.local.ClientTools;

/**
 * The platform a run uses, decided once from --platform: its name, whether the import runs with this machine's
 * pg_dump/pg_restore (local) or in the operator's image, and how to create a fresh platform for each rehearsal.
 */
public interface PlatformChoice {
    String name();

    /** True when pg_dump/pg_restore run on this machine (their major is then the target's). */
    boolean usesLocalClientTools();

    /** A fresh platform for one rehearsal; {@code tools} is null when the platform does not use local client tools. */
    Platform create(ClientTools tools);
}
