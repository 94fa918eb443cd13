package org.cnpgrehearsal.util;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the project's folders are: the current folder when it is the project (the README's commands run from there),
 * else the checkout that holds the running jar ({@code harness/target/cnpg-rehearsal.jar}).
 */
public final class ProjectPaths {

    public static Path root() {
        Path cwd = Path.of("").toAbsolutePath();
        if (Files.isDirectory(cwd.resolve("scenarios")) && Files.isDirectory(cwd.resolve("fixtures"))) {
            return cwd;
        }
        try {
            Path jar = Path.of(ProjectPaths.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            for (Path p = jar; p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("scenarios")) && Files.isDirectory(p.resolve("fixtures"))) {
                    return p;
                }
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the current folder
        }
        return cwd;
    }

    public static Path scenarios() {
        return root().resolve("scenarios");
    }

    public static Path fixtures() {
        return root().resolve("fixtures");
    }

    public static Path defaultManifest() {
        return fixtures().resolve("manifests/database-cnpg.yaml");
    }

    public static Path reports() {
        return root().resolve("reports");
    }

    private ProjectPaths() {}
}
