package org.cnpgrehearsal.diagnose;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Why a rehearsal failed. The codes are a contract: scenarios name them in {@code expect.cause}. */
public enum Cause {
    ROLE_CATALOG_DENIED("the import user cannot read pg_authid, so CNPG cannot read the roles to import"),
    LARGE_OBJECT_DENIED("the import user cannot read the database's large objects"),
    PERMISSION_DENIED("the import user lacks a privilege on an object it must dump"),
    DISK_FULL("the target volume ran out of space (the dump and the restored data share it)"),
    VERSION_MISMATCH("the source runs a newer PostgreSQL major than the target's pg_dump"),
    EXTENSION_MISSING("the source's databases use an extension that the target image does not have"),
    TLS_VERIFY_FAILED("the source's server certificate is not signed by the CA the manifest trusts"),
    AUTH_FAILED("the import user could not authenticate to the source"),
    CONNECTION_FAILED("the source could not be reached"),
    MISSING_ROLE("restored objects or grants name a role that was not imported"),
    MD5_PASSWORD_LOGIN("an imported role has an md5 password hash and cannot log in through CNPG's scram-sha-256 rule"),
    APP_ACCESS_LOST(
            "the application role lost ownership or privileges on the target: the application breaks on its first query"),
    DATA_MISMATCH("rows on the target differ from the source"),
    SEQUENCE_BEHIND(
            "a sequence on the target is not where it stood on the source: the application's next inserts reuse keys"),
    SCHEMA_MISMATCH("schema objects the application relies on are missing or differ on the target"),
    SETTINGS_LOST("role-level or database-level settings of the source are missing on the target"),
    COLLATION_CHANGED(
            "the target database's collation or ctype differs from the source's: sort order changes silently"),
    DATABASE_NOT_IMPORTED("what the application relies on lives in a database the import skips"),
    SUBSCRIPTIONS_LOST("the database's subscriptions were not dumped, so they are missing on the target"),
    WAL_LEVEL_NOT_LOGICAL("the source's wal_level is below logical, so it cannot feed a logical replication slot"),
    REPLICATION_LIMITS("the source has no free replication slot or WAL sender for the subscription or the standby"),
    REPLICA_IDENTITY_MISSING(
            "a published table has no primary key or replica identity: the application's updates and deletes fail on "
                    + "the source"),
    REPLICATION_PRIVILEGE_MISSING("the externalClusters user lacks the REPLICATION attribute that streaming needs"),
    LARGE_OBJECTS_NOT_REPLICATED(
            "logical replication does not carry large objects: their content is missing on the target"),
    UNLOGGED_NOT_REPLICATED("unlogged tables cannot be published: their rows are missing on the target"),
    REPLICATION_STALLED("the initial copy or the catch-up made no progress"),
    PHYSICAL_MAJOR_MISMATCH("a physical copy needs the same PostgreSQL major on both sides"),
    UNKNOWN("not recognised: the error text is quoted verbatim");

    private final String summary;

    Cause(String summary) {
        this.summary = summary;
    }

    public String summary() {
        return summary;
    }

    public static Set<String> codes() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    }
}
