package org.cnpgrehearsal.diagnose;

import java.util.List;
import java.util.regex.Matcher;
import org.cnpgrehearsal.manifest.ImportSpec;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.verify.Check;
import org.cnpgrehearsal.verify.Verification;

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

    /** The diagnosis of a failed verification: the first failed check's cause, its differences as evidence. */
    public static Diagnosis fromVerification(Verification verification, ImportSpec spec) {
        Check failed = verification.checks().stream().filter(c -> !c.passed()).findFirst().orElseThrow();
        Cause cause = failed.cause() == null ? Cause.UNKNOWN : failed.cause();
        List<String> evidence = new java.util.ArrayList<>();
        evidence.add(failed.detail());
        evidence.addAll(failed.differences());
        return new Diagnosis(cause, cause.summary(), Phases.VERIFY, evidence, VerificationRemedies.remedy(cause, spec));
    }

    private Diagnoser() {
    }
}
