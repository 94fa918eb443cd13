package org.cnpgrehearsal.preflight;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.cnpgrehearsal.strategy.Strategy;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.Sql;

/**
 * The blockers of the online and physical strategies, read on the source before anything runs, each with its remedy
 * on a Zalando cluster: for logical replication {@code wal_level}, replica identities, large objects, unlogged
 * tables, free slots and WAL senders, the REPLICATION attribute; for a base backup the same major, extensions the
 * image lacks, the collation library's version. Read-only, as the externalClusters user; the target (a superuser
 * session) only for its collation library.
 */
public final class StrategyPreflight {

    public static final String WAL_LEVEL = "wal-level";
    public static final String REPLICA_IDENTITY = "replica-identity";
    public static final String LARGE_OBJECTS = "large-objects-replicated";
    public static final String UNLOGGED = "unlogged-tables";
    public static final String CAPACITY = "replication-capacity";
    public static final String REPLICATION = "replication-privilege";
    public static final String SAME_MAJOR = "same-major";
    public static final String IMAGE_EXTENSIONS = "extensions-in-image";
    public static final String COLLATION = "collation-version";

    /** Tables of user schemas that updates and deletes cannot replicate: no primary key and no usable identity. */
    private static final String WITHOUT_IDENTITY = """
            SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND c.relpersistence = 'p' AND NOT c.relispartition AND %s
              AND (c.relreplident = 'n'
                   OR (c.relreplident = 'd' AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid
                                                            AND i.indisprimary)))
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                              AND d.deptype = 'e')
            ORDER BY 1""".formatted(PgCatalog.userSchema("n.nspname"));

    private static final String UNLOGGED_TABLES = """
            SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND c.relpersistence = 'u' AND %s ORDER BY 1""".formatted(PgCatalog.userSchema("n.nspname"));

    /** The checks of {@code strategy} (none for offline, whose checks are the import's own). */
    public static List<Check> run(
            Strategy strategy, PgConnection source, Supplier<PgConnection> targetSuperuser, int targetMajor) {
        List<Check> checks = new ArrayList<>();
        if (strategy == Strategy.OFFLINE) {
            return checks;
        }
        try (Connection c = source.open(true)) {
            if (strategy == Strategy.ONLINE) {
                checks.add(guarded(WAL_LEVEL, () -> walLevel(c)));
                checks.add(guarded(REPLICA_IDENTITY, () -> replicaIdentity(c)));
                checks.add(guarded(LARGE_OBJECTS, () -> largeObjects(c)));
                checks.add(guarded(UNLOGGED, () -> unlogged(c)));
                checks.add(guarded(
                        CAPACITY,
                        () -> capacity(
                                c, 1, 1, 2, "the subscription needs a slot and a sender, each table copy one more")));
            } else {
                checks.add(guarded(SAME_MAJOR, () -> sameMajor(c, targetMajor)));
                checks.add(guarded(IMAGE_EXTENSIONS, () -> imageExtensions(c)));
                checks.add(guarded(COLLATION, () -> collation(c, targetSuperuser)));
                checks.add(guarded(
                        CAPACITY, () -> capacity(c, 1, 2, 2, "pg_basebackup needs a temporary slot and two senders")));
            }
            checks.add(guarded(REPLICATION, () -> replicationPrivilege(c)));
        } catch (SQLException e) {
            checks.add(Check.notMeasured(strategy.yaml() + "-blockers", "no session on the source: " + e.getMessage()));
        }
        return checks;
    }

    static Check walLevel(Connection c) throws SQLException {
        String level = scalar(c, "SHOW wal_level");
        if ("logical".equals(level)) {
            return Check.pass(WAL_LEVEL, "wal_level = logical");
        }
        return Check.fail(
                WAL_LEVEL,
                "wal_level = " + level + ": a logical replication slot cannot be created",
                "set it on the Zalando cluster: spec.postgresql.parameters.wal_level: logical in its manifest, then "
                        + "restart its pods (Patroni marks the change pending restart); or stay offline");
    }

    static Check replicaIdentity(Connection c) throws SQLException {
        List<String> tables = column(c, WITHOUT_IDENTITY);
        if (tables.isEmpty()) {
            return Check.pass(REPLICA_IDENTITY, "every table has a primary key or a replica identity");
        }
        return Check.fail(
                REPLICA_IDENTITY,
                tables.size() + " tables have no primary key or replica identity: once published, the "
                        + "application's UPDATE and DELETE on them fail on the source: " + first(tables),
                "before the publication exists: ALTER TABLE ... ADD PRIMARY KEY, or ALTER TABLE ... REPLICA "
                        + "IDENTITY USING INDEX <unique index on NOT NULL columns> (FULL works too, slower); or stay "
                        + "offline");
    }

    static Check largeObjects(Connection c) throws SQLException {
        long n = Long.parseLong(scalar(c, "SELECT count(*) FROM pg_largeobject_metadata"));
        if (n == 0) {
            return Check.pass(LARGE_OBJECTS, "no large objects");
        }
        return Check.warn(
                LARGE_OBJECTS,
                n + " large objects: logical replication does not carry them",
                "copy them during the cutover while writes are stopped (the rehearsal does, and times it in the "
                        + "downtime), or move them into bytea columns before, or stay offline");
    }

    static Check unlogged(Connection c) throws SQLException {
        List<String> tables = column(c, UNLOGGED_TABLES);
        if (tables.isEmpty()) {
            return Check.pass(UNLOGGED, "no unlogged tables");
        }
        return Check.warn(
                UNLOGGED,
                tables.size() + " unlogged tables cannot be published: their rows stay behind: " + first(tables),
                "ALTER TABLE ... SET LOGGED on the source before the publication, or accept losing their rows "
                        + "(caches, sessions), or stay offline");
    }

    /**
     * Free replication slots and WAL senders against what the migration takes: {@code slots} and {@code senders} it
     * cannot start without, {@code wanted} of each to copy at full speed (a warning below that).
     */
    static Check capacity(Connection c, int slots, int senders, int wanted, String what) throws SQLException {
        int maxSlots = Integer.parseInt(scalar(c, "SHOW max_replication_slots"));
        int maxSenders = Integer.parseInt(scalar(c, "SHOW max_wal_senders"));
        int usedSlots = Integer.parseInt(scalar(c, "SELECT count(*) FROM pg_replication_slots"));
        int usedSenders =
                Integer.parseInt(scalar(c, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'walsender'"));
        int freeSlots = maxSlots - usedSlots;
        int freeSenders = maxSenders - usedSenders;
        String measured = "max_replication_slots " + maxSlots + " (" + usedSlots + " in use), max_wal_senders "
                + maxSenders + " (" + usedSenders + " in use); " + what;
        String fix = "raise max_replication_slots and max_wal_senders in the Zalando manifest "
                + "(spec.postgresql.parameters), then restart its pods";
        if (freeSlots < slots || freeSenders < senders) {
            return Check.fail(CAPACITY, measured, fix);
        }
        if (freeSlots < wanted || freeSenders < wanted) {
            return Check.warn(CAPACITY, measured, fix);
        }
        return Check.pass(CAPACITY, measured);
    }

    static Check replicationPrivilege(Connection c) throws SQLException {
        String user = scalar(c, "SELECT current_user");
        String flag = scalar(c, "SELECT (rolreplication OR rolsuper)::text FROM pg_roles WHERE rolname = current_user");
        if ("true".equals(flag)) {
            return Check.pass(REPLICATION, user + " has REPLICATION");
        }
        return Check.fail(
                REPLICATION,
                user + " (the externalClusters user) has no REPLICATION attribute: it cannot start a WAL sender",
                "point externalClusters at Zalando's standby user (REPLICATION), or add the replication flag to " + user
                        + " in the Zalando manifest (spec.users." + user + ": [replication])");
    }

    static Check sameMajor(Connection c, int targetMajor) throws SQLException {
        int source = Integer.parseInt(scalar(c, "SHOW server_version_num")) / 10000;
        if (source == targetMajor) {
            return Check.pass(SAME_MAJOR, "PostgreSQL " + source + " on both sides");
        }
        return Check.fail(
                SAME_MAJOR,
                "source PostgreSQL " + source + ", target " + targetMajor + ": a base backup keeps the source's major",
                "use a target image of PostgreSQL " + source + " (spec.imageName), or upgrade the source first, or "
                        + "move with the offline or online strategy, which cross majors");
    }

    /** Extensions of the application database that CNPG's images lack: a base backup copies their catalog entries. */
    static Check imageExtensions(Connection c) throws SQLException {
        List<String> missing = new ArrayList<>();
        for (String e : column(c, "SELECT extname FROM pg_extension ORDER BY 1")) {
            if (ExtensionCheck.NOT_IN_CNPG.containsKey(e)) {
                missing.add(e);
            }
        }
        if (missing.isEmpty()) {
            return Check.pass(IMAGE_EXTENSIONS, "no extension that CNPG's images lack");
        }
        return Check.fail(
                IMAGE_EXTENSIONS,
                "the data folder names extensions that CNPG's images lack: " + missing
                        + " (Spilo also preloads some of them: shared_preload_libraries)",
                "drop them on the source before the base backup (DROP EXTENSION " + String.join(", ", missing)
                        + " in every database and template1) and remove them from shared_preload_libraries in the "
                        + "Zalando manifest; or use a target image that ships them; or move offline or online");
    }

    /** The collation library's version the source's database was created with, against the target's. */
    static Check collation(Connection c, Supplier<PgConnection> targetSuperuser) throws SQLException {
        List<String> src = PgCatalog.rows(
                        c, "SELECT datcollate, datcollversion FROM pg_database WHERE datname = current_database()")
                .get(0);
        if (src.get(1) == null) {
            return Check.pass(
                    COLLATION, "collation " + src.get(0) + " has no library version (C or POSIX): nothing to compare");
        }
        PgConnection reach;
        try {
            reach = targetSuperuser.get();
        } catch (IllegalStateException e) {
            return Check.warn(
                    COLLATION,
                    "collation " + src.get(0) + " version " + src.get(1) + " on the source; the target's image is not "
                            + "running yet on this platform",
                    "compare the C library of both images (ldd --version): a different glibc sorts text "
                            + "differently, and the copied indexes on text would be corrupt until reindexed");
        }
        String target;
        try (Connection t = reach.withDatabase("postgres").open(true)) {
            target = scalar(
                    t,
                    "SELECT pg_collation_actual_version(oid) FROM pg_collation WHERE collcollate = "
                            + Sql.literal(src.get(0)) + " LIMIT 1");
        }
        if (target == null) {
            return Check.warn(
                    COLLATION,
                    "collation " + src.get(0) + " version " + src.get(1) + " on the source; the target's image has "
                            + "no such collation to compare",
                    "compare the C library of both images (ldd --version): a different glibc sorts text "
                            + "differently, and the copied indexes on text would be corrupt until reindexed");
        }
        if (target.equals(src.get(1))) {
            return Check.pass(COLLATION, "collation " + src.get(0) + " version " + target + " on both sides");
        }
        return Check.fail(
                COLLATION,
                "collation " + src.get(0) + " version " + src.get(1) + " on the source, " + target
                        + " in the target's image: the copied indexes on text sort differently",
                "use a target image with the source's C library, or REINDEX every index on text after the "
                        + "promotion (downtime), or move with the offline or online strategy, which build the indexes "
                        + "anew");
    }

    private interface Body {
        Check run() throws SQLException;
    }

    private static Check guarded(String id, Body body) {
        try {
            return body.run();
        } catch (SQLException e) {
            return Check.warn(
                    id,
                    "could not be measured: " + Connectivity.firstLine(e.getMessage()),
                    "run preflight as a superuser to see this");
        }
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        return PgCatalog.rows(c, sql).get(0).get(0);
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        return PgCatalog.rows(c, sql).stream().map(r -> r.get(0)).toList();
    }

    private static String first(List<String> names) {
        return String.join(", ", names.subList(0, Math.min(10, names.size())))
                + (names.size() > 10 ? " and " + (names.size() - 10) + " more" : "");
    }

    private StrategyPreflight() {}
}
