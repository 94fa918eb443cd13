package org.cnpgrehearsal.diagnose;

import java.util.List;
import java.util.regex.Matcher;

/** Classifies the error text of a failed phase with {@link DiagnosisRules#TABLE}. */
public final class Diagnoser {

    public static Diagnosis diagnose(String phase, List<String> errorLines) {
        for (Rule rule : DiagnosisRules.TABLE) {
            for (String line : errorLines) {
                Matcher m = rule.pattern().matcher(line);
                if (m.find()) {
                    List<String> evidence = errorLines.stream().filter(l -> rule.pattern().matcher(l).find()).limit(5).toList();
                    return new Diagnosis(rule.cause(), rule.cause().summary(), phase, evidence, rule.remedy().apply(m));
                }
            }
        }
        List<String> tail = errorLines.subList(Math.max(0, errorLines.size() - 10), errorLines.size());
        return new Diagnosis(Cause.UNKNOWN, Cause.UNKNOWN.summary(), phase, tail,
                "no rule matches this error: read the evidence, and add a rule to DiagnosisRules when you know the cause");
    }

    private Diagnoser() {
    }
}
