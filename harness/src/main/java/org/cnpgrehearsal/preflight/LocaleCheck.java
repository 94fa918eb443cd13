package org.cnpgrehearsal.preflight;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The source databases' locales (collation, ctype) and the libc collations their columns name, against what the
 * target gives them ({@link TargetLocales}): a database the import creates needs its locale in the image, or the
 * restore fails ("invalid locale name"); a database restored into initdb's gets initdb's locale, and when that differs
 * nothing fails: text sorts differently and text indexes follow another order.
 */
final class LocaleCheck {

    static final String ID = "locale";

    private static final String DATABASE = """
            SELECT d.datcollate, d.datctype, coalesce(to_jsonb(d) ->> 'datlocprovider', 'c'),
                   coalesce(to_jsonb(d) ->> 'datlocale', to_jsonb(d) ->> 'daticulocale'), pg_encoding_to_char(d.encoding)
            FROM pg_database d WHERE d.datname = current_database()""";
    private static final String COLUMN_COLLATIONS = """
            SELECT DISTINCT co.collname, coalesce(to_jsonb(co) ->> 'collcollate', co.collname)
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_collation co ON co.oid = a.attcollation
            WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'm', 'f') AND co.collprovider = 'c'
              AND co.collname NOT IN ('default', 'C', 'POSIX', 'ucs_basic') AND %s
            ORDER BY 1""".formatted(SourceAccess.SCHEMA_FILTER);

    static Check check(SourceAccess src, String targetImage) throws SQLException {
        TargetLocales.Offer offer = TargetLocales.offer(targetImage);
        TargetLocales.InitdbLocale initdb = TargetLocales.initdb(src.manifest);
        List<String> measured = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        List<String> encodings = new ArrayList<>();
        Set<String> needed = new TreeSet<>();
        for (Map.Entry<String, Connection> session : src.sessions().entrySet()) {
            String db = session.getKey();
            String collate;
            String ctype;
            String encoding;
            try (ResultSet rs = src.query(session.getValue(), DATABASE)) {
                rs.next();
                collate = rs.getString(1);
                ctype = rs.getString(2);
                encoding = rs.getString(5);
                measured.add(db + ": " + encoding + ", collation " + collate + ", ctype " + ctype
                        + ("i".equals(rs.getString(3)) ? ", ICU " + rs.getString(4) : ""));
            }
            if (TargetLocales.restoredIntoInitdbDatabase(src.manifest, db)
                    && !encoding.equalsIgnoreCase(TargetLocales.initdbEncoding(src.manifest))) {
                encodings.add(db + " is " + encoding + " and is restored into initdb's "
                        + TargetLocales.initdbEncoding(src.manifest) + " database"
                        + ("SQL_ASCII".equals(encoding) ? ": any byte that is not valid there fails the restore" : ""));
            }
            if (TargetLocales.restoredIntoInitdbDatabase(src.manifest, db)) {
                if (!initdb.matches(collate, ctype)) {
                    silent.add(db + " is restored into the database initdb made with collation " + initdb.collate()
                            + ", ctype " + initdb.ctype() + " (source: " + collate + ", " + ctype + ")");
                }
            } else {
                needed.add(collate);
                needed.add(ctype);
            }
            try (ResultSet rs = src.query(session.getValue(), COLUMN_COLLATIONS)) {
                while (rs.next()) {
                    needed.add(rs.getString(2));
                    measured.add(db + ": columns use collation \"" + rs.getString(1) + "\"");
                }
            }
        }
        for (String locale : needed) {
            if (!TargetLocales.has(targetImage, locale)) {
                (offer == TargetLocales.Offer.BUILT_IN_ONLY ? missing : unknown).add(locale);
            }
        }
        String image = " (target image " + targetImage + ")";
        if (!silent.isEmpty()) {
            return Check.fail(
                    ID,
                    String.join("; ", silent) + ": nothing fails, and text sorts in another order"
                            + (missing.isEmpty() ? "" : "; not in the image: " + missing),
                    "in the manifest: bootstrap.initdb.localeCollate and localeCType set to the source's, with an image "
                            + "that has them (CNPG's standard flavour); or let the import create the database (type: "
                            + "monolith, initdb.database not one of the imported databases)");
        }
        if (!missing.isEmpty()) {
            return Check.fail(
                    ID,
                    String.join("; ", measured) + ": " + missing + " not in the image" + image
                            + ": the restore fails with 'invalid locale name'",
                    "in the manifest: an imageName of CNPG's standard flavour (every glibc locale) or a custom image with "
                            + missing);
        }
        if (!unknown.isEmpty()) {
            return Check.warn(
                    ID,
                    String.join("; ", measured) + ": whether the image has " + unknown + " is not known here" + image,
                    "make sure the image ships " + unknown
                            + " (CNPG's standard flavour does; minimal has only C and C.UTF-8)");
        }
        if (!encodings.isEmpty()) {
            return Check.warn(
                    ID,
                    String.join("; ", encodings),
                    "in the manifest: bootstrap.initdb.encoding set to the source's (with a locale that allows it), or let "
                            + "the import create the database (type: monolith, initdb.database not an imported one)");
        }
        return Check.pass(ID, String.join("; ", measured) + ": available on the target" + image);
    }

    private LocaleCheck() {}
}
