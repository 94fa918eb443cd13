package org.cnpgrehearsal.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One verification check: its name, whether it passed, a one-line detail, and the differences found (first few). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Check(String name, boolean passed, String detail, List<String> differences) {
    public static Check pass(String name, String detail) {
        return new Check(name, true, detail, List.of());
    }

    public static Check fail(String name, String detail, List<String> differences) {
        return new Check(name, false, detail, differences);
    }
}
