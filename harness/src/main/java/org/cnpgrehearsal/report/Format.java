package org.cnpgrehearsal.report;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.results.VolumeNeed;
import org.cnpgrehearsal.util.Sizes;

/** How reports show durations, sizes and commands. */
public final class Format {

    private static final Pattern PLAIN_ARG = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    /** "850 ms", "12.3 s", "4 min 05 s", "2 h 07 min". */
    public static String duration(long ms) {
        if (ms < 0) {
            return "-" + duration(-ms);
        }
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, ms < 10_000 ? "%.2f s" : "%.1f s", ms / 1000.0);
        }
        long s = Math.round(ms / 1000.0);
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        long min = Math.round(ms / 60_000.0);
        return String.format(Locale.ROOT, "%d h %02d min", min / 60, min % 60);
    }

    public static String bytes(Long bytes) {
        return bytes == null ? "" : Sizes.human(bytes);
    }

    public static String bytes(double bytes) {
        return Sizes.human(Math.round(bytes));
    }

    /** A Kubernetes quantity (whole Mi, rounded up), as storage sizes are written in a manifest. */
    public static String quantity(Long bytes) {
        return bytes == null ? "" : VolumeNeed.quantity(bytes);
    }

    /** "1 h 20 min to 4 h 10 min". */
    public static String range(Estimate.Range r) {
        return duration(r.lowMs()) + " to " + duration(r.highMs());
    }

    /** A phase's work in its unit: bytes as sizes, cost units as a number. */
    public static String work(double work, String unit) {
        return switch (unit) {
            case "bytes" -> bytes(work);
            case "nothing" -> "";
            default -> String.format(Locale.ROOT, "%,.0f %s", work, unit);
        };
    }

    /** A fitted rate per unit of work: seconds per GB for bytes, milliseconds per 1,000 cost units otherwise. */
    public static String rate(double perUnitMs, String unit) {
        return switch (unit) {
            case "bytes" -> String.format(Locale.ROOT, "%.2f s/GB", perUnitMs * 1e9 / 1000.0);
            case "nothing" -> "";
            default -> String.format(Locale.ROOT, "%.3f ms per 1,000 %s", perUnitMs * 1000, unit);
        };
    }

    /** An argument list as a shell command line (single-quoted where needed). */
    public static String commandLine(List<String> argv) {
        StringBuilder b = new StringBuilder();
        for (String a : argv) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(
                    a != null && PLAIN_ARG.matcher(a).matches()
                            ? a
                            : "'" + String.valueOf(a).replace("'", "'\\''") + "'");
        }
        return b.toString();
    }

    private Format() {}
}
