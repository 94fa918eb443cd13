package org.cnpgrehearsal.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Spilo ships extensions that CNPG's images lack ({@code pg_stat_kcache}, {@code set_user}, ...). Where the embedded
 * binaries lack them too, the source gets a stand-in of the same name (a control file and a one-function script),
 * installed into the source's own copy of the binaries only, so that the dump carries {@code CREATE EXTENSION name}
 * and the target's restore fails exactly as on CNPG.
 */
public final class StandInExtensions {

    /** Extensions that Spilo has and CNPG's operand images do not (FACTS.md), with a version to announce. */
    public static final Map<String, String> SPILO_ONLY = Map.of(
            "pg_stat_kcache", "2.2.3",
            "set_user", "4.1.0",
            "pg_auth_mon", "3.0",
            "bg_mon", "1.0");

    public static Set<String> names() {
        return SPILO_ONLY.keySet();
    }

    /** Writes the stand-in's control and script files into {@code binaries}/share/postgresql/extension. */
    public static void install(Path binaries, String name) throws IOException {
        Path dir = binaries.resolve("share/postgresql/extension");
        for (Map.Entry<String, String> file : files(name).entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }
    }

    /** The stand-in's files as PostgreSQL looks for them in its extension folder: name to content. */
    public static Map<String, String> files(String name) {
        String version = SPILO_ONLY.get(name);
        return Map.of(
                name + ".control",
                """
                comment = 'cnpg-rehearsal stand-in for Spilo''s %s'
                default_version = '%s'
                relocatable = true
                """.formatted(name, version),
                name + "--" + version + ".sql",
                "CREATE FUNCTION " + name + "_standin() RETURNS text LANGUAGE sql AS $$ SELECT '" + name
                        + "'::text $$;\n");
    }

    private StandInExtensions() {}
}
