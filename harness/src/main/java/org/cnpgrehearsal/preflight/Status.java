package org.cnpgrehearsal.preflight;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The outcome of one preflight check: a fail makes the preflight a no-go, a warn does not. */
public enum Status {
    PASS,
    WARN,
    FAIL;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
