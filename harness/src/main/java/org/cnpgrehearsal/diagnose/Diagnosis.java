package org.cnpgrehearsal.diagnose;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A classified failure: the cause, the phase where it showed, the side it blames (where the change belongs), the
 * evidence lines and what to change. An unrecognised failure carries a {@link Lead} instead of a known cause.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Diagnosis(
        Cause cause, String summary, String phase, Side side, List<String> evidence, String remediation, Lead lead) {

    /**
     * What an unrecognised failure still tells: the first error line of the failing command, the SQL statement it
     * quotes, the object it names, and the known cause it is nearest to (with why), each null when absent.
     */
    public record Lead(String firstError, String statement, String object, Cause nearest, String why) {}

    /** A diagnosis of a known cause, blaming the side the cause names (or, for UNKNOWN, the phase's). */
    public Diagnosis(Cause cause, String summary, String phase, List<String> evidence, String remediation) {
        this(
                cause,
                summary,
                phase,
                cause.blames() != null ? cause.blames() : Side.ofPhase(phase),
                evidence,
                remediation,
                null);
    }

    /** The remediation with the rehearsal's own import user named where the table says {@code <import user>}. */
    public Diagnosis forImportUser(String user) {
        return new Diagnosis(cause, summary, phase, side, evidence, remediation.replace("<import user>", user), lead);
    }
}
