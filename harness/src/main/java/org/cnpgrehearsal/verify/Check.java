package org.cnpgrehearsal.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.cnpgrehearsal.diagnose.Cause;

/**
 * One verification check: its name, whether it passed, a one-line detail, what it compared on the source and on the
 * target, the differences found (first few), notes that do not fail it (differences an application rarely sees, or
 * what was left out on purpose), the cause a failure stands for, and the remedy that follows from these differences.
 * A check that could not measure fails with {@code measured} false: "could not measure" is never a pass.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Check(
        String name,
        boolean passed,
        boolean measured,
        String detail,
        String compared,
        List<String> differences,
        List<String> notes,
        Cause cause,
        String remedy) {

    /** How many differences a check lists; the detail line gives the full count. */
    public static final int SHOWN = 10;

    public Check {
        differences = differences == null ? List.of() : List.copyOf(differences);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public static Check pass(String name, String detail) {
        return new Check(name, true, true, detail, null, List.of(), List.of(), null, null);
    }

    public static Check fail(String name, String detail, List<String> differences, Cause cause) {
        return new Check(
                name,
                false,
                true,
                detail,
                null,
                differences.stream().limit(SHOWN).toList(),
                List.of(),
                cause,
                null);
    }

    /** The check could not run: it fails, saying why, and is never taken for a pass. */
    public static Check notMeasured(String name, String why) {
        return new Check(
                name, false, false, "could not measure: " + why, null, List.of(), List.of(), Cause.UNKNOWN, null);
    }

    public Check comparing(String what) {
        return new Check(name, passed, measured, detail, what, differences, notes, cause, remedy);
    }

    public Check withNotes(List<String> more) {
        return new Check(
                name,
                passed,
                measured,
                detail,
                compared,
                differences,
                more.stream().limit(SHOWN).toList(),
                cause,
                remedy);
    }

    public Check withRemedy(String text) {
        return new Check(name, passed, measured, detail, compared, differences, notes, cause, text);
    }
}
