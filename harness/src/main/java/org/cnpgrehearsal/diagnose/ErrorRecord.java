package org.cnpgrehearsal.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cnpgrehearsal.util.ToolLines;

/**
 * One error as a tool reported it over several lines: pg_restore's "from TOC entry" line before it (the object and
 * its owner), the error line itself, and what follows it ({@code Command was: ...}, {@code DETAIL}, {@code HINT},
 * pg_dump's {@code detail: Query was: ...}, libpq's second line).
 */
public record ErrorRecord(List<String> before, String line, List<String> after) {

    private static final Pattern STATEMENT =
            Pattern.compile("(?:Command was|Query was): (.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ERROR = Pattern.compile(
            "\\b(?:error|fatal|panic)\\b|exited with status|could not|denied", Pattern.CASE_INSENSITIVE);
    /** "from TOC entry 3390; 0 16480 MATERIALIZED VIEW DATA audit_daily analyst": kind, name, owner. */
    private static final Pattern TOC_ENTRY =
            Pattern.compile("from TOC entry \\d+; \\d+ \\d+ ([A-Z][A-Z ]*[A-Z]) (\\S+) (\\S+)$");

    /** The lines grouped into records, in order; lines before any error line are records of their own. */
    public static List<ErrorRecord> of(List<String> lines) {
        List<ErrorRecord> records = new ArrayList<>();
        List<String> pendingToc = new ArrayList<>();
        String head = null;
        List<String> before = List.of();
        List<String> after = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            if (ToolLines.isToc(line)) {
                pendingToc.add(line);
                continue;
            }
            if (head != null && ToolLines.continues(line)) {
                after.add(line);
                continue;
            }
            if (head != null) {
                records.add(new ErrorRecord(before, head, List.copyOf(after)));
            }
            head = line;
            before = List.copyOf(pendingToc);
            pendingToc.clear();
            after.clear();
        }
        if (head != null) {
            records.add(new ErrorRecord(before, head, List.copyOf(after)));
        }
        return records;
    }

    /** Every line of the record, in the order the tool printed them. */
    public List<String> lines() {
        List<String> all = new ArrayList<>(before);
        all.add(line);
        all.addAll(after);
        return all;
    }

    /**
     * What the error says, as one text for patterns that span its lines (an error and its hint): the error line and
     * what follows it, without the statement it quotes (SQL text says nothing about the cause).
     */
    public String message() {
        List<String> said = new ArrayList<>();
        said.add(line);
        boolean inStatement = false;
        for (String l : after) {
            inStatement = STATEMENT.matcher(l).find() || (inStatement && Character.isWhitespace(l.charAt(0)));
            if (!inStatement) {
                said.add(l);
            }
        }
        return String.join("\n", said);
    }

    /**
     * The SQL statement the error is about ({@code Command was: ...} or {@code Query was: ...}, with the indented
     * lines that continue it), or null.
     */
    public String statement() {
        List<String> all = lines();
        for (int i = 0; i < all.size(); i++) {
            Matcher m = STATEMENT.matcher(all.get(i));
            if (m.find()) {
                StringBuilder sql = new StringBuilder(m.group(1).trim());
                for (int j = i + 1;
                        j < all.size() && Character.isWhitespace(all.get(j).charAt(0));
                        j++) {
                    sql.append(' ').append(all.get(j).trim());
                }
                return sql.toString();
            }
        }
        return null;
    }

    /** The object pg_restore was processing ("MATERIALIZED VIEW DATA audit_daily, owner analyst"), or null. */
    public String tocEntry() {
        for (String l : before) {
            Matcher m = TOC_ENTRY.matcher(l.trim());
            if (m.find()) {
                return m.group(1).toLowerCase(Locale.ROOT) + " " + m.group(2) + ", owner " + m.group(3);
            }
        }
        return null;
    }

    /** Whether this is an error (not a line of progress before the first error). */
    public boolean isError() {
        return ERROR.matcher(line).find();
    }
}
