package org.cnpgrehearsal.verify;

import java.util.ArrayList;
import java.util.List;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.diagnose.Diagnosis;
import org.cnpgrehearsal.diagnose.VerificationRemedies;
import org.cnpgrehearsal.manifest.ImportSpec;
import org.cnpgrehearsal.timeline.Phases;

/** The result of comparing source and target: passed only when every check passed. */
public record Verification(boolean passed, List<Check> checks) {
    public static Verification of(List<Check> checks) {
        return new Verification(!checks.isEmpty() && checks.stream().allMatch(Check::passed), List.copyOf(checks));
    }

    /** The diagnosis of a failed verification: the first failed check's cause, its differences as evidence. */
    public Diagnosis diagnosis(ImportSpec spec) {
        Check failed = checks.stream().filter(c -> !c.passed()).findFirst().orElseThrow();
        Cause cause = failed.cause() == null ? Cause.UNKNOWN : failed.cause();
        List<String> evidence = new ArrayList<>();
        evidence.add(failed.detail());
        evidence.addAll(failed.differences());
        return new Diagnosis(cause, cause.summary(), Phases.VERIFY, evidence, VerificationRemedies.remedy(cause, spec));
    }
}
