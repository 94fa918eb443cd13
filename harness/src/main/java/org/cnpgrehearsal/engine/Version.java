package org.cnpgrehearsal.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The tool's version, from the build. */
public final class Version {
    public static String text() {
        try (InputStream in = Version.class.getResourceAsStream("/cnpg-rehearsal.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    private Version() {}
}
