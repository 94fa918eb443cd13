package org.cnpgrehearsal.timeline;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a phase ended. */
public enum PhaseStatus {
    SUCCEEDED,
    FAILED,
    SKIPPED;

    @JsonValue
    public String json() {
        return name().toLowerCase();
    }
}
