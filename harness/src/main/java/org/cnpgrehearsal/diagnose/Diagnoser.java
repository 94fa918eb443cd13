package org.cnpgrehearsal.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Classifies the error text of a failed phase with {@link DiagnosisRules#TABLE}: the failing step's own errors first,
 * in the order they were printed (the first error is the cause, later ones are often its consequences), then the lines
 * around them (an operator's log tail, events), so that an unrelated line never outranks the real error. Only rules
 * that apply on the failing phase's side are tried. When none matches, the diagnosis still gives a {@link Leads lead}.
 */
public final class Diagnoser {

    /** Evidence lines shown for one diagnosis. */
    private static final int EVIDENCE = 12;

    public static Diagnosis diagnose(String phase, List<String> errorLines, List<String> contextLines) {
        return match(phase, ErrorRecord.of(errorLines))
                .or(() -> match(phase, ErrorRecord.of(contextLines)))
                .orElseGet(() -> Leads.unknown(phase, errorLines.isEmpty() ? contextLines : errorLines));
    }

    private static Optional<Diagnosis> match(String phase, List<ErrorRecord> errors) {
        for (ErrorRecord error : errors) {
            for (Rule rule : DiagnosisRules.TABLE) {
                if (!rule.appliesIn(phase)) {
                    continue;
                }
                Rule.Found found = rule.find(error);
                if (found != null) {
                    return Optional.of(new Diagnosis(
                            rule.cause(),
                            rule.cause().summary(),
                            phase,
                            evidence(rule, found.error(), errors),
                            rule.remedy().apply(found)));
                }
            }
        }
        return Optional.empty();
    }

    /** The matched error whole (its object, statement, detail), then the other errors of the same cause. */
    private static List<String> evidence(Rule rule, ErrorRecord first, List<ErrorRecord> errors) {
        List<String> lines = new ArrayList<>(first.lines());
        for (ErrorRecord other : errors) {
            boolean sameCause =
                    DiagnosisRules.TABLE.stream().anyMatch(r -> r.cause() == rule.cause() && r.find(other) != null);
            if (other != first && sameCause) {
                lines.addAll(other.lines());
            }
        }
        return List.copyOf(lines.subList(0, Math.min(EVIDENCE, lines.size())));
    }

    private Diagnoser() {}
}
