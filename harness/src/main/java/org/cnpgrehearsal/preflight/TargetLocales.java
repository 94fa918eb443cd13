package org.cnpgrehearsal.preflight;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ImportType;

/**
 * The locales a CNPG target can give a database. CNPG's operand images (cloudnative-pg/postgres-containers): the
 * {@code standard} and {@code system} flavours install every glibc locale ({@code locales-all}), {@code minimal} has
 * only those built into glibc (C, C.UTF-8, POSIX); images without a flavour in their tag are not known here. A
 * database the import restores into instead of creating (the initdb database: always for microservice, and for
 * monolith when {@code initdb.database} is an imported one) gets initdb's locale: {@code localeCollate} and
 * {@code localeCType}, else {@code locale}, else C.
 */
public final class TargetLocales {

    /** What an image offers. */
    public enum Offer {
        ALL,
        BUILT_IN_ONLY,
        UNKNOWN
    }

    /** glibc's built-in locales, in every image. */
    private static final Set<String> BUILT_IN = Set.of("c", "posix", "c.utf-8", "c.utf8", "ucs_basic");

    /** The collation and ctype initdb gives the databases CNPG creates. */
    public record InitdbLocale(String collate, String ctype) {
        public boolean matches(String otherCollate, String otherCtype) {
            return same(collate, otherCollate) && same(ctype, otherCtype);
        }
    }

    public static Offer offer(String image) {
        if (image == null) {
            return Offer.UNKNOWN;
        }
        String tag = image.substring(image.lastIndexOf(':') + 1).toLowerCase(Locale.ROOT);
        if (tag.contains("-minimal")) {
            return Offer.BUILT_IN_ONLY;
        }
        if (tag.contains("-standard") || tag.contains("-system")) {
            return Offer.ALL;
        }
        return Offer.UNKNOWN;
    }

    /** Whether {@code image} certainly has {@code locale}. */
    public static boolean has(String image, String locale) {
        return builtIn(locale) || offer(image) == Offer.ALL;
    }

    public static boolean builtIn(String locale) {
        return locale == null || BUILT_IN.contains(locale.toLowerCase(Locale.ROOT));
    }

    /** {@code bootstrap.initdb}'s locale as CNPG passes it to initdb (default C). */
    public static InitdbLocale initdb(ClusterManifest m) {
        Map<String, Object> i = initdbSection(m);
        String locale = text(i.get("locale"));
        String collate = text(i.get("localeCollate"));
        String ctype = text(i.get("localeCType"));
        return new InitdbLocale(
                collate != null ? collate : locale != null ? locale : "C",
                ctype != null ? ctype : locale != null ? locale : "C");
    }

    /** {@code bootstrap.initdb.encoding} (CNPG's default UTF8): the encoding of the databases CNPG creates. */
    public static String initdbEncoding(ClusterManifest m) {
        String e = text(initdbSection(m).get("encoding"));
        return e == null ? "UTF8" : e;
    }

    /** Whether the import restores {@code database} into the database initdb made, instead of creating it. */
    public static boolean restoredIntoInitdbDatabase(ClusterManifest m, String database) {
        return m.importSpec().type() == ImportType.MICROSERVICE || database.equals(m.initdbDatabase());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> initdbSection(ClusterManifest m) {
        Object spec = m.raw().get("spec");
        Object bootstrap = spec instanceof Map<?, ?> s ? s.get("bootstrap") : null;
        Object initdb = bootstrap instanceof Map<?, ?> b ? b.get("initdb") : null;
        return initdb instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** Locale names compared as glibc does: the codeset's spelling does not matter (UTF-8, utf8). */
    static boolean same(String a, String b) {
        return normal(a).equals(normal(b));
    }

    private static String normal(String l) {
        return l == null
                ? "c"
                : l.toLowerCase(Locale.ROOT).replace("utf-8", "utf8").replace("posix", "c");
    }

    private static String text(Object o) {
        return o == null || o.toString().isBlank() ? null : o.toString();
    }

    private TargetLocales() {}
}
