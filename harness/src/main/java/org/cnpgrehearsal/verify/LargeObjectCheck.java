package org.cnpgrehearsal.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.manifest.DumpScope;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;

/** Large objects, source against target: each by OID, its content (a hash of its pages) and its owner. */
final class LargeObjectCheck {

    static final String NAME = "large-objects";

    private static final String OBJECTS = """
            SELECT m.oid::text, pg_get_userbyid(m.lomowner),
                   coalesce((SELECT md5(string_agg(md5(l.data), '' ORDER BY l.pageno))
                             FROM pg_largeobject l WHERE l.loid = m.oid), 'empty')
            FROM pg_largeobject_metadata m ORDER BY m.oid""";

    /** One large object: its owner and the hash of its pages. */
    record Entry(String owner, String content) {}

    static Check run(PgConnection source, PgConnection target, DumpScope scope) throws SQLException {
        if (!scope.largeObjects()) {
            return Check.pass(NAME, "not compared: the dump leaves large objects out on purpose")
                    .comparing("nothing: large objects are out of the dump's scope");
        }
        Map<String, Entry> before = read(source);
        Map<String, Entry> after = read(target);
        Differences d = Differences.of(text(before), text(after));
        List<String> differences = new ArrayList<>();
        boolean contentLost = !d.missing().isEmpty();
        d.missing().forEach(oid -> differences.add("large object " + oid + ": missing on the target"));
        for (String oid : d.changed()) {
            Entry was = before.get(oid);
            Entry now = after.get(oid);
            if (!was.content().equals(now.content())) {
                contentLost = true;
                differences.add("large object " + oid + ": its content differs on the target");
            }
            if (!was.owner().equals(now.owner())) {
                differences.add("large object " + oid + ": owner " + was.owner() + " -> " + now.owner());
            }
        }
        String compared = before.size() + " large objects by OID: content (md5 of each page) and owner, on both sides";
        if (differences.isEmpty()) {
            return Check.pass(NAME, "all " + before.size() + " large objects are on the target, same content and owner")
                    .comparing(compared);
        }
        return Check.fail(
                        NAME,
                        differences.size() + " of " + before.size() + " large objects are missing, changed or "
                                + "owned by another role",
                        differences,
                        contentLost ? Cause.DATA_MISMATCH : Cause.APP_ACCESS_LOST)
                .comparing(compared)
                .withRemedy(
                        contentLost
                                ? "on the target: large objects did not arrive whole: read the dump's and the restore's errors in "
                                        + "import.log"
                                : "in the manifest: their owner changed, so the application can no longer read them: keep owners in "
                                        + "the import "
                                        + "(no --no-owner), or ALTER LARGE OBJECT <oid> OWNER TO <role> on the target");
    }

    private static Map<String, Entry> read(PgConnection db) throws SQLException {
        Map<String, Entry> out = new LinkedHashMap<>();
        try (Connection c = db.open(true)) {
            for (List<String> r : PgCatalog.rows(c, OBJECTS)) {
                out.put(r.get(0), new Entry(r.get(1), r.get(2)));
            }
        }
        return out;
    }

    private static Map<String, String> text(Map<String, Entry> objects) {
        Map<String, String> out = new LinkedHashMap<>();
        objects.forEach((oid, e) -> out.put(oid, e.toString()));
        return out;
    }

    private LargeObjectCheck() {}
}
