package org.cnpgrehearsal.engine;

import java.util.function.Function;
import org.cnpgrehearsal.platform.Platform;
import org.cnpgrehearsal.platform.local.ClientTools;
import org.cnpgrehearsal.platform.local.LocalPlatform;
import org.cnpgrehearsal.util.OsUser;

/**
 * The platform a run uses, decided once from --platform: its name, whether the import runs with this machine's
 * pg_dump/pg_restore (local) or in the operator's image, and how to create a fresh platform for each rehearsal.
 */
public record PlatformChoice(String name, boolean usesLocalClientTools, Function<ClientTools, Platform> factory) {

    /** The local platform: embedded servers, this machine's pg_dump/pg_restore. */
    public static PlatformChoice local() {
        return new PlatformChoice("local", true, tools -> new LocalPlatform(tools, OsUser.forServers()));
    }

    /** A fresh platform for one rehearsal; {@code tools} is null when the platform does not use local client tools. */
    public Platform create(ClientTools tools) {
        return factory.apply(tools);
    }
}
