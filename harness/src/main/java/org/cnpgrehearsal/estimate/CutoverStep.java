package org.cnpgrehearsal.estimate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cnpgrehearsal.util.BadInputException;

/**
 * An operator or cutover step of the night, with the minutes it takes, before or after the import: added to the
 * window as given. A steps file is a JSON array: {@code [{"name": "stop writers", "minutes": 5, "when": "before"},
 * ...]}; {@code when} is {@code before} or {@code after} (the default).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CutoverStep(String name, double minutes, String when) {

    public static final String BEFORE = "before";
    public static final String AFTER = "after";

    /** The default steps: what every cutover does around the import. */
    public static final List<CutoverStep> DEFAULTS = List.of(
            new CutoverStep("stop writers (scale the application down, wait for open transactions)", 5, BEFORE),
            new CutoverStep("final checks (row counts, ownership and application access on the target)", 10, AFTER),
            new CutoverStep("switch the application (new connection secret, restart, smoke test)", 10, AFTER));

    public CutoverStep {
        when = when == null ? AFTER : when;
    }

    public long millis() {
        return Math.round(minutes * 60_000);
    }

    public boolean before() {
        return BEFORE.equals(when);
    }

    public static List<CutoverStep> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("steps file " + file
                    + " does not exist: give a JSON array of {\"name\", \"minutes\", \"when\": \"before\"|\"after\"}");
        }
        try {
            List<CutoverStep> steps =
                    ProductionProfile.mapper().readValue(file.toFile(), new TypeReference<List<CutoverStep>>() {});
            for (CutoverStep s : steps) {
                if (s == null || s.name() == null || s.minutes() < 0) {
                    throw new BadInputException("steps file " + file + ": every step needs a name and minutes >= 0");
                }
                if (!s.before() && !AFTER.equals(s.when())) {
                    throw new BadInputException("steps file " + file + ": step '" + s.name() + "' has when '" + s.when()
                            + "': write before or after");
                }
            }
            return List.copyOf(steps);
        } catch (IOException e) {
            throw new BadInputException("steps file " + file + " is not a JSON array of {\"name\", \"minutes\"}: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }
}
