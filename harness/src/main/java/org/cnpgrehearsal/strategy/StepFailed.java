package org.cnpgrehearsal.strategy;

import java.util.List;

/**
 * A step of a migration failed the rehearsal: its error lines (what the server or the tool said) go to the diagnosis.
 * Thrown by the flows and by the platforms' parts of them (a subscription, a base backup).
 */
public final class StepFailed extends Exception {
    private final List<String> errorLines;

    public StepFailed(List<String> errorLines) {
        super(String.join("\n", errorLines));
        this.errorLines = List.copyOf(errorLines);
    }

    public List<String> errorLines() {
        return errorLines;
    }
}
