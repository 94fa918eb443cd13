package org.cnpgrehearsal.diagnose;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of the diagnosis table: an error pattern, its cause, and the remedy (which may quote the match and the
 * statement that failed). A rule may say on which sides and in which phases it applies (by the phase that failed: a
 * privilege error while restoring is never the source's) and which failing statement it needs
 * ({@code Command was: ...}).
 */
public record Rule(
        Pattern pattern,
        Cause cause,
        Function<Found, String> remedy,
        Set<Side> sides,
        Set<String> phases,
        Pattern statement) {

    /** What a rule found: the match in the error's text, and the whole error. */
    public record Found(Matcher match, ErrorRecord error) {
        public String group(int i) {
            return match.group(i);
        }
    }

    public static Rule of(String regex, Cause cause, Function<Found, String> remedy) {
        return new Rule(
                Pattern.compile(regex, Pattern.CASE_INSENSITIVE),
                cause,
                remedy,
                EnumSet.allOf(Side.class),
                Set.of(),
                null);
    }

    public static Rule of(String regex, Cause cause, String remedy) {
        return of(regex, cause, f -> remedy);
    }

    /** The same rule, applying only where the failing phase works on one of {@code only}. */
    public Rule on(Side... only) {
        return new Rule(pattern, cause, remedy, EnumSet.copyOf(Arrays.asList(only)), phases, statement);
    }

    /** The same rule, applying only when one of {@code only} failed (what only pg_dump prints, for one). */
    public Rule in(String... only) {
        return new Rule(pattern, cause, remedy, sides, Set.of(only), statement);
    }

    /** The same rule, applying only when the failing statement matches {@code regex}. */
    public Rule whenStatement(String regex) {
        return new Rule(pattern, cause, remedy, sides, phases, Pattern.compile(regex, Pattern.CASE_INSENSITIVE));
    }

    /** Whether the rule applies to an error of {@code phase} (a phase the harness does not know is open to every rule). */
    public boolean appliesIn(String phase) {
        Side side = Side.ofPhase(phase);
        return side == null || (sides.contains(side) && (phases.isEmpty() || phases.contains(phase)));
    }

    /** The match in {@code error}, when the rule recognises it. */
    public Found find(ErrorRecord error) {
        if (statement != null) {
            String sql = error.statement();
            if (sql == null || !statement.matcher(sql).find()) {
                return null;
            }
        }
        Matcher m = pattern.matcher(error.message());
        return m.find() ? new Found(m, error) : null;
    }
}
