package org.cnpgrehearsal.source;

import java.util.List;

/**
 * The objects Spilo puts into template1, so that every database created afterwards carries them: the schemas
 * {@code user_management} (functions to manage application users, executable by {@code admin}) and
 * {@code metric_helpers} (bloat views and a {@code pg_stat_statements} wrapper, readable by {@code admin} and
 * {@code robot_zmon}). Written for the harness from what a Spilo database shows; not Spilo's own text.
 */
public final class SpiloTemplate {

    public static final String USER_MANAGEMENT = "user_management";
    public static final String METRIC_HELPERS = "metric_helpers";

    /** pg_dump's options that leave Spilo's schemas out of the application's dump. */
    public static final List<String> EXCLUDE_OPTIONS =
            List.of("--exclude-schema=" + USER_MANAGEMENT, "--exclude-schema=" + METRIC_HELPERS);

    /** Statements to run in template1 as the superuser, after the roles exist and the extensions are created. */
    public static List<String> statements() {
        return List.of(
                "CREATE SCHEMA user_management",
                "GRANT USAGE ON SCHEMA user_management TO admin",
                """
                CREATE FUNCTION user_management.create_application_user(username text) RETURNS text
                LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$
                DECLARE pw text := md5(random()::text || clock_timestamp()::text);
                BEGIN
                  EXECUTE format('CREATE USER %I WITH PASSWORD %L', username, pw);
                  RETURN pw;
                END $f$""",
                """
                CREATE FUNCTION user_management.create_user(username text) RETURNS void
                LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$
                BEGIN
                  EXECUTE format('CREATE USER %I IN ROLE zalandos, admin', username);
                END $f$""",
                """
                CREATE FUNCTION user_management.drop_user(username text) RETURNS void
                LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$
                BEGIN
                  EXECUTE format('DROP ROLE %I', username);
                END $f$""",
                """
                CREATE FUNCTION user_management.terminate_backend(pid integer) RETURNS boolean
                LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $f$ SELECT pg_terminate_backend(pid) $f$""",
                "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA user_management FROM public",
                "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA user_management TO admin",
                "CREATE SCHEMA metric_helpers",
                "GRANT USAGE ON SCHEMA metric_helpers TO admin, robot_zmon",
                """
                CREATE FUNCTION metric_helpers.get_table_bloat_approx(
                  OUT t_database name, OUT t_schema_name name, OUT t_table_name name, OUT t_real_size numeric,
                  OUT t_bloat_size double precision) RETURNS SETOF record
                LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $f$
                  SELECT current_database(), n.nspname, c.relname, pg_relation_size(c.oid)::numeric,
                         greatest(pg_relation_size(c.oid) - c.reltuples * 100, 0)::double precision
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                $f$""",
                "CREATE VIEW metric_helpers.table_bloat AS SELECT * FROM metric_helpers.get_table_bloat_approx()",
                """
                CREATE FUNCTION metric_helpers.get_btree_bloat_approx(
                  OUT i_database name, OUT i_schema_name name, OUT i_index_name name, OUT i_real_size numeric)
                RETURNS SETOF record LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $f$
                  SELECT current_database(), n.nspname, c.relname, pg_relation_size(c.oid)::numeric
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'i'
                $f$""",
                "CREATE VIEW metric_helpers.index_bloat AS SELECT * FROM metric_helpers.get_btree_bloat_approx()",
                """
                CREATE FUNCTION metric_helpers.pg_stat_statements(showtext boolean) RETURNS SETOF public.pg_stat_statements
                LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $f$
                  SELECT * FROM public.pg_stat_statements(showtext)
                $f$""",
                "CREATE VIEW metric_helpers.pg_stat_statements AS SELECT * FROM metric_helpers.pg_stat_statements(true)",
                "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA metric_helpers FROM public",
                "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA metric_helpers TO admin, robot_zmon",
                "GRANT SELECT ON ALL TABLES IN SCHEMA metric_helpers TO admin, robot_zmon");
    }

    private SpiloTemplate() {}
}
