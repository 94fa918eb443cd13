package org.cnpgrehearsal.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One change to the Zalando source that a rehearsal assumed, written the way a Zalando cluster is changed: server
 * parameters through the {@code postgresql} resource (Patroni writes postgresql.conf and reloads), SQL that can run
 * twice, each with the reason it is needed and how to undo it. {@code key} tells steps apart (one step per key).
 *
 * @param parameters server parameters to set, name to value (empty for SQL-only steps)
 * @param sql        statements to run as a superuser in the application database
 * @param revert     statements that undo {@code sql} (parameters are undone by removing them again)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PrepStep(String key, String why, Map<String, String> parameters, List<String> sql, List<String> revert) {

    public PrepStep {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        sql = sql == null ? List.of() : List.copyOf(sql);
        revert = revert == null ? List.of() : List.copyOf(revert);
    }

    /** A step that runs SQL. */
    public static PrepStep sql(String key, String why, List<String> sql, List<String> revert) {
        return new PrepStep(key, why, Map.of(), sql, revert);
    }

    /** A step that sets one server parameter for the window. */
    public static PrepStep parameter(String key, String why, String name, String value) {
        return new PrepStep(key, why, Map.of(name, value), List.of(), List.of());
    }

    /** One line for the verdict: what is done, without the reason. */
    public String summary() {
        if (!parameters.isEmpty()) {
            return parameters.entrySet().stream()
                            .map(e -> e.getKey() + " = " + e.getValue())
                            .sorted()
                            .reduce((a, b) -> a + ", " + b)
                            .orElse("")
                    + " (postgresql resource)";
        }
        return String.join(" ", sql);
    }
}
