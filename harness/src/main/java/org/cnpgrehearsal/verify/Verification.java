package org.cnpgrehearsal.verify;

import java.util.List;

/** The result of comparing source and target: passed only when every check passed. */
public record Verification(boolean passed, List<Check> checks) {
    public static Verification of(List<Check> checks) {
        return new Verification(!checks.isEmpty() && checks.stream().allMatch(Check::passed), List.copyOf(checks));
    }
}
