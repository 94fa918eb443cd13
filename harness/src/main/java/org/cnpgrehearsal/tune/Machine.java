package org.cnpgrehearsal.tune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine the variants run on, as far as it bears on their timings. */
final class Machine {

    private static final Path LOAD_AVERAGE = Path.of("/proc/loadavg");

    /** The load average over 1, 5 and 15 minutes ("0.70 0.72 1.70"); null where the system does not tell. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(LOAD_AVERAGE).trim().split("\\s+");
            return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : null;
        } catch (IOException e) {
            return null;
        }
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    private Machine() {}
}
