package org.cnpgrehearsal.util;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users write them on the command line: {@code 90s}, {@code 15m}, {@code 2h}, or a bare number. */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(?i)\\s*(\\d+)\\s*(s|sec|m|min|h)?\\s*");

    /**
     * Parses {@code text} given to {@code option}; a bare number counts in {@code bareUnit} (so that earlier
     * command lines keep their meaning). Zero and negative durations are bad input.
     */
    public static Duration parse(String option, String text, String bareUnit) {
        Matcher m = DURATION.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new BadInputException(option + " '" + text + "' is not a duration: write it like 90s, 15m or 2h");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new BadInputException(option + " '" + text + "' is too long: write at most a few hours");
        }
        String unit = (m.group(2) == null ? bareUnit : m.group(2)).toLowerCase(Locale.ROOT);
        Duration d = switch (unit) {
            case "s", "sec" -> Duration.ofSeconds(n);
            case "m", "min" -> n > Long.MAX_VALUE / 60 ? null : Duration.ofMinutes(n);
            default -> n > Long.MAX_VALUE / 3600 ? null : Duration.ofHours(n);
        };
        if (d == null || d.toDays() > 7) {
            throw new BadInputException(option + " '" + text + "' is longer than a week: write at most a few hours");
        }
        if (d.isZero()) {
            throw new BadInputException(option + " '" + text + "' is zero: give a duration such as 15m");
        }
        return d;
    }

    private Durations() {}
}
