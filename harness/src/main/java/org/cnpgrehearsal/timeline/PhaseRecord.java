package org.cnpgrehearsal.timeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;

/** One finished phase on the timeline. {@code bytes} is what the phase handled (database size, dump size), when that means something. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PhaseRecord(
        String name, Instant startedAt, Instant endedAt, PhaseStatus status, Long bytes, String detail) {

    @JsonProperty("durationMs")
    public long durationMs() {
        return Duration.between(startedAt, endedAt).toMillis();
    }
}
