package org.cnpgrehearsal.verify;

import java.util.ArrayList;
import java.util.List;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.diagnose.Diagnosis;
import org.cnpgrehearsal.timeline.Phases;

/** The result of comparing source and target: passed only when every check passed. */
public record Verification(boolean passed, List<Check> checks) {
    public static Verification of(List<Check> checks) {
        return new Verification(!checks.isEmpty() && checks.stream().allMatch(Check::passed), List.copyOf(checks));
    }

    /** The diagnosis of a failed verification: the first failed check's cause, its differences as evidence, its remedy. */
    public Diagnosis diagnosis() {
        Check failed = checks.stream().filter(c -> !c.passed()).findFirst().orElseThrow();
        Cause cause = failed.cause() == null ? Cause.UNKNOWN : failed.cause();
        List<String> evidence = new ArrayList<>();
        evidence.add(failed.detail());
        evidence.addAll(failed.differences());
        String remedy = failed.remedy() != null ? failed.remedy() : "see the evidence";
        return new Diagnosis(cause, cause.summary(), Phases.VERIFY, evidence, remedy);
    }
}
