package org.cnpgrehearsal.preflight;

import java.util.List;
import java.util.Optional;

/**
 * The result of a preflight: every check, and go (no check failed) or no-go. {@code source} names host, port, user
 * and sslmode only; {@code readOnly} says that every session ran with {@code default_transaction_read_only=on}.
 */
public record PreflightReport(String manifest, String source, boolean readOnly, boolean go, List<Check> checks) {

    public static PreflightReport of(String manifest, String source, List<Check> checks) {
        return new PreflightReport(
                manifest, source, true, checks.stream().noneMatch(Check::failed), List.copyOf(checks));
    }

    public Optional<Check> check(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public long count(Status s) {
        return checks.stream().filter(c -> c.status() == s).count();
    }
}
