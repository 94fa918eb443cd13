package org.cnpgrehearsal.timeline;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a phase ended: it did its work ({@code succeeded}), it ran through but what it checked is not right
 * ({@code found-problems}: a preflight no-go, a verification with failed checks), it could not finish
 * ({@code failed}), or it did not run.
 */
public enum PhaseStatus {
    SUCCEEDED("succeeded", "ok"),
    FOUND_PROBLEMS("found-problems", "found problems"),
    FAILED("failed", "failed"),
    SKIPPED("skipped", "skipped");

    private final String json;
    private final String text;

    PhaseStatus(String json, String text) {
        this.json = json;
        this.text = text;
    }

    @JsonValue
    public String json() {
        return json;
    }

    /** As the console and the reports show it. */
    public String text() {
        return text;
    }

    /** Whether the phase is shown as fine: only a phase that did its work and found nothing wrong. */
    public boolean ok() {
        return this == SUCCEEDED;
    }
}
