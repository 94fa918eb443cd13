package org.cnpgrehearsal.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Command-line options of pg_dump or pg_restore read the way the tool reads them (getopt_long): long and short
 * forms, {@code --name=value}, {@code --name value}, {@code -Xvalue} and {@code -X value}. Every reader of the
 * manifest's option lists goes through here, so that {@code -F c}, {@code -Fc} and {@code --format=custom} are one
 * fact. The short letters differ between the tools ({@code -T} is {@code --exclude-table} for pg_dump and
 * {@code --trigger} for pg_restore), hence one table per tool.
 */
public record ToolOptions(Tool tool, List<Option> options) {

    /** One option as the tool sees it: its long name (with dashes), its value (null for a flag), and its arguments. */
    public record Option(String name, String value, List<String> args) {
        /** The option as written on the command line. */
        public String written() {
            return String.join(" ", args);
        }
    }

    /** The two tools whose options CNPG's manifest carries. */
    public enum Tool {
        PG_DUMP(
                Map.ofEntries(
                        Map.entry('a', "--data-only"),
                        Map.entry('b', "--large-objects"),
                        Map.entry('B', "--no-large-objects"),
                        Map.entry('c', "--clean"),
                        Map.entry('C', "--create"),
                        Map.entry('d', "--dbname"),
                        Map.entry('E', "--encoding"),
                        Map.entry('f', "--file"),
                        Map.entry('F', "--format"),
                        Map.entry('h', "--host"),
                        Map.entry('j', "--jobs"),
                        Map.entry('n', "--schema"),
                        Map.entry('N', "--exclude-schema"),
                        Map.entry('O', "--no-owner"),
                        Map.entry('p', "--port"),
                        Map.entry('s', "--schema-only"),
                        Map.entry('S', "--superuser"),
                        Map.entry('t', "--table"),
                        Map.entry('T', "--exclude-table"),
                        Map.entry('U', "--username"),
                        Map.entry('v', "--verbose"),
                        Map.entry('w', "--no-password"),
                        Map.entry('W', "--password"),
                        Map.entry('x', "--no-privileges"),
                        Map.entry('Z', "--compress")),
                Set.of(
                        "--dbname",
                        "--encoding",
                        "--file",
                        "--format",
                        "--host",
                        "--jobs",
                        "--schema",
                        "--exclude-schema",
                        "--port",
                        "--superuser",
                        "--table",
                        "--exclude-table",
                        "--username",
                        "--compress",
                        "--exclude-table-data",
                        "--exclude-table-and-children",
                        "--exclude-table-data-and-children",
                        "--table-and-children",
                        "--exclude-extension",
                        "--extension",
                        "--extra-float-digits",
                        "--filter",
                        "--include-foreign-data",
                        "--lock-wait-timeout",
                        "--role",
                        "--rows-per-insert",
                        "--section",
                        "--snapshot")),
        PG_RESTORE(
                Map.ofEntries(
                        Map.entry('a', "--data-only"),
                        Map.entry('c', "--clean"),
                        Map.entry('C', "--create"),
                        Map.entry('d', "--dbname"),
                        Map.entry('e', "--exit-on-error"),
                        Map.entry('f', "--file"),
                        Map.entry('F', "--format"),
                        Map.entry('h', "--host"),
                        Map.entry('I', "--index"),
                        Map.entry('j', "--jobs"),
                        Map.entry('l', "--list"),
                        Map.entry('L', "--use-list"),
                        Map.entry('n', "--schema"),
                        Map.entry('N', "--exclude-schema"),
                        Map.entry('O', "--no-owner"),
                        Map.entry('p', "--port"),
                        Map.entry('P', "--function"),
                        Map.entry('s', "--schema-only"),
                        Map.entry('S', "--superuser"),
                        Map.entry('t', "--table"),
                        Map.entry('T', "--trigger"),
                        Map.entry('U', "--username"),
                        Map.entry('v', "--verbose"),
                        Map.entry('w', "--no-password"),
                        Map.entry('W', "--password"),
                        Map.entry('x', "--no-privileges"),
                        Map.entry('1', "--single-transaction")),
                Set.of(
                        "--dbname",
                        "--file",
                        "--format",
                        "--host",
                        "--index",
                        "--jobs",
                        "--use-list",
                        "--schema",
                        "--exclude-schema",
                        "--port",
                        "--function",
                        "--superuser",
                        "--table",
                        "--trigger",
                        "--username",
                        "--filter",
                        "--role",
                        "--section",
                        "--transaction-size",
                        "--exclude-database"));

        private final Map<Character, String> shortNames;
        private final Set<String> withValue;

        Tool(Map<Character, String> shortNames, Set<String> withValue) {
            this.shortNames = shortNames;
            this.withValue = withValue;
        }
    }

    /** Synonyms that name one option: {@code --no-acl} is pg_dump's and pg_restore's older name of {@code --no-privileges}. */
    private static final Map<String, String> SYNONYMS =
            Map.of("--no-acl", "--no-privileges", "--blobs", "--large-objects", "--no-blobs", "--no-large-objects");

    public static ToolOptions parse(Tool tool, List<String> args) {
        List<Option> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String name = SYNONYMS.getOrDefault(eq < 0 ? a : a.substring(0, eq), eq < 0 ? a : a.substring(0, eq));
                String value = eq >= 0 ? a.substring(eq + 1) : null;
                if (value == null && tool.withValue.contains(name) && i + 1 < args.size()) {
                    value = args.get(++i);
                    out.add(new Option(name, value, List.of(a, value)));
                } else {
                    out.add(new Option(name, value, List.of(a)));
                }
            } else if (a.startsWith("-") && a.length() >= 2) {
                String name = tool.shortNames.getOrDefault(a.charAt(1), a.substring(0, 2));
                if (tool.withValue.contains(name)) {
                    if (a.length() > 2) {
                        out.add(new Option(name, a.substring(2), List.of(a)));
                    } else if (i + 1 < args.size()) {
                        String value = args.get(++i);
                        out.add(new Option(name, value, List.of(a, value)));
                    } else {
                        out.add(new Option(name, null, List.of(a)));
                    }
                } else {
                    out.add(new Option(name, null, List.of(a)));
                }
            } else {
                out.add(new Option(a, null, List.of(a)));
            }
        }
        return new ToolOptions(tool, List.copyOf(out));
    }

    /** The arguments as written, without every occurrence of the options named (and their values). */
    public List<String> without(String... longNames) {
        List<String> drop = List.of(longNames);
        return options.stream()
                .filter(o -> !drop.contains(o.name()))
                .flatMap(o -> o.args().stream())
                .toList();
    }

    public boolean has(String longName) {
        return options.stream().anyMatch(o -> o.name().equals(longName));
    }

    /** Every value given to {@code longName}, in order. */
    public List<String> values(String longName) {
        return options.stream()
                .filter(o -> o.name().equals(longName) && o.value() != null)
                .map(Option::value)
                .toList();
    }

    /** The value that counts when an option is given more than once: the last. */
    public Optional<String> last(String longName) {
        List<String> v = values(longName);
        return v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }
}
