package org.cnpgrehearsal.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.cnpgrehearsal.diagnose.Cause;

/**
 * One verification check: its name, whether it passed, a one-line detail, the differences found (first few), and
 * the cause a failure stands for.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Check(String name, boolean passed, String detail, List<String> differences, Cause cause) {
    public static Check pass(String name, String detail) {
        return new Check(name, true, detail, List.of(), null);
    }

    public static Check fail(String name, String detail, List<String> differences, Cause cause) {
        return new Check(name, false, detail, differences, cause);
    }
}
