package org.cnpgrehearsal.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.manifest.DumpScope;
import org.cnpgrehearsal.util.PgConnection;

/**
 * The schema the application relies on, source against target ({@link SchemaObjects}): a missing index, a
 * constraint left unvalidated, a disabled trigger, a missing function or view, a materialized view left unpopulated,
 * an extension at another version. The remedy lists the statement that mends each difference where one does.
 */
final class SchemaCheck {

    static final String NAME = "schema-objects";
    private static final int DEFINITION_SHOWN = 160;

    static Check run(PgConnection source, PgConnection target, DumpScope scope) throws SQLException {
        SchemaObjects before;
        SchemaObjects after;
        try (Connection c = source.open(true)) {
            before = SchemaObjects.read(c, scope);
        }
        try (Connection c = target.open(true)) {
            after = SchemaObjects.read(c, scope);
        }
        return compare(before, after);
    }

    static Check compare(SchemaObjects before, SchemaObjects after) {
        Map<String, String> was = before.definitions();
        Map<String, String> now = after.definitions();
        Differences d = Differences.of(was, now);
        List<String> differences = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> remedies = new LinkedHashSet<>();
        for (String key : d.missing()) {
            (cosmetic(before, key) ? notes : differences).add(key + ": missing on the target");
            remedies.add("objects missing on the target were not restored: read pg_restore's errors in import.log (a "
                    + "failed post-data statement leaves indexes, constraints and triggers out)");
        }
        for (String key : d.changed()) {
            String line =
                    key + ": " + shown(was.get(key)) + " on the source, " + shown(now.get(key)) + " on the target";
            if (cosmetic(before, key)) {
                notes.add(line + cosmeticWhy(before.objects().get(key).kind()));
            } else {
                differences.add(line);
                remedies.add(mend(before.objects().get(key), key, was.get(key), now.get(key)));
            }
        }
        d.extra().stream().limit(Check.SHOWN).forEach(k -> notes.add(k + ": only on the target"));
        String compared = was.size() + " schema objects of the source (columns, constraints, indexes, triggers, views, "
                + "functions, types, policies, extensions, ...) against the target's, by definition";
        if (differences.isEmpty()) {
            return Check.pass(NAME, "all " + was.size() + " schema objects are on the target as on the source")
                    .comparing(compared)
                    .withNotes(notes);
        }
        return Check.fail(
                        NAME,
                        differences.size() + " of " + was.size() + " schema objects are missing or differ on "
                                + "the target",
                        differences,
                        Cause.SCHEMA_MISMATCH)
                .comparing(compared)
                .withNotes(notes)
                .withRemedy("on the target: " + String.join("; ", remedies));
    }

    private static boolean cosmetic(SchemaObjects objects, String key) {
        return SchemaObjects.COSMETIC.contains(objects.objects().get(key).kind());
    }

    private static String cosmeticWhy(String kind) {
        return kind.equals("column order")
                ? " (SELECT * and INSERT without a column list see the new order: pg_dump recreates an inheritance "
                        + "child with its parent's columns first)"
                : "";
    }

    /** The statement (or the change) that mends one differing object, from how it differs. */
    private static String mend(SchemaObjects.Entry e, String key, String was, String now) {
        String name = key.substring(e.kind().length() + 1);
        String table = e.schema() != null && e.table() != null ? e.schema() + "." + e.table() : null;
        String last = name.substring(name.lastIndexOf('.') + 1);
        if (now.contains("(NOT POPULATED)") && !was.contains("(NOT POPULATED)")) {
            return "REFRESH MATERIALIZED VIEW " + name + ";";
        }
        if (now.contains("(NOT VALIDATED)") && !was.contains("(NOT VALIDATED)")) {
            return "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + last + ";";
        }
        if (now.contains("(DISABLED)")
                && !was.contains("(DISABLED)")
                && e.kind().equals("trigger")) {
            return "ALTER TABLE " + table + " ENABLE TRIGGER " + last + ";";
        }
        if (now.contains("(INVALID)") && !was.contains("(INVALID)")) {
            return "REINDEX INDEX " + name + ";";
        }
        if (e.kind().equals("extension")) {
            return "the target image ships another version of extension " + name + " (" + now + ", source " + was
                    + "): on the source, ALTER EXTENSION " + name + " UPDATE before the window, or in the manifest, an "
                    + "image with its version";
        }
        return e.kind() + " " + name + " differs: recreate it on the target as on the source";
    }

    private static String shown(String definition) {
        return definition.length() <= DEFINITION_SHOWN
                ? "'" + definition + "'"
                : "'" + definition.substring(0, DEFINITION_SHOWN) + "...'";
    }

    private SchemaCheck() {}
}
