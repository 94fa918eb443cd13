package org.cnpgrehearsal.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failure no rule recognises still tells: the phase and its side, the first error of the failing command with
 * the statement it quotes, the object it names, and the nearest known cause by the words it uses. A lead, not a
 * verdict: the cause stays UNKNOWN.
 */
final class Leads {

    /** Words that bring an error near a known cause, most telling first; read on the failing phase's side. */
    private record Near(Pattern words, Cause cause, Side side) {
        static Near of(String regex, Cause cause, Side side) {
            return new Near(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), cause, side);
        }
    }

    private static final List<Near> NEAR = List.of(
            Near.of("row[- ]level security|\\bpolic(y|ies)\\b", Cause.RLS_BLOCKS_DUMP, null),
            Near.of("superuser", Cause.SUPERUSER_STRIPPED, Side.TARGET),
            Near.of(
                    "permission denied|must be (owner|member)|not allowed|insufficient privilege",
                    Cause.PERMISSION_DENIED,
                    Side.SOURCE),
            Near.of(
                    "permission denied|must be (owner|member)|not allowed|insufficient privilege",
                    Cause.RESTORE_PERMISSION_DENIED,
                    Side.TARGET),
            Near.of("\\brole\\b", Cause.MISSING_ROLE, Side.TARGET),
            Near.of("locale|collation|\\bctype\\b|encoding", Cause.LOCALE_MISSING, null),
            Near.of("tablespace", Cause.TABLESPACE_MISSING, null),
            Near.of("preload|shared_preload_libraries|hypertable|restoring", Cause.EXTENSION_NOT_CONFIGURED, null),
            Near.of("extension|\\$libdir|library|control file", Cause.EXTENSION_MISSING, null),
            Near.of("recovery|standby|replica", Cause.RECOVERY_CONFLICT, null),
            Near.of("\\block|deadlock", Cause.LOCK_CONFLICT, null),
            Near.of("too many|connection slots|connection limit", Cause.CONNECTION_LIMIT, null),
            Near.of("certificate|x509|\\bssl\\b|\\btls\\b", Cause.TLS_VERIFY_FAILED, null),
            Near.of("password|authenticat|pg_hba", Cause.AUTH_FAILED, null),
            Near.of("connect|host|network|timed out|refused|unreachable", Cause.CONNECTION_FAILED, null),
            Near.of("space|disk|quota", Cause.DISK_FULL, null),
            Near.of("version|unsupported|not supported", Cause.VERSION_MISMATCH, null));

    /** Object kinds as SQL statements name them, then the name that follows. */
    private static final Pattern STATEMENT_OBJECT = Pattern.compile(
            "^(?:CREATE(?: OR REPLACE)?|ALTER|DROP|COMMENT ON|REFRESH|SECURITY LABEL ON)\\s+(?:UNIQUE\\s+|UNLOGGED\\s+|TEMPORARY\\s+)?"
                    + "(MATERIALIZED VIEW|EVENT TRIGGER|FOREIGN DATA WRAPPER|FOREIGN TABLE|DEFAULT PRIVILEGES|TEXT SEARCH \\w+|"
                    + "[A-Z]+)(?:\\s+IF (?:NOT )?EXISTS)?(?:\\s+ONLY)?\\s+([\\w.\"$]+)",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern COPY_OR_LOCK =
            Pattern.compile("^(?:COPY|LOCK TABLE|SELECT .* FROM ONLY)\\s+([\\w.\"]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern QUOTED = Pattern.compile(
            "\\b(relation|table|role|schema|database|extension|function|type|collation|tablespace|large object|"
                    + "sequence|view|materialized view|event trigger|column|locale name|publication|subscription)\\s+(\"[^\"]+\"|[\\w.]+)");

    static Diagnosis unknown(String phase, List<String> lines) {
        List<ErrorRecord> errors = ErrorRecord.of(lines);
        ErrorRecord first = errors.stream()
                .filter(ErrorRecord::isError)
                .findFirst()
                .orElse(errors.isEmpty() ? null : errors.get(0));
        Side side = Side.ofPhase(phase);
        Diagnosis.Lead lead = first == null ? new Diagnosis.Lead(null, null, null, null, null) : lead(first, side);
        List<String> evidence = new ArrayList<>();
        if (first != null) {
            evidence.addAll(first.lines());
        }
        List<String> tail = lines.subList(Math.max(0, lines.size() - 10), lines.size());
        tail.stream().filter(l -> !evidence.contains(l)).forEach(evidence::add);
        return new Diagnosis(
                Cause.UNKNOWN,
                Cause.UNKNOWN.summary(),
                phase,
                side,
                List.copyOf(evidence),
                remediation(phase, side, lead),
                lead);
    }

    static Diagnosis.Lead lead(ErrorRecord first, Side side) {
        String statement = first.statement();
        String object = object(first, statement);
        Diagnosis.Lead near = nearest(first.message(), "the error", side, first, statement, object);
        if (near == null && statement != null) {
            near = nearest(statement, "the failing statement", side, first, statement, object);
        }
        return near != null ? near : new Diagnosis.Lead(first.line(), statement, object, null, null);
    }

    /** The first cause whose words {@code text} uses, on the failing phase's side. */
    private static Diagnosis.Lead nearest(
            String text, String what, Side side, ErrorRecord first, String statement, String object) {
        for (Near near : NEAR) {
            if (near.side() != null && side != null && near.side() != side) {
                continue;
            }
            Matcher m = near.words().matcher(text);
            if (m.find()) {
                return new Diagnosis.Lead(
                        first.line(), statement, object, near.cause(), what + " mentions \"" + m.group() + "\"");
            }
        }
        return null;
    }

    /** The object the error is about: pg_restore's TOC entry, else the statement's target, else a name the error quotes. */
    static String object(ErrorRecord error, String statement) {
        if (error.tocEntry() != null) {
            return error.tocEntry();
        }
        if (statement != null) {
            Matcher m = STATEMENT_OBJECT.matcher(statement);
            if (m.find()) {
                return m.group(1).toLowerCase(Locale.ROOT) + " " + m.group(2);
            }
            Matcher c = COPY_OR_LOCK.matcher(statement);
            if (c.find()) {
                return "table " + c.group(1);
            }
        }
        Matcher q = QUOTED.matcher(error.message());
        return q.find() ? q.group(1) + " " + q.group(2) : null;
    }

    private static String remediation(String phase, Side side, Diagnosis.Lead lead) {
        StringBuilder b = new StringBuilder("no rule recognises this error");
        b.append(" (phase ")
                .append(phase)
                .append(side == null ? "" : ", on the " + side.label())
                .append(")");
        if (lead.firstError() != null) {
            b.append(": the failing command's first error is \"")
                    .append(lead.firstError().trim())
                    .append('"');
        }
        if (lead.statement() != null) {
            b.append(", on the statement ").append(lead.statement());
        }
        if (lead.object() != null) {
            b.append("; it names ").append(lead.object());
        }
        if (lead.nearest() != null) {
            b.append(". Nearest known cause: ")
                    .append(lead.nearest())
                    .append(" (")
                    .append(lead.why())
                    .append("): ")
                    .append(lead.nearest().summary())
                    .append("; check whether it applies");
        }
        b.append(". Read the evidence; once the cause is known, add a rule to DiagnosisRules");
        return b.toString();
    }

    private Leads() {}
}
