package org.cnpgrehearsal.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The operating-system user that runs PostgreSQL servers and client tools. PostgreSQL refuses to run as root, so when
 * the harness runs as root every server and tool runs as an unprivileged user ({@code postgres} if it exists, else
 * {@code nobody}; {@code CNPG_REHEARSAL_RUN_AS} overrides) through {@code setpriv}.
 */
public record OsUser(String name, int uid, int gid, boolean switchNeeded) {

    /** The harness's own user: programs run as it without switching (tar, cp, mount, diff, psql). */
    public static final OsUser SELF = new OsUser("self", -1, -1, false);

    public static OsUser forServers() {
        int myUid = currentUid();
        if (myUid != 0) {
            return new OsUser(System.getProperty("user.name"), myUid, -1, false);
        }
        String wanted = System.getenv().getOrDefault("CNPG_REHEARSAL_RUN_AS", "");
        List<String> candidates = wanted.isBlank() ? List.of("postgres", "nobody") : List.of(wanted);
        for (String candidate : candidates) {
            OsUser user = lookup(candidate);
            if (user != null && user.uid() == 0) {
                throw new BadInputException("CNPG_REHEARSAL_RUN_AS names " + candidate + ", which is root, and "
                        + "PostgreSQL refuses to run as root: name an unprivileged user such as postgres");
            }
            if (user != null) {
                return user;
            }
        }
        throw new BadInputException("running as root, but the user " + candidates
                + " does not exist to run PostgreSQL: create it or set CNPG_REHEARSAL_RUN_AS to an unprivileged user");
    }

    /** The command prefix that runs a program as this user. */
    public List<String> wrap(List<String> command) {
        if (!switchNeeded) {
            return command;
        }
        List<String> wrapped =
                new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives this user a file or folder the harness created (a no-op unless running as root). */
    public void own(Path path) throws IOException {
        if (switchNeeded) {
            Files.setAttribute(path, "unix:uid", uid);
            Files.setAttribute(path, "unix:gid", gid);
        }
    }

    private static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name")) ? 0 : 1000;
        }
    }

    private static OsUser lookup(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 3 && f[0].equals(name)) {
                    return new OsUser(name, Integer.parseInt(f[2]), Integer.parseInt(f[3]), true);
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
