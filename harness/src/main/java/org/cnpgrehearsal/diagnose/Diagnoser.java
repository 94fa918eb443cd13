package org.cnpgrehearsal.diagnose;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Classifies the error text of a failed phase with {@link DiagnosisRules#TABLE}: the failing step's own error lines
 * first, then the lines around them (an operator's log tail, events), so that an unrelated line never outranks the
 * real error.
 */
public final class Diagnoser {

    public static Diagnosis diagnose(String phase, List<String> errorLines, List<String> contextLines) {
        return match(phase, errorLines)
                .or(() -> match(phase, contextLines))
                .orElseGet(() -> unknown(phase, errorLines.isEmpty() ? contextLines : errorLines));
    }

    private static Optional<Diagnosis> match(String phase, List<String> lines) {
        for (Rule rule : DiagnosisRules.TABLE) {
            for (String line : lines) {
                Matcher m = rule.pattern().matcher(line);
                if (m.find()) {
                    List<String> evidence = lines.stream()
                            .filter(l -> rule.pattern().matcher(l).find())
                            .limit(5)
                            .toList();
                    return Optional.of(new Diagnosis(
                            rule.cause(),
                            rule.cause().summary(),
                            phase,
                            evidence,
                            rule.remedy().apply(m)));
                }
            }
        }
        return Optional.empty();
    }

    private static Diagnosis unknown(String phase, List<String> lines) {
        List<String> tail = lines.subList(Math.max(0, lines.size() - 10), lines.size());
        return new Diagnosis(
                Cause.UNKNOWN,
                Cause.UNKNOWN.summary(),
                phase,
                tail,
                "no rule matches this error: read the evidence, and add a rule to DiagnosisRules when you know the cause");
    }

    private Diagnoser() {}
}
