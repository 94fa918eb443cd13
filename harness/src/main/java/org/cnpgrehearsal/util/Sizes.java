package org.cnpgrehearsal.util;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as users and Kubernetes write them ("50MB", "2GB", "1Gi", "500Mi") and as reports show them. */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile(
            "(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(b|k|kb|ki|kib|m|mb|mi|mib|g|gb|gi|gib|t|tb|ti|tib|p|pb|pi|pib)?\\s*");

    /** Past this no size is meant: 1000 PB (and far below the 9.2 EB where a long overflows). */
    private static final double MAX_BYTES = 1e18;

    /** Parses a size; decimal units (MB) and binary units (Mi, MiB) are both accepted. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new BadInputException("size '" + text + "' is not a size: write it like 500MB, 2GB, 1Gi or 800Mi");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long factor = switch (unit) {
            case "b" -> 1L;
            case "k", "kb" -> 1000L;
            case "ki", "kib" -> 1024L;
            case "m", "mb" -> 1000L * 1000;
            case "mi", "mib" -> 1024L * 1024;
            case "g", "gb" -> 1000L * 1000 * 1000;
            case "gi", "gib" -> 1024L * 1024 * 1024;
            case "t", "tb" -> 1000L * 1000 * 1000 * 1000;
            case "ti", "tib" -> 1024L * 1024 * 1024 * 1024;
            case "p", "pb" -> 1000L * 1000 * 1000 * 1000 * 1000;
            default -> 1024L * 1024 * 1024 * 1024 * 1024;
        };
        double bytes = value * factor;
        if (bytes > MAX_BYTES) {
            throw new BadInputException("size '" + text + "' is more than any disk holds: write at most 1000PB");
        }
        return Math.round(bytes);
    }

    /** A human-readable size in decimal units: "512 B", "12.3 MB", "2.00 GB". */
    public static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int i = -1;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, units[i]);
    }

    /** A Kubernetes quantity rounded up to whole Mi. */
    public static String kubernetesQuantity(long bytes) {
        long mi = (bytes + (1024L * 1024) - 1) / (1024L * 1024);
        return mi + "Mi";
    }

    private Sizes() {}
}
