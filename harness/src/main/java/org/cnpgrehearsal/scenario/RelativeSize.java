package org.cnpgrehearsal.scenario;

import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.Sizes;

/**
 * A size that is absolute ("300MB") or relative to the seeded database ("1.2x"), so a scenario works at any --size.
 * A relative volume size is room on top of what the empty target already holds (its initdb cluster and WAL), which
 * does not grow with the database.
 */
public record RelativeSize(Long absoluteBytes, Double factor) {

    public static RelativeSize parse(String text) {
        String t = text.trim();
        if (t.endsWith("x")) {
            try {
                return new RelativeSize(null, Double.parseDouble(t.substring(0, t.length() - 1)));
            } catch (NumberFormatException e) {
                throw new BadInputException(
                        "size '" + text + "' is not a factor: write it like 1.2x, or as an absolute size like 300MB");
            }
        }
        return new RelativeSize(Sizes.parse(t), null);
    }

    public long resolve(long databaseBytes, long baseBytes) {
        return absoluteBytes != null ? absoluteBytes : baseBytes + Math.round(factor * databaseBytes);
    }
}
