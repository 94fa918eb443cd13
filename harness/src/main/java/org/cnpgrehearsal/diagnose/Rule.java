package org.cnpgrehearsal.diagnose;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One line of the diagnosis table: an error pattern, its cause, and the remedy (which may quote the match). */
public record Rule(Pattern pattern, Cause cause, Function<Matcher, String> remedy) {

    public static Rule of(String regex, Cause cause, Function<Matcher, String> remedy) {
        return new Rule(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), cause, remedy);
    }

    public static Rule of(String regex, Cause cause, String remedy) {
        return of(regex, cause, m -> remedy);
    }
}
