package org.cnpgrehearsal.platform.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One JSON line of CNPG's instance manager log: {@code level}, {@code ts}, {@code logger}, {@code msg} and the
 * fields of the entry. {@code ts} comes as RFC3339 with up to nine fraction digits, without a fraction, or as epoch
 * seconds (a float), depending on the operator version.
 */
public record InstanceLogLine(Instant ts, String level, String logger, String msg, JsonNode fields) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The line parsed, or empty when it is not an instance manager JSON entry (plain text, a partial line). */
    public static Optional<InstanceLogLine> parse(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("{")) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(trimmed);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        Instant ts = timestamp(node.get("ts"));
        if (ts == null || !node.hasNonNull("msg")) {
            return Optional.empty();
        }
        return Optional.of(new InstanceLogLine(
                ts, text(node, "level"), text(node, "logger"), node.get("msg").asText(), node));
    }

    /** A field of the entry as text ("" when absent). */
    public String field(String name) {
        return text(fields, name);
    }

    public boolean isError() {
        return "error".equalsIgnoreCase(level);
    }

    static Instant timestamp(JsonNode ts) {
        if (ts == null || ts.isNull()) {
            return null;
        }
        if (ts.isNumber()) {
            return epoch(ts.decimalValue());
        }
        String text = ts.asText();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return epoch(new BigDecimal(text));
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
    }

    private static Instant epoch(BigDecimal seconds) {
        BigDecimal whole = new BigDecimal(seconds.toBigInteger());
        long nanos = seconds.subtract(whole).movePointRight(9).longValue();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
