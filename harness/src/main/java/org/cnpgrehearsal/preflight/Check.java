package org.cnpgrehearsal.preflight;

/**
 * One row of the preflight: which check, its status, what was measured, and how to fix it (empty when nothing is to
 * be done). Never carries a password or a password hash.
 */
public record Check(String id, Status status, String measured, String fix) {

    public static Check pass(String id, String measured) {
        return new Check(id, Status.PASS, measured, "");
    }

    public static Check warn(String id, String measured, String fix) {
        return new Check(id, Status.WARN, measured, fix);
    }

    public static Check fail(String id, String measured, String fix) {
        return new Check(id, Status.FAIL, measured, fix);
    }

    /** A check that could not be measured because an earlier one failed. */
    public static Check notMeasured(String id, String why) {
        return new Check(
                id, Status.WARN, "not measured: " + why, "fix the failing checks above, then run preflight again");
    }

    public boolean failed() {
        return status == Status.FAIL;
    }
}
