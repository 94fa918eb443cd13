package org.cnpgrehearsal.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The tool's version and build, from the build. */
public final class Version {

    private static final Properties BUILD = load();

    public static String text() {
        return BUILD.getProperty("version", "dev");
    }

    /** When the jar was built (UTC), or "unknown" outside a build. */
    public static String built() {
        return BUILD.getProperty("built", "unknown");
    }

    /** The versions of the embedded PostgreSQL server binaries, as the build names them ("15.14.0"). */
    public static String postgresBinaries() {
        return BUILD.getProperty("postgres.binaries", "unknown");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/cnpg-rehearsal.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource reads as a development build
        }
        return p;
    }

    private Version() {}
}
