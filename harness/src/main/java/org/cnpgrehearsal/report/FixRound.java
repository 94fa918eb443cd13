package org.cnpgrehearsal.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One round of {@code rehearse --fix}: the round number (1-based), the diagnosed cause (a {@code Cause} code), the
 * evidence lines, the remedy applied for the next round (null on the last, passing round or when no automatic remedy
 * exists) and the round's duration.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FixRound(int round, String cause, List<String> evidence, String remedy, long durationMs) {
    public FixRound {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
