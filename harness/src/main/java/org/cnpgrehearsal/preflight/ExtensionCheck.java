package org.cnpgrehearsal.preflight;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cnpgrehearsal.manifest.ImportSpec;
import org.cnpgrehearsal.manifest.ToolOptions;

/**
 * Extensions installed in the imported databases against what CNPG's operand images ship (FACTS.md item 8):
 * {@code minimal} has PostgreSQL with contrib; {@code standard} (and the deprecated {@code system}) add pgaudit,
 * pgvector and pg_failover_slots. Spilo's own extensions are in none of them.
 */
final class ExtensionCheck {

    static final String ID = "extensions";

    /** PostgreSQL's contrib extensions (PGDG packages), in every CNPG image. */
    static final Set<String> CONTRIB = Set.of(
            "plpgsql",
            "adminpack",
            "amcheck",
            "autoinc",
            "bloom",
            "btree_gin",
            "btree_gist",
            "citext",
            "cube",
            "dblink",
            "dict_int",
            "dict_xsyn",
            "earthdistance",
            "file_fdw",
            "fuzzystrmatch",
            "hstore",
            "insert_username",
            "intagg",
            "intarray",
            "isn",
            "lo",
            "ltree",
            "moddatetime",
            "old_snapshot",
            "pageinspect",
            "pg_buffercache",
            "pg_freespacemap",
            "pg_prewarm",
            "pg_stat_statements",
            "pg_surgery",
            "pg_trgm",
            "pg_visibility",
            "pg_walinspect",
            "pgcrypto",
            "pgrowlocks",
            "pgstattuple",
            "postgres_fdw",
            "refint",
            "seg",
            "sslinfo",
            "tablefunc",
            "tcn",
            "tsm_system_rows",
            "tsm_system_time",
            "unaccent",
            "uuid-ossp",
            "xml2",
            "pg_logicalinspect");
    /** Added by the standard and system images. */
    static final Set<String> STANDARD = Set.of("pgaudit", "vector", "pg_failover_slots");
    /** Known not to be in CNPG's images (Spilo ships most of them). */
    static final Map<String, String> NOT_IN_CNPG = new LinkedHashMap<>();

    static {
        for (String e : List.of(
                "pg_stat_kcache",
                "set_user",
                "pg_auth_mon",
                "bg_mon",
                "timescaledb",
                "pg_cron",
                "pg_partman",
                "pg_repack",
                "hypopg",
                "pg_hint_plan",
                "pg_qualstats",
                "pgq",
                "plpython3u",
                "plproxy",
                "pg_mon",
                "postgis",
                "postgis_topology",
                "postgis_raster",
                "pgrouting",
                "h3",
                "orafce",
                "pgextwlist",
                "first_last_agg",
                "hll",
                "pg_similarity",
                "pgl_ddl_deploy",
                "pglogical",
                "decoderbufs",
                "pg_uuidv7")) {
            NOT_IN_CNPG.put(
                    e,
                    e.startsWith("postgis") || e.equals("pgrouting")
                            ? "in CNPG's separate postgis images only"
                            : "not in CNPG's images");
        }
    }

    static Check check(SourceAccess src, String targetImage) throws SQLException {
        ImportSpec spec = src.spec;
        Set<String> excluded = new TreeSet<>();
        for (ToolOptions.Option o : spec.dumpOptions().options()) {
            if (o.name().equals("--exclude-extension") && o.value() != null) {
                excluded.add(o.value());
            }
        }
        boolean minimal = targetImage != null && targetImage.contains("minimal");
        Map<String, Set<String>> missing = new TreeMap<>();
        Map<String, Set<String>> unknown = new TreeMap<>();
        Set<String> all = new TreeSet<>();
        for (Map.Entry<String, Connection> session : src.sessions().entrySet()) {
            String db = session.getKey();
            Connection c = session.getValue();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT extname, extversion FROM pg_extension ORDER BY 1")) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    all.add(name + " " + rs.getString(2));
                    if (excluded.contains(name) || CONTRIB.contains(name) || (!minimal && STANDARD.contains(name))) {
                        continue;
                    }
                    if (NOT_IN_CNPG.containsKey(name) || (minimal && STANDARD.contains(name))) {
                        missing.computeIfAbsent(name, k -> new TreeSet<>()).add(db);
                    } else {
                        unknown.computeIfAbsent(name, k -> new TreeSet<>()).add(db);
                    }
                }
            }
        }
        String measured = "installed: " + all + (excluded.isEmpty() ? "" : "; excluded from the dump: " + excluded)
                + "; target image " + targetImage;
        if (!missing.isEmpty()) {
            String names = String.join(", ", missing.keySet());
            String drops = missing.keySet().stream()
                    .map(n -> "DROP EXTENSION " + n)
                    .reduce((a, b) -> a + "; " + b)
                    .orElse("");
            return Check.fail(
                    ID,
                    measured + "; not in the target image: " + missing
                            + ": the restore fails at CREATE EXTENSION (could not open extension control file)",
                    "drop them on the source before the window (" + drops
                            + ", in each database, if unused), or use an image that has them"
                            + ", or with pg_dump >= 17: "
                            + missing.keySet().stream()
                                    .map(n -> "--exclude-extension=" + n)
                                    .reduce((a, b) -> a + " " + b)
                                    .orElse("")
                            + " in pgDumpExtraOptions (" + names + ")");
        }
        if (!unknown.isEmpty()) {
            return Check.warn(
                    ID,
                    measured + "; not known to be in CNPG's images: " + unknown,
                    "check that the target image ships them (or build an image with them)");
        }
        return Check.pass(ID, measured + "; all available in the target image");
    }

    private ExtensionCheck() {}
}
