package org.cnpgrehearsal.estimate;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cnpgrehearsal.util.BadInputException;

/**
 * An operator or cutover step around the import, with the minutes it takes: added to the window as given. A steps
 * file is a JSON array: {@code [{"name": "stop writers", "minutes": 5}, ...]}.
 */
public record CutoverStep(String name, double minutes) {

    /** The default steps: what every cutover does around the import. */
    public static final List<CutoverStep> DEFAULTS = List.of(
            new CutoverStep("stop writers (scale the application down, wait for open transactions)", 5),
            new CutoverStep("final checks (row counts, ownership and application access on the target)", 10),
            new CutoverStep("switch the application (new connection secret, restart, smoke test)", 10));

    public long millis() {
        return Math.round(minutes * 60_000);
    }

    public static List<CutoverStep> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(
                    "steps file " + file + " does not exist: give a JSON array of {\"name\", \"minutes\"}");
        }
        try {
            List<CutoverStep> steps =
                    ProductionProfile.mapper().readValue(file.toFile(), new TypeReference<List<CutoverStep>>() {});
            for (CutoverStep s : steps) {
                if (s == null || s.name() == null || s.minutes() < 0) {
                    throw new BadInputException("steps file " + file + ": every step needs a name and minutes >= 0");
                }
            }
            return List.copyOf(steps);
        } catch (IOException e) {
            throw new BadInputException("steps file " + file + " is not a JSON array of {\"name\", \"minutes\"}: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }
}
