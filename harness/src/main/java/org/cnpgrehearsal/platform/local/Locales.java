package org.cnpgrehearsal.platform.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.preflight.TargetLocales;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.OsUser;
import org.cnpgrehearsal.util.Processes;

/**
 * glibc locales built for one rehearsal with {@code localedef} into a private folder, given to a server through
 * {@code LOCPATH} (with it set, glibc does not read the machine's own locales): the source gets Spilo's locale without
 * the machine having it, and a target gets it only when its image would (CNPG's standard flavour); an empty folder
 * stands for the minimal image, which has only glibc's built-in locales.
 */
final class Locales {

    /** glibc's locale sources (Debian: the locales package). */
    private static final Path SOURCES = Path.of("/usr/share/i18n/locales");

    private final Path folder;

    private Locales(Path folder) {
        this.folder = folder;
    }

    /** Builds {@code locales} (built-in ones skipped) into {@code folder}. */
    static Locales build(Path folder, Collection<String> locales) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        for (String locale : locales) {
            if (TargetLocales.builtIn(locale) || Files.isDirectory(folder.resolve(locale))) {
                continue;
            }
            String[] parts = locale.split("\\.", 2);
            if (!Files.isRegularFile(SOURCES.resolve(parts[0]))) {
                throw new BadInputException("locale " + locale + " cannot be built here: " + SOURCES.resolve(parts[0])
                        + " is missing (Debian: apt-get install locales)");
            }
            String charmap = parts.length > 1 ? parts[1].replace("utf8", "UTF-8") : "UTF-8";
            Processes.check(
                    OsUser.SELF,
                    List.of(
                            "localedef",
                            "-i",
                            parts[0],
                            "-f",
                            charmap,
                            folder.resolve(locale).toString()),
                    Map.of());
        }
        return new Locales(folder);
    }

    /** The environment that lets a server use these locales. */
    Map<String, String> environment() {
        return Map.of("LOCPATH", folder.toString());
    }
}
