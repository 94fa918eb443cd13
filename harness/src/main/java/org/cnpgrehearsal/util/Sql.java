package org.cnpgrehearsal.util;

/** Quoting of SQL identifiers and literals. */
public final class Sql {
    public static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private Sql() {}
}
