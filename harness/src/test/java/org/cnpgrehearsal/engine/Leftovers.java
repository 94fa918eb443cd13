package org.cnpgrehearsal.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What a rehearsal leaves behind: its work folders in the temp folder, and PostgreSQL servers started from them. */
final class Leftovers {
    private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));

    static Set<String> workFolders() throws IOException {
        try (Stream<Path> s = Files.list(TMP)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("cnpg-rehearsal-"))
                    .collect(Collectors.toCollection(HashSet::new));
        }
    }

    /**
     * Running postgres servers started from a work folder that no longer exists: a rehearsal removed its folder but
     * left its server running. (Servers of rehearsals still running elsewhere keep their folders.) Only the postgres
     * program counts, and only its arguments that are paths: {@code initdb --pwfile=/tmp/cnpg-rehearsal-.../pwfile}
     * of another rehearsal is neither a server nor a path.
     */
    static Set<String> orphanedServers() throws IOException {
        Set<String> found = new HashSet<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    String[] argv = new String(Files.readAllBytes(p.resolve("cmdline"))).split("\0");
                    if (argv.length == 0 || !argv[0].endsWith("/postgres")) {
                        continue;
                    }
                    for (String token : argv) {
                        if (token.startsWith("/")
                                && token.contains("/cnpg-rehearsal-")
                                && !Files.exists(Path.of(token))) {
                            found.add(String.join(" ", argv));
                        }
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return found;
    }

    private Leftovers() {}
}
