package org.cnpgrehearsal.diagnose;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Why a rehearsal failed, and the side it blames (where the change belongs). The codes are a contract: scenarios
 * name them in {@code expect.cause}.
 */
public enum Cause {
    ROLE_CATALOG_DENIED(Side.SOURCE, "the import user cannot read pg_authid, so CNPG cannot read the roles to import"),
    LARGE_OBJECT_DENIED(Side.SOURCE, "the import user cannot read the database's large objects"),
    PERMISSION_DENIED(Side.SOURCE, "the import user lacks a privilege on the source on an object it must dump"),
    RLS_BLOCKS_DUMP(
            Side.SOURCE,
            "row-level security hides rows from the import user: pg_dump refuses to dump a table it cannot read whole"),
    SUPERUSER_STRIPPED(
            Side.SOURCE,
            "an object is owned by a superuser other than postgres: CNPG imports that role without SUPERUSER, and the target refuses what the object needs"),
    RESTORE_PERMISSION_DENIED(Side.TARGET, "a restored statement runs as a role that lacks a privilege on the target"),
    DISK_FULL(Side.MANIFEST, "the target volume ran out of space (the dump and the restored data share it)"),
    VERSION_MISMATCH(Side.MANIFEST, "the source runs a newer PostgreSQL major than the target's pg_dump"),
    EXTENSION_MISSING(Side.SOURCE, "the source's databases use an extension that the target image does not have"),
    EXTENSION_NOT_CONFIGURED(
            Side.MANIFEST,
            "the target image has the extension, but it is not set up as the restore needs (preloaded library, restore mode, the database it must live in)"),
    ENCODING_MISMATCH(
            Side.MANIFEST,
            "the source database's bytes or encoding do not fit the target database's encoding (SQL_ASCII bytes into UTF8, or an encoding the locale does not allow)"),
    DEPENDENCY_MISSING(
            Side.MANIFEST,
            "a restored object depends on one the dump did not carry (an excluded schema or table, or an object outside the database)"),
    CONSTRAINT_VIOLATED(
            Side.SOURCE,
            "the source's rows break a constraint the restore builds again (a unique index the source no longer enforces: corrupted, often by a glibc collation change)"),
    LOCALE_MISSING(
            Side.MANIFEST,
            "the source database's locale does not exist in the target image: the database cannot be created"),
    TABLESPACE_MISSING(Side.MANIFEST, "the dump places objects in a tablespace that the target does not have"),
    TLS_VERIFY_FAILED(
            Side.MANIFEST,
            "the source's server certificate is not verified by the CA and host name the manifest trusts"),
    AUTH_FAILED(Side.MANIFEST, "the import user could not authenticate to the source"),
    CONNECTION_FAILED(Side.MANIFEST, "the source could not be reached"),
    CONNECTION_LIMIT(
            Side.MANIFEST,
            "the source refused a connection: max_connections or a role's or database's connection limit is reached"),
    RECOVERY_CONFLICT(
            Side.MANIFEST,
            "the dump reads a hot standby (such as Zalando's -repl service), and replaying the primary's changes canceled it"),
    LOCK_CONFLICT(
            Side.SOURCE,
            "a session on the source asked for a lock that conflicts with the dump's (a migration, TRUNCATE, partition or repack job)"),
    MISSING_ROLE(Side.MANIFEST, "restored objects or grants name a role that was not imported"),
    MD5_PASSWORD_LOGIN(
            Side.SOURCE,
            "an imported role has an md5 password hash and cannot log in through CNPG's scram-sha-256 rule"),
    APP_ACCESS_LOST(
            Side.MANIFEST,
            "the application role lost ownership or privileges on the target: the application breaks on its first query"),
    DATA_MISMATCH(Side.MANIFEST, "rows on the target differ from the source"),
    SEQUENCE_BEHIND(
            Side.TARGET,
            "a sequence on the target is not where it stood on the source: the application's next inserts reuse keys"),
    SCHEMA_MISMATCH(Side.TARGET, "schema objects the application relies on are missing or differ on the target"),
    SETTINGS_LOST(
            Side.TARGET,
            "role-level or database-level settings of the source are missing on the target: the import passes, the application may not"),
    COLLATION_CHANGED(
            Side.MANIFEST,
            "the database's collation or ctype differs from the source's: sort order and text indexes change silently"),
    DATABASE_NOT_IMPORTED(
            Side.TARGET,
            "objects the application relies on live in a database the import skips (such as pg_cron's jobs in postgres)"),
    SUBSCRIPTIONS_LOST(
            Side.TARGET,
            "the source's subscriptions were not carried over (pg_dump dumps them only for a superuser): logical replication into the database stops"),
    WAL_LEVEL_NOT_LOGICAL(
            Side.SOURCE, "the source's wal_level is below logical, so it cannot feed a logical replication slot"),
    REPLICATION_LIMITS(
            Side.SOURCE, "the source has no free replication slot or WAL sender for the subscription or the standby"),
    REPLICA_IDENTITY_MISSING(
            Side.SOURCE,
            "a published table has no primary key or replica identity: the application's updates and deletes fail on "
                    + "the source"),
    REPLICATION_PRIVILEGE_MISSING(
            Side.MANIFEST, "the externalClusters user lacks the REPLICATION attribute that streaming needs"),
    LARGE_OBJECTS_NOT_REPLICATED(
            Side.TARGET, "logical replication does not carry large objects: their content is missing on the target"),
    UNLOGGED_NOT_REPLICATED(Side.SOURCE, "unlogged tables cannot be published: their rows are missing on the target"),
    REPLICATION_STALLED(Side.TARGET, "the initial copy or the catch-up made no progress"),
    PHYSICAL_MAJOR_MISMATCH(Side.MANIFEST, "a physical copy needs the same PostgreSQL major on both sides"),
    UNKNOWN(null, "not recognised: the error text is quoted verbatim");

    private final Side blames;
    private final String summary;

    Cause(Side blames, String summary) {
        this.blames = blames;
        this.summary = summary;
    }

    public String summary() {
        return summary;
    }

    /** The side where the change belongs; null for UNKNOWN, which blames the side of its phase. */
    public Side blames() {
        return blames;
    }

    public static Set<String> codes() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    }
}
