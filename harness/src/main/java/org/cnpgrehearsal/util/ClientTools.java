package org.cnpgrehearsal.util;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pg_dump and pg_restore of one major, found on this machine. In CNPG they come from the target's image, so their
 * major is the target's major.
 */
public record ClientTools(Path bin, int major, String version) {

    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(\\.\\d+)?");

    public Path pgDump() {
        return bin.resolve("pg_dump");
    }

    public Path pgRestore() {
        return bin.resolve("pg_restore");
    }

    /**
     * Finds the tools: {@code --pg-bin} when given; else the newest of PATH and /usr/lib/postgresql/N/bin, or the one of
     * {@code wantedMajor} when asked for.
     */
    public static ClientTools find(Path pgBin, Integer wantedMajor) throws IOException, InterruptedException {
        if (pgBin != null) {
            ClientTools tools = probe(pgBin)
                    .orElseThrow(() -> new BadInputException("--pg-bin " + pgBin
                            + " has no working pg_dump and pg_restore: point it at a PostgreSQL bin folder"));
            if (wantedMajor != null && tools.major() != wantedMajor) {
                throw new BadInputException(
                        "--pg-bin " + pgBin + " holds pg_dump " + tools.major() + " but major " + wantedMajor
                                + " was asked for: point --pg-bin at PostgreSQL " + wantedMajor + "'s bin folder");
            }
            return tools;
        }
        List<ClientTools> found = candidates();
        Optional<ClientTools> pick = found.stream()
                .filter(t -> wantedMajor == null || t.major() == wantedMajor)
                .max(Comparator.comparingInt(ClientTools::major));
        return pick.orElseThrow(() -> new BadInputException(
                wantedMajor == null
                        ? "no pg_dump/pg_restore found on PATH or under /usr/lib/postgresql/*/bin: install the PostgreSQL client (Debian: apt-get install postgresql-client) or pass --pg-bin DIR"
                        : "no pg_dump/pg_restore " + wantedMajor + " found (found "
                                + found.stream().map(ClientTools::major).toList() + "): install PostgreSQL "
                                + wantedMajor + "'s client or pass --pg-bin DIR"));
    }

    /** Every pg_dump/pg_restore pair on this machine. */
    public static List<ClientTools> candidates() throws IOException, InterruptedException {
        List<Path> dirs = new ArrayList<>();
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!p.isBlank()) {
                dirs.add(Path.of(p));
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (DirectoryStream<Path> majors = Files.newDirectoryStream(debian)) {
                majors.forEach(m -> dirs.add(m.resolve("bin")));
            }
        }
        List<ClientTools> found = new ArrayList<>();
        for (Path dir : dirs) {
            Optional<ClientTools> t = probe(dir);
            if (t.isPresent()
                    && found.stream().noneMatch(f -> f.version().equals(t.get().version()))) {
                found.add(t.get());
            }
        }
        return found;
    }

    private static Optional<ClientTools> probe(Path dir) throws IOException, InterruptedException {
        Path dump = dir.resolve("pg_dump");
        if (!Files.isExecutable(dump) || !Files.isExecutable(dir.resolve("pg_restore"))) {
            return Optional.empty();
        }
        List<String> out = Processes.check(OsUser.SELF, List.of(dump.toString(), "--version"), Map.of());
        Matcher m = VERSION.matcher(String.join(" ", out));
        if (!m.find()) {
            return Optional.empty();
        }
        String version = m.group(1) + (m.group(2) == null ? "" : m.group(2));
        Path bin = dir;
        // Debian's /usr/bin/pg_dump is pg_wrapper, which picks a version at each call: use the versioned folder
        Path versioned = Path.of("/usr/lib/postgresql", m.group(1), "bin");
        if (dump.toRealPath().getFileName().toString().equals("pg_wrapper")
                && Files.isExecutable(versioned.resolve("pg_restore"))) {
            bin = versioned;
        }
        return Optional.of(new ClientTools(bin, Integer.parseInt(m.group(1)), version));
    }
}
