package org.cnpgrehearsal.util;

import java.util.regex.Pattern;

/**
 * The shape of what pg_dump, pg_restore, libpq and the server print over several lines: an error line, the lines that
 * continue it ({@code Command was: ...}, {@code DETAIL}, {@code HINT}, pg_dump's {@code detail: Query was: ...},
 * libpq's second line), and pg_restore's "from TOC entry" lines before it, which name the object and its owner.
 */
public final class ToolLines {

    private static final Pattern TOC = Pattern.compile("while PROCESSING TOC|from TOC entry \\d+");
    /** A line that starts a message of its own: a tool's prefixed line, or one that says error, fatal, panic, warning. */
    private static final Pattern HEAD = Pattern.compile(
            "^[\\w.-]+: (?!detail:|hint:)|\\b(?:error|fatal|panic|warning)\\b|exited with status",
            Pattern.CASE_INSENSITIVE);
    /** Lines that continue the message above them even when they look like the start of one. */
    private static final Pattern CONTINUATION = Pattern.compile(
            "^(?:Command was|Query was|DETAIL|HINT|CONTEXT|QUERY|STATEMENT|LINE \\d+)\\b|^[\\w.-]+: (?:detail|hint):|^\\s|^This usually means");

    /** pg_restore's "while PROCESSING TOC" and "from TOC entry ..." lines. */
    public static boolean isToc(String line) {
        return TOC.matcher(line).find();
    }

    /** Whether {@code line}, printed right after a message, continues it. */
    public static boolean continues(String line) {
        return CONTINUATION.matcher(line).find() || !HEAD.matcher(line).find();
    }

    private ToolLines() {}
}
