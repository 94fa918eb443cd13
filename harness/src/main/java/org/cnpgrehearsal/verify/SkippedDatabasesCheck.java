package org.cnpgrehearsal.verify;

import static org.cnpgrehearsal.util.Sql.ident;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.importer.CnpgImportCommands;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;

/**
 * What the application relies on but lives in a database the import skips. CNPG never imports {@code postgres}
 * (with {@code databases: ["*"]} too), where Spilo keeps pg_cron's jobs for every database; with the wildcard, user
 * tables in {@code postgres} stay behind as well.
 */
final class SkippedDatabasesCheck {

    static final String NAME = "databases-not-imported";
    private static final String SKIPPED = "postgres";

    private static final String CRON_JOBS = """
            SELECT j.jobid::text, coalesce(j.jobname, '') || ' (' || j.schedule || ') in database ' || j.database
                                  || ': ' || left(j.command, 80)
            FROM cron.job j WHERE j.database = ANY (?) ORDER BY j.jobid""";
    private static final String USER_TABLES = """
            SELECT n.nspname || '.' || c.relname, c.reltuples::bigint::text
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname <> 'cron' AND %s
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                              AND d.deptype = 'e')
            ORDER BY 1""".formatted(PgCatalog.userSchema("n.nspname"));

    static Check run(PgConnection source, List<String> importedDatabases, boolean allDatabases) throws SQLException {
        List<String> imported = new ArrayList<>(importedDatabases);
        List<String> differences = new ArrayList<>();
        try (Connection c = source.withDatabase(SKIPPED).open(true)) {
            if (allDatabases) {
                PgCatalog.rows(c, CnpgImportCommands.ALL_DATABASES_QUERY).forEach(r -> imported.add(r.get(0)));
            }
            if (!PgCatalog.rows(c, "SELECT 1 FROM pg_class WHERE oid = to_regclass('cron.job')")
                    .isEmpty()) {
                PgCatalog.keyed(c, CRON_JOBS, c.createArrayOf("text", imported.toArray()))
                        .forEach((id, job) -> differences.add("pg_cron job " + id + " " + job));
            }
            if (allDatabases) {
                for (List<String> t : PgCatalog.rows(c, USER_TABLES)) {
                    long rows = count(c, t.get(0));
                    if (rows > 0) {
                        differences.add("table " + t.get(0) + " in database " + SKIPPED + ": " + rows + " rows");
                    }
                }
            }
        }
        String compared = "database " + SKIPPED + " on the source (which the import skips): pg_cron's jobs for "
                + imported + (allDatabases ? " and user tables" : "");
        if (differences.isEmpty()) {
            return Check.pass(NAME, "nothing the imported databases rely on stays behind in " + SKIPPED)
                    .comparing(compared);
        }
        return Check.fail(
                        NAME,
                        differences.size() + " things the application relies on stay behind in database " + SKIPPED
                                + ", which the import skips",
                        differences,
                        Cause.DATABASE_NOT_IMPORTED)
                .comparing(compared)
                .withRemedy("CNPG never imports the postgres database: export pg_cron's jobs (SELECT * FROM cron.job) "
                        + "and recreate them on the target (cron.schedule_in_database, with pg_cron in the image and "
                        + "shared_preload_libraries), or as Kubernetes CronJobs; move user tables out of postgres into "
                        + "the application's database before the window");
    }

    private static long count(Connection c, String qualified) throws SQLException {
        int dot = qualified.indexOf('.');
        String sql = "SELECT count(*) FROM " + ident(qualified.substring(0, dot)) + "."
                + ident(qualified.substring(dot + 1));
        return Long.parseLong(PgCatalog.rows(c, sql).get(0).get(0));
    }

    private SkippedDatabasesCheck() {}
}
