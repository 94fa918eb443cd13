package org.cnpgrehearsal.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;

/**
 * The database's encoding and locale (collation, ctype, provider), source against target. A database that existed
 * before the restore keeps the locale it was created with (CNPG's initdb default is C): sort order and case rules
 * change, silently.
 */
final class LocaleCheck {

    static final String NAME = "database-locale";

    /** Read through to_jsonb, so that the columns of every supported major (datlocprovider 15+, datlocale 17) fit. */
    private static final String LOCALE = """
            SELECT k, j ->> k FROM (SELECT to_jsonb(d) || jsonb_build_object('encoding', pg_encoding_to_char(d.encoding))
                                    AS j FROM pg_database d WHERE d.datname = current_database()) x,
                   unnest(ARRAY['encoding', 'datcollate', 'datctype', 'datlocprovider', 'daticulocale', 'datlocale']) k
            WHERE j ->> k IS NOT NULL""";

    static Check run(PgConnection source, PgConnection target) throws SQLException {
        Map<String, String> before = read(source);
        Map<String, String> after = read(target);
        List<String> differences = new ArrayList<>();
        before.forEach((k, v) -> {
            if (after.containsKey(k) && !String.valueOf(v).equals(String.valueOf(after.get(k)))) {
                differences.add(k + ": " + v + " on the source, " + after.get(k) + " on the target");
            }
        });
        String compared = "the database's " + before.keySet() + " on both sides";
        if (differences.isEmpty()) {
            return Check.pass(NAME, "the same encoding and locale on both sides (" + before.get("datcollate") + ")")
                    .comparing(compared);
        }
        return Check.fail(
                        NAME,
                        "the target database sorts and compares text differently from the source",
                        differences,
                        Cause.COLLATION_CHANGED)
                .comparing(compared)
                .withRemedy(
                        "in the manifest: the target database was not created with the source's locale (it existed before the "
                                + "restore: bootstrap.initdb.database names it; or the image lacks the locale). Set "
                                + "bootstrap.initdb.localeCollate and localeCType (or locale) to "
                                + before.get("datcollate")
                                + " with an image that has that locale (CloudNativePG's standard images carry all locales), or "
                                + "let the import create the database (leave initdb.database to another name); never accept a "
                                + "silent switch without reindexing and testing the order of results");
    }

    private static Map<String, String> read(PgConnection db) throws SQLException {
        try (Connection c = db.open(true)) {
            return new LinkedHashMap<>(PgCatalog.keyed(c, LOCALE));
        }
    }

    private LocaleCheck() {}
}
