package org.cnpgrehearsal.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the import's dump leaves out on purpose, from {@code pgDumpExtraOptions} and {@code schemaOnly}: schemas and
 * tables excluded or not included, tables whose data is excluded, large objects, comments, publications,
 * subscriptions, unlogged tables' data; and the options that drop owners and grants. Verification skips what the user chose to leave out, and says so. Patterns
 * follow pg_dump's (psql's) rules: {@code *} and {@code ?} as wildcards, {@code .} between schema and name, unquoted
 * letters folded to lower case, double quotes for exact text.
 */
public record DumpScope(
        List<Pattern> includedSchemas,
        List<Pattern> excludedSchemas,
        List<Pattern> includedTables,
        List<Pattern> excludedTables,
        List<Pattern> excludedTableData,
        boolean schemaOnly,
        boolean largeObjects,
        boolean comments,
        boolean publications,
        boolean subscriptions,
        boolean unloggedTableData,
        List<String> ownershipDroppingOptions) {

    public static DumpScope of(ImportSpec spec) {
        ToolOptions o = spec.dumpOptions();
        List<Pattern> includedTables = patterns(o, "--table", "--table-and-children");
        return new DumpScope(
                patterns(o, "--schema"),
                patterns(o, "--exclude-schema"),
                includedTables,
                patterns(o, "--exclude-table", "--exclude-table-and-children"),
                patterns(o, "--exclude-table-data", "--exclude-table-data-and-children"),
                spec.schemaOnly() || o.has("--schema-only"),
                largeObjects(o, spec.schemaOnly()),
                !o.has("--no-comments"),
                !o.has("--no-publications"),
                !o.has("--no-subscriptions"),
                !o.has("--no-unlogged-table-data"),
                spec.ownershipDroppingOptions());
    }

    /** pg_dump leaves large objects out with -B, and when -n, -t or --schema-only narrow the dump, unless -b. */
    private static boolean largeObjects(ToolOptions o, boolean schemaOnly) {
        if (o.has("--large-objects")) {
            return true;
        }
        boolean narrowed = o.has("--schema") || o.has("--table") || o.has("--table-and-children");
        return !o.has("--no-large-objects") && !narrowed && !schemaOnly && !o.has("--schema-only");
    }

    /** Everything: the scope of a verification between two databases that no manifest describes. */
    public static DumpScope everything() {
        return new DumpScope(
                List.of(), List.of(), List.of(), List.of(), List.of(), false, true, true, true, true, true, List.of());
    }

    /** Whether the dump holds the schema's objects. */
    public boolean includesSchema(String schema) {
        return (includedSchemas.isEmpty() || matches(includedSchemas, schema)) && !matches(excludedSchemas, schema);
    }

    /** Whether the dump holds the table's definition. */
    public boolean includesTable(String schema, String table) {
        String qualified = schema + "." + table;
        return includesSchema(schema)
                && (includedTables.isEmpty() || matches(includedTables, qualified))
                && !matches(excludedTables, qualified);
    }

    /** Whether the dump holds the table's rows (its definition included, its data not excluded). */
    public boolean includesData(String schema, String table, boolean unlogged) {
        return !schemaOnly
                && includesTable(schema, table)
                && !matches(excludedTableData, schema + "." + table)
                && (unloggedTableData || !unlogged);
    }

    private static boolean matches(List<Pattern> patterns, String name) {
        return patterns.stream().anyMatch(p -> p.matcher(name).matches());
    }

    private static List<Pattern> patterns(ToolOptions o, String... names) {
        List<Pattern> out = new ArrayList<>();
        for (String n : names) {
            o.values(n).forEach(v -> out.add(pattern(v, n.contains("table"))));
        }
        return List.copyOf(out);
    }

    /** One pg_dump pattern as a regular expression over {@code name} (schemas) or {@code schema.name} (tables). */
    static Pattern pattern(String text, boolean qualified) {
        StringBuilder current = new StringBuilder();
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    current.append(Pattern.quote("\""));
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (quoted) {
                current.append(Pattern.quote(String.valueOf(c)));
            } else if (c == '.') {
                parts.add(current.toString());
                current.setLength(0);
            } else if (c == '*') {
                current.append("[^.]*");
            } else if (c == '?') {
                current.append("[^.]");
            } else {
                current.append(Pattern.quote(String.valueOf(Character.toLowerCase(c))));
            }
        }
        parts.add(current.toString());
        // a database part (db.schema.name) names the database pg_dump runs against: left out
        List<String> tail = parts.subList(Math.max(0, parts.size() - (qualified ? 2 : 1)), parts.size());
        String regex = qualified && tail.size() == 1 ? "[^.]*\\." + tail.get(0) : String.join("\\.", tail);
        return Pattern.compile(regex);
    }
}
