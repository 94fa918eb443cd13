package org.cnpgrehearsal.util;

import java.util.function.IntPredicate;

/** Finds places at the top level of a SQL expression: outside single-quoted strings and outside parentheses. */
public final class SqlScanner {

    /**
     * The first position from {@code from} that is outside quotes, at parenthesis depth 0 (counted after the character
     * at that position, so a closing parenthesis that returns to depth 0 counts), and where {@code at} holds; -1 if
     * none.
     */
    public static int firstTopLevel(String s, int from, IntPredicate at) {
        int depth = 0;
        boolean quoted = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
                continue;
            }
            if (quoted) {
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (depth == 0 && at.test(i)) {
                return i;
            }
        }
        return -1;
    }

    private SqlScanner() {}
}
