package org.cnpgrehearsal.tune;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL memory or size setting as postgresql.conf writes it: a number with B, kB, MB, GB or TB (1024-based),
 * or a bare number in the setting's own unit (kB for maintenance_work_mem, MB for max_wal_size).
 */
final class PgSize {

    static final long KB = 1024;
    static final long MB = 1024 * KB;
    static final long GB = 1024 * MB;

    private static final Pattern SIZE = Pattern.compile("\\s*(\\d+)\\s*(B|kB|MB|GB|TB)?\\s*");

    /** The bytes of {@code text}; {@code unit} is the bytes of one when no unit is written. Null when unreadable. */
    static Long bytes(String text, long unit) {
        Matcher m = SIZE.matcher(text == null ? "" : text);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        if (m.group(2) == null) {
            return n * unit;
        }
        return n
                * switch (m.group(2)) {
                    case "B" -> 1L;
                    case "kB" -> KB;
                    case "MB" -> MB;
                    case "GB" -> GB;
                    default -> 1024 * GB;
                };
    }

    /** As postgresql.conf takes it: whole GB when it is, else whole MB (rounded down). */
    static String text(long bytes) {
        return bytes % GB == 0
                ? String.format(Locale.ROOT, "%dGB", bytes / GB)
                : String.format(Locale.ROOT, "%dMB", bytes / MB);
    }

    private PgSize() {}
}
