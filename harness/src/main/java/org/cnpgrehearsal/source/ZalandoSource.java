package org.cnpgrehearsal.source;

import static org.cnpgrehearsal.util.Sql.ident;
import static org.cnpgrehearsal.util.Sql.literal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.util.PgConnection;

/**
 * Makes a fresh PostgreSQL server look like a Zalando (Spilo) cluster from the inside: its roles, the template
 * objects every database inherits, the application owner and database. Platform-neutral (plain SQL through the
 * superuser); pg_hba, TLS and server settings are the platform's part ({@link #HBA}, {@link #serverSettings}).
 */
public final class ZalandoSource {

    /** Spilo's pg_hba: TLS only, md5 (which also accepts SCRAM hashes), local trust. */
    public static final String HBA = """
            local all all trust
            hostnossl all all all reject
            hostssl all all all md5
            hostssl replication standby all md5
            """;

    /**
     * Spilo creates pg_cron in {@code postgres} only (its {@code cron.database_name}; post_init.sh), so its jobs live
     * there, in a database that CNPG's {@code databases: ["*"]} skips.
     */
    public static final String PG_CRON = "pg_cron";

    /** Zalando's service for the replicas of cluster {@code <cluster>}: {@code <cluster>-repl}. */
    private static final Pattern REPLICA_SERVICE = Pattern.compile("-repl(?=\\.|$)");

    /** Whether a host names Zalando's replica service ({@code <cluster>-repl[.<namespace>...]}). */
    public static boolean isReplicaService(String host) {
        return host != null && REPLICA_SERVICE.matcher(host).find();
    }

    /** The primary's service for a host that names the replica service. */
    public static String primaryService(String host) {
        return REPLICA_SERVICE.matcher(host).replaceFirst("");
    }

    /**
     * Whether the import reads a hot standby: the scenario says so, or the manifest's externalClusters host is
     * Zalando's replica service.
     */
    public static boolean importReadsReplica(Scenario.Source source, ClusterManifest manifest) {
        return source.replica() || isReplicaService(manifest.importSource().parameter("host"));
    }

    /** Roles every Spilo cluster has, besides the superuser and the manifest's users. */
    public static final List<String> SYSTEM_ROLES = List.of(
            "CREATE ROLE admin CREATEDB NOLOGIN",
            "CREATE ROLE cron_admin NOLOGIN",
            "GRANT cron_admin TO admin",
            "CREATE ROLE zalandos NOLOGIN",
            "CREATE ROLE robot_zmon NOLOGIN");

    /** The roles a rehearsal's source holds once set up: the superuser, Spilo's roles, the manifest's users. */
    public static Set<String> roleNames(RehearsalPlan plan) {
        Set<String> names = new LinkedHashSet<>(List.of(RehearsalPlan.SOURCE_SUPERUSER, "standby"));
        SYSTEM_ROLES.stream()
                .filter(sql -> sql.startsWith("CREATE ROLE "))
                .forEach(sql -> names.add(sql.split(" ")[2]));
        names.addAll(manifestUsers(plan));
        names.add(plan.importUser());
        return names;
    }

    /**
     * Spilo's replication settings (its Patroni template: {@code wal_level: hot_standby}, which PostgreSQL reads as
     * {@code replica}, 10 WAL senders and 10 slots), before the scenario's own parameters.
     */
    public static final Map<String, String> REPLICATION_SETTINGS =
            Map.of("wal_level", "replica", "max_wal_senders", "10", "max_replication_slots", "10");

    public static String serverSettings(Scenario.Source source, String certFile, String keyFile) {
        List<String> lines = new ArrayList<>(List.of(
                "ssl = on",
                "ssl_cert_file = '" + certFile + "'",
                "ssl_key_file = '" + keyFile + "'",
                "password_encryption = '" + source.passwordEncryption() + "'",
                "shared_preload_libraries = 'pg_stat_statements'",
                "max_connections = 100"));
        Map<String, String> parameters = new TreeMap<>(REPLICATION_SETTINGS);
        parameters.putAll(source.parameters());
        parameters.forEach((k, v) -> lines.add(k + " = " + literal(v)));
        return String.join("\n", lines);
    }

    /** Creates the roles, the template objects and the application database. {@code superuser} points at database postgres. */
    public static void setUp(PgConnection superuser, RehearsalPlan plan) throws SQLException {
        Scenario.Source source = plan.scenario().source();
        try (Connection c = superuser.withDatabase("postgres").open();
                Statement s = c.createStatement()) {
            s.execute("SET password_encryption = '" + source.passwordEncryption() + "'");
            s.execute("CREATE ROLE standby WITH REPLICATION LOGIN PASSWORD "
                    + literal(plan.credentials().password("standby")));
            for (String sql : SYSTEM_ROLES) {
                s.execute(sql);
            }
            for (String user : manifestUsers(plan)) {
                s.execute("CREATE ROLE " + ident(user) + " WITH LOGIN PASSWORD "
                        + literal(plan.credentials().password(user)));
            }
        }
        try (Connection c = superuser.withDatabase("template1").open();
                Statement s = c.createStatement()) {
            for (String extension : extensions(source)) {
                if (!extension.equals(PG_CRON)) {
                    s.execute("CREATE EXTENSION IF NOT EXISTS " + ident(extension) + " SCHEMA public");
                }
            }
            for (String sql : SpiloTemplate.statements()) {
                s.execute(sql);
            }
        }
        try (Connection c = superuser.withDatabase("postgres").open();
                Statement s = c.createStatement()) {
            if (source.extensions().contains(PG_CRON)) {
                s.execute("CREATE EXTENSION IF NOT EXISTS " + PG_CRON + " SCHEMA public");
            }
            s.execute("CREATE DATABASE " + ident(plan.appDatabase()) + " OWNER " + ident(plan.appOwner()));
        }
    }

    /**
     * After seeding: the scenario's grants to the import user ({@code pg_read_all_data}, {@code superuser},
     * {@code large-objects}: SELECT on each large object, {@code lo_compat_privileges}: large objects readable without
     * grants for the window, {@code bypassrls}: row-level security bypassed) and its own preparation SQL, in the
     * application database, then in the databases {@code prepareSqlIn} names. Returns what was run.
     */
    public static List<String> prepare(PgConnection superuser, RehearsalPlan plan) throws SQLException {
        Scenario.Source source = plan.scenario().source();
        String user = ident(plan.importUser());
        List<String> run = new ArrayList<>();
        try (Connection c = superuser.withDatabase(plan.appDatabase()).open();
                Statement s = c.createStatement()) {
            for (String grant : source.grants()) {
                switch (grant) {
                    case "pg_read_all_data" -> run.add("GRANT pg_read_all_data TO " + user);
                    case "superuser" -> run.add("ALTER ROLE " + user + " SUPERUSER");
                    case "large-objects" -> {
                        try (ResultSet rs = s.executeQuery("SELECT oid FROM pg_largeobject_metadata ORDER BY oid")) {
                            while (rs.next()) {
                                run.add("GRANT SELECT ON LARGE OBJECT " + rs.getLong(1) + " TO " + user);
                            }
                        }
                    }
                    case "bypassrls" -> run.add("ALTER ROLE " + user + " BYPASSRLS");
                    case "lo_compat_privileges" -> {
                        run.add("ALTER SYSTEM SET lo_compat_privileges = on");
                        run.add("SELECT pg_reload_conf()");
                    }
                    default -> throw new IllegalArgumentException("unknown grant " + grant);
                }
            }
            run.addAll(source.prepareSql());
            for (String sql : run) {
                s.execute(sql);
            }
        }
        for (Map.Entry<String, List<String>> in : source.prepareSqlIn().entrySet()) {
            try (Connection c = superuser.withDatabase(in.getKey()).open();
                    Statement s = c.createStatement()) {
                for (String sql : in.getValue()) {
                    s.execute(sql);
                    run.add(sql);
                }
            }
        }
        return run;
    }

    /** The manifest's users of the Zalando cluster: the application owner and the import user when it is not standby. */
    private static Set<String> manifestUsers(RehearsalPlan plan) {
        Set<String> users = new LinkedHashSet<>();
        users.add(plan.appOwner());
        if (!plan.importUser().equals("standby") && !plan.importUser().equals(RehearsalPlan.SOURCE_SUPERUSER)) {
            users.add(plan.importUser());
        }
        return users;
    }

    /** pg_stat_statements first (the metric_helpers wrapper needs it), then the scenario's extensions. */
    public static Set<String> extensions(Scenario.Source source) {
        Set<String> all = new LinkedHashSet<>();
        all.add("pg_stat_statements");
        all.addAll(source.extensions());
        return all;
    }

    private ZalandoSource() {}
}
