package org.cnpgrehearsal.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a preflight result of any JSON shape as rows: an array of check objects, or an object with {@code checks[]}
 * (or {@code results[]}); each check's name from {@code name}/{@code id}/{@code rule}, its result from
 * {@code status}/{@code result}/{@code outcome}/{@code severity}/{@code passed}, its detail from
 * {@code detail}/{@code message}/{@code summary}/{@code measured} (plus {@code remediation} when present). Null when it has no checks.
 */
final class PreflightView {

    record Row(String name, String result, String detail, boolean bad) {}

    static List<Row> rows(JsonNode p) {
        JsonNode checks = p.isArray() ? p : p.has("checks") ? p.get("checks") : p.get("results");
        if (checks == null || !checks.isArray() || checks.isEmpty()) {
            return null;
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode c : checks) {
            if (!c.isObject()) {
                rows.add(new Row(c.asText(), "", "", false));
                continue;
            }
            String name = first(c, "name", "id", "rule", "check");
            String result;
            if (c.has("passed") && c.get("passed").isBoolean()) {
                result = c.get("passed").asBoolean() ? "pass" : "fail";
            } else {
                result = first(c, "status", "result", "outcome", "severity", "level");
            }
            String detail = first(c, "detail", "message", "summary", "description", "measured");
            String remediation = first(c, "remediation", "fix");
            if (!remediation.isEmpty()) {
                detail = detail.isEmpty() ? remediation : detail + " Remedy: " + remediation;
            }
            String lower = result.toLowerCase(Locale.ROOT);
            boolean bad = lower.startsWith("fail") || lower.startsWith("error") || lower.startsWith("warn");
            rows.add(new Row(name, result, detail, bad));
        }
        return rows;
    }

    private static String first(JsonNode c, String... keys) {
        for (String k : keys) {
            JsonNode v = c.get(k);
            if (v != null && !v.isNull()) {
                return v.isValueNode() ? v.asText() : v.toString();
            }
        }
        return "";
    }

    private PreflightView() {}
}
