package org.cnpgrehearsal.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Spilo ships extensions that CNPG's images lack ({@code pg_stat_kcache}, {@code set_user}, {@code pg_cron},
 * {@code timescaledb}, ...). Where the embedded binaries lack them too, the source gets a stand-in of the same name (a
 * control file and a script), installed into the source's own copy of the binaries only, so that the dump carries
 * {@code CREATE EXTENSION name} and the target's restore fails exactly as on CNPG. pg_cron's stand-in keeps jobs in
 * a {@code cron.job} table as pg_cron does (without running them), so that lost jobs can be counted.
 */
public final class StandInExtensions {

    /** Extensions that Spilo has and CNPG's operand images do not (FACTS.md), with a version to announce. */
    public static final Map<String, String> SPILO_ONLY = Map.of(
            "pg_stat_kcache", "2.2.3",
            "set_user", "4.1.0",
            "pg_auth_mon", "3.0",
            "bg_mon", "1.0",
            "pg_cron", "1.6",
            "timescaledb", "2.17.2");

    /** pg_cron's job table and scheduling functions, with pg_cron's names and columns. */
    private static final String PG_CRON = """
            CREATE SCHEMA cron;
            CREATE SEQUENCE cron.jobid_seq;
            CREATE TABLE cron.job (
              jobid bigint PRIMARY KEY DEFAULT nextval('cron.jobid_seq'),
              schedule text NOT NULL,
              command text NOT NULL,
              nodename text NOT NULL DEFAULT 'localhost',
              nodeport integer NOT NULL DEFAULT 5432,
              database text NOT NULL DEFAULT current_database(),
              username text NOT NULL DEFAULT current_user,
              active boolean NOT NULL DEFAULT true,
              jobname text);
            ALTER SEQUENCE cron.jobid_seq OWNED BY cron.job.jobid;
            SELECT pg_catalog.pg_extension_config_dump('cron.job', '');
            SELECT pg_catalog.pg_extension_config_dump('cron.jobid_seq', '');
            CREATE FUNCTION cron.schedule(schedule text, command text) RETURNS bigint LANGUAGE sql AS
              $$ INSERT INTO cron.job (schedule, command) VALUES (schedule, command) RETURNING jobid $$;
            CREATE FUNCTION cron.schedule(job_name text, schedule text, command text) RETURNS bigint LANGUAGE sql AS
              $$ INSERT INTO cron.job (jobname, schedule, command) VALUES (job_name, schedule, command) RETURNING jobid $$;
            CREATE FUNCTION cron.schedule_in_database(job_name text, schedule text, command text, database text,
                username text DEFAULT NULL, active boolean DEFAULT true) RETURNS bigint LANGUAGE sql AS
              $$ INSERT INTO cron.job (jobname, schedule, command, database, username, active)
                 VALUES (job_name, schedule, command, database, coalesce(username, current_user), active) RETURNING jobid $$;
            CREATE FUNCTION cron.unschedule(job_id bigint) RETURNS boolean LANGUAGE sql AS
              $$ WITH d AS (DELETE FROM cron.job WHERE jobid = job_id RETURNING 1) SELECT count(*) > 0 FROM d $$;
            """;

    public static Set<String> names() {
        return SPILO_ONLY.keySet();
    }

    /** Writes the stand-in's control and script files into {@code binaries}/share/postgresql/extension. */
    public static void install(Path binaries, String name) throws IOException {
        Path dir = binaries.resolve("share/postgresql/extension");
        for (Map.Entry<String, String> file : files(name).entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }
    }

    /** The stand-in's files as PostgreSQL looks for them in its extension folder: name to content. */
    public static Map<String, String> files(String name) {
        String version = SPILO_ONLY.get(name);
        return Map.of(
                name + ".control",
                """
                comment = 'cnpg-rehearsal stand-in for Spilo''s %s'
                default_version = '%s'
                relocatable = %s
                """.formatted(name, version, !name.equals("pg_cron")),
                name + "--" + version + ".sql",
                name.equals("pg_cron")
                        ? PG_CRON
                        : "CREATE FUNCTION " + name + "_standin() RETURNS text LANGUAGE sql AS $$ SELECT '" + name
                                + "'::text $$;\n");
    }

    private StandInExtensions() {}
}
