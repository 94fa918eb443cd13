package org.cnpgrehearsal.platform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.Folders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cache of server binaries: per user, private, verified before use, unpacked again when changed. */
class ServerBinariesTest {

    private final Path cache =
            Path.of(System.getProperty("java.io.tmpdir"), "binaries-cache-test-" + System.nanoTime());

    @AfterEach
    void removeCache() throws Exception {
        ServerBinaries.forgetVerified();
        Folders.delete(cache);
    }

    @Test
    void theCacheFolderFollowsTheEnvironmentXdgAndRoot() {
        Path home = Path.of("/home/dba");
        assertEquals(home.resolve(".cache/cnpg-rehearsal"), ServerBinaries.cacheFolder(Map.of(), false, home));
        assertEquals(
                Path.of("/xdg/cnpg-rehearsal"),
                ServerBinaries.cacheFolder(Map.of("XDG_CACHE_HOME", "/xdg"), false, home));
        assertEquals(
                home.resolve(".cache/cnpg-rehearsal"),
                ServerBinaries.cacheFolder(Map.of("XDG_CACHE_HOME", "relative"), false, home),
                "a relative XDG_CACHE_HOME is ignored, as the specification says");
        assertEquals(Path.of("/var/cache/cnpg-rehearsal"), ServerBinaries.cacheFolder(Map.of(), true, home));
        assertEquals(
                Path.of("/opt/cache"),
                ServerBinaries.cacheFolder(Map.of(ServerBinaries.CACHE_ENV, "/opt/cache"), true, home));
    }

    @Test
    void binariesAreUnpackedWritableByTheirOwnerOnlyAndUnpackedAgainWhenChanged() throws Exception {
        List<String> said = new ArrayList<>();
        Path home = ServerBinaries.forMajor(15, cache, said::add);
        assertTrue(Files.isExecutable(home.resolve("bin/postgres")));
        assertTrue(said.get(0).contains("unpacking"), said.toString());
        assertFalse(writableByOthers(cache), PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
        try (Stream<Path> all = Files.walk(home)) {
            assertTrue(all.filter(p -> !Files.isSymbolicLink(p)).noneMatch(ServerBinariesTest::writableByOthers));
        }

        ServerBinaries.forgetVerified();
        said.clear();
        assertEquals(home, ServerBinaries.forMajor(15, cache, said::add));
        assertEquals(List.of(), said, "verified, not unpacked again");

        Path sample = home.resolve("share/postgresql/postgresql.conf.sample");
        String original = Files.readString(sample);
        Files.writeString(sample, "\nshared_preload_libraries = 'planted'\n", StandardOpenOption.APPEND);
        ServerBinaries.forgetVerified();
        ServerBinaries.forMajor(15, cache, said::add);
        assertTrue(said.get(0).contains("changed since they were unpacked"), said.toString());
        assertEquals(original, Files.readString(sample));
    }

    @Test
    void aCacheOthersCanWriteIsRefused() throws Exception {
        ServerBinaries.forMajor(15, cache, s -> {});
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        ServerBinaries.forgetVerified();
        BadInputException e = assertThrows(BadInputException.class, () -> ServerBinaries.forMajor(15, cache, s -> {}));
        assertTrue(e.getMessage().contains("cache clean"), e.getMessage());
    }

    @Test
    void aBinaryPlantedByAnotherUserIsRefused() throws Exception {
        Path home = ServerBinaries.forMajor(15, cache, s -> {});
        Path postgres = home.resolve("bin/postgres");
        assumeTrue(Files.getOwner(postgres).getName().equals("root"), "only root can give a file to another user");
        Files.setAttribute(postgres, "unix:uid", 65534);
        ServerBinaries.forgetVerified();
        BadInputException e = assertThrows(BadInputException.class, () -> ServerBinaries.forMajor(15, cache, s -> {}));
        assertTrue(e.getMessage().contains("bin/postgres"), e.getMessage());
    }

    private static boolean writableByOthers(Path p) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            return perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
