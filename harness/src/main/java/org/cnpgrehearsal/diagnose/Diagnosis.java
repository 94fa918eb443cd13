package org.cnpgrehearsal.diagnose;

import java.util.List;

/** A classified failure: the cause, the phase where it showed, the evidence lines and what to change. */
public record Diagnosis(Cause cause, String summary, String phase, List<String> evidence, String remediation) {

    /** The remediation with the rehearsal's own import user named where the table says {@code <import user>}. */
    public Diagnosis forImportUser(String user) {
        return new Diagnosis(cause, summary, phase, evidence, remediation.replace("<import user>", user));
    }
}
