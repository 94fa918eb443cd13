package org.cnpgrehearsal.diagnose;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cnpgrehearsal.timeline.Phases;

/**
 * The diagnosis table: error text to cause to remedy. For each error, in the order printed, the first rule that applies
 * on the failing phase's side and matches wins, so more specific patterns come first. Every remedy says on which side
 * the change belongs: on the source, in the manifest (the CNPG Cluster), or on the target. To teach the harness a new
 * failure, add a line here, with a test built from the exact text.
 */
public final class DiagnosisRules {

    public static final List<Rule> TABLE = List.of(
            Rule.of(
                            "permission denied for (table|relation) pg_authid",
                            Cause.ROLE_CATALOG_DENIED,
                            "on the source: GRANT pg_read_all_data TO <import user> (it reads the role catalog); or in the manifest: a dedicated "
                                    + "superuser dump user in externalClusters, or import.roles: [] with the roles created on the target yourself")
                    .on(Side.SOURCE),
            Rule.of(
                            "permission denied for large object (\\d+)",
                            Cause.LARGE_OBJECT_DENIED,
                            f ->
                                    "on the source: pg_read_all_data does not cover large objects: set lo_compat_privileges = on for the window, or "
                                            + "GRANT SELECT ON LARGE OBJECT " + f.group(1)
                                            + " (and every other) TO <import user>; or in the manifest: a superuser dump user")
                    .on(Side.SOURCE),
            Rule.of(
                            "query would be affected by row-level security policy for table \"([^\"]+)\"",
                            Cause.RLS_BLOCKS_DUMP,
                            f ->
                                    "on the source: ALTER ROLE <import user> BYPASSRLS for the window (as a superuser; table "
                                            + f.group(1)
                                            + " has row-level security, and pg_read_all_data does not bypass it); or in the manifest: a superuser dump user. "
                                            + "Never --enable-row-security in pgDumpExtraOptions: pg_dump then dumps only the rows the policies show")
                    .in(Phases.DUMP),
            Rule.of(
                            "conflict with recovery",
                            Cause.RECOVERY_CONFLICT,
                            "in the manifest: point externalClusters at the primary (Zalando: the service <cluster>, not <cluster>-repl); "
                                    + "a replica also never dumps the data of unlogged tables. If the replica must be used: on the source, "
                                    + "hot_standby_feedback: on or max_standby_streaming_delay: -1 for the window (the Zalando manifest's "
                                    + "spec.postgresql.parameters)")
                    .in(Phases.DUMP),
            Rule.of(
                            "could not obtain lock on relation \"?([^\"\\s]+)\"?|canceling statement due to lock timeout|deadlock detected",
                            Cause.LOCK_CONFLICT,
                            f -> "on the source: nothing may ask for an ACCESS EXCLUSIVE lock during the dump"
                                    + (f.group(1) == null ? "" : " (here on " + f.group(1) + ")")
                                    + ": freeze migrations, TRUNCATE, VACUUM FULL, pg_repack and partition or pg_cron jobs for the window; "
                                    + "or in the manifest: drop --jobs from pgDumpExtraOptions (a serial dump waits for the lock instead of failing)")
                    .in(Phases.DUMP),
            Rule.of(
                    "too many clients already|remaining connection slots are reserved|too many connections for (role|database) \"?([^\"\\s]+)\"?",
                    Cause.CONNECTION_LIMIT,
                    f -> "on the source: raise max_connections (Zalando: spec.postgresql.parameters) or the "
                            + (f.group(1) == null ? "role's or database's" : f.group(1) + " " + f.group(2) + "'s")
                            + " CONNECTION LIMIT for the window; or in the manifest: fewer --jobs in pgDumpExtraOptions "
                            + "(pg_dump opens one connection per job, plus one)"),
            Rule.of(
                    "No space left on device|could not extend file|SQLSTATE 53100|disk full",
                    Cause.DISK_FULL,
                    "in the manifest: raise spec.storage.size: CNPG writes the dump under PGDATA, so the volume must hold the dump and the restored data at once (see the sizes in this report)"),
            Rule.of(
                    "logical decoding requires wal_level >= logical|wal_level must be set to \"logical\"",
                    Cause.WAL_LEVEL_NOT_LOGICAL,
                    "on the source: wal_level = logical: on a Zalando cluster spec.postgresql.parameters.wal_level: "
                            + "logical in its manifest, then a restart of its pods (Patroni marks it pending restart); "
                            + "or stay offline"),
            Rule.of(
                    "all replication slots are in use|exceeds max_wal_senders|number of requested standby connections",
                    Cause.REPLICATION_LIMITS,
                    "on the source: raise max_replication_slots and max_wal_senders (Zalando manifest: "
                            + "spec.postgresql.parameters; a restart): the subscription needs one slot and one sender, "
                            + "its initial copy one more of each per table copied at once (max_sync_workers_per_subscription, 2)"),
            Rule.of(
                    "does not have a replica identity and publishes (updates|deletes)",
                    Cause.REPLICA_IDENTITY_MISSING,
                    m ->
                            "on the source: give every published table a primary key, or ALTER TABLE ... REPLICA IDENTITY USING "
                                    + "INDEX <unique index on NOT NULL columns> (or FULL, slower) before the publication "
                                    + "exists: until then the application's " + m.group(1) + " fail"),
            Rule.of(
                    "must be superuser or replication role|permission denied to start WAL sender",
                    Cause.REPLICATION_PRIVILEGE_MISSING,
                    "in the manifest: point the externalClusters entry at a user with REPLICATION (Zalando's standby has it); "
                            + "or on the source: give the user the replication flag in the Zalando manifest "
                            + "(spec.users.<user>: [replication])"),
            Rule.of(
                    "made no progress for",
                    Cause.REPLICATION_STALLED,
                    "on the target: read its log for its replication workers' errors (the evidence quotes them), and on "
                            + "the source its WAL senders'; a copy that retries a failing table never ends"),
            Rule.of(
                    "database files are incompatible with server|was initialized by PostgreSQL version",
                    Cause.PHYSICAL_MAJOR_MISMATCH,
                    "in the manifest: a target image of the source's major (spec.imageName): a base backup keeps the "
                            + "source's major; or upgrade the source first, or move with the offline or online strategy, which cross majors"),
            Rule.of(
                    "aborting because of server version mismatch|server version: (\\d+)",
                    Cause.VERSION_MISMATCH,
                    "in the manifest: a target image whose PostgreSQL major is at least the source's (spec.imageName): pg_dump refuses a newer server"),
            Rule.of(
                            "invalid locale name:? \"?([^\"\\s]+)\"?|invalid LC_(?:COLLATE|CTYPE) locale name:? \"?([^\"\\s]+)\"?"
                                    + "|could not create locale \"([^\"]+)\"|collation \"([^\"]+)\" for encoding \"[^\"]+\" does not exist",
                            Cause.LOCALE_MISSING,
                            f -> "in the manifest: an image that has the source's locale " + firstGroup(f.match())
                                    + " (CNPG's standard and system images ship every glibc locale, minimal only C and C.UTF-8), or a custom image "
                                    + "with it. Creating the database with another locale instead (bootstrap.initdb.localeCollate, or initdb.database "
                                    + "naming it) changes its sort order silently")
                    .on(Side.TARGET),
            Rule.of(
                            "invalid byte sequence for encoding \"([^\"]+)\"|has no equivalent in encoding \"([^\"]+)\""
                                    + "|encoding \"([^\"]+)\" does not match locale",
                            Cause.ENCODING_MISMATCH,
                            f ->
                                    "in the manifest: give the database the source's encoding: let the import create it (type: monolith, "
                                            + "initdb.database not an imported one), or bootstrap.initdb.encoding (and a locale that allows it); "
                                            + "on the source, SQL_ASCII databases hold bytes that are not valid "
                                            + firstGroup(f.match())
                                            + ": find and convert them before the window")
                    .on(Side.TARGET),
            Rule.of(
                            "tablespace \"([^\"]+)\" does not exist|could not set default_tablespace to (\\S+?):",
                            Cause.TABLESPACE_MISSING,
                            f -> "in the manifest: --no-tablespaces in pgRestoreExtraOptions (objects of tablespace "
                                    + firstGroup(f.match())
                                    + " then land in the default one), or declare the tablespace in the Cluster (spec.tablespaces)")
                    .on(Side.TARGET),
            Rule.of(
                            "extension \"([^\"]+)\" must be preloaded|must be loaded via shared_preload_libraries"
                                    + "|invalid INSERT on the root table of hypertable|can only create extension in database (\\S+)",
                            Cause.EXTENSION_NOT_CONFIGURED,
                            DiagnosisRules::extensionSetup)
                    .on(Side.TARGET),
            Rule.of(
                    "(?:could not open extension control file|extension \"([^\"]+)\" (?:is not available|does not exist)|could not access file \"\\$libdir/([^\"]+)\")",
                    Cause.EXTENSION_MISSING,
                    f -> "on the source: drop the extension"
                            + (firstGroup(f.match()) == null ? "" : " " + firstGroup(f.match()))
                            + " before the window (DROP EXTENSION ...) when the application does not use it; or in the manifest: an image that ships it "
                            + "(at the source's version); with pg_dump >= 17, --exclude-extension=NAME in pgDumpExtraOptions"),
            Rule.of(
                            "violates foreign key constraint \"([^\"]+)\"",
                            Cause.DATA_MISMATCH,
                            f -> "the dump lacks rows that another table references (constraint " + f.group(1)
                                    + "): in the manifest, leave out --enable-row-security (pg_dump then dumps only the rows the "
                                    + "policies show), --exclude-table-data and table exclusions; read the primary, not a replica")
                    .on(Side.TARGET),
            Rule.of(
                            "must be (?:a )?superuser|owner of an? [\\w -]+ must be a superuser"
                                    + "|permission denied to (?:change owner of|create) (?:event trigger|foreign-data wrapper|language)"
                                    + "|permission denied for language \\w+|only superusers? (?:can|may)",
                            Cause.SUPERUSER_STRIPPED,
                            DiagnosisRules::superuserOwned)
                    .on(Side.TARGET),
            // these statements run as the object's owner: a denial means the owner relied on its superuser flag
            Rule.of(
                            "permission denied for (?:table|relation|sequence|schema|view|function) ?(\\S*)",
                            Cause.SUPERUSER_STRIPPED,
                            DiagnosisRules::superuserOwned)
                    .on(Side.TARGET)
                    .whenStatement(
                            "^(?:REFRESH MATERIALIZED VIEW|CREATE (?:UNIQUE )?INDEX|ALTER TABLE .* ADD CONSTRAINT)"),
            Rule.of(
                            "permission denied|must be owner of|must be member of role",
                            Cause.RESTORE_PERMISSION_DENIED,
                            f ->
                                    "on the target the statement ran as a role without that privilege (the object's owner, or the initdb owner "
                                            + "with type: microservice): on the source, grant that role what the object uses, or make postgres own the "
                                            + "object; or in the manifest, leave out what names other roles (--no-owner/--no-acl, then check the "
                                            + "application's access)"
                                            + (f.error().statement() == null
                                                    ? ""
                                                    : ". Statement: "
                                                            + f.error().statement()))
                    .on(Side.TARGET),
            Rule.of(
                            "role \"([^\"]+)\" does not exist",
                            Cause.MISSING_ROLE,
                            f -> "in the manifest: objects or grants name the role " + f.group(1)
                                    + ", which the import did not create: add it to import.roles, or exclude what references it "
                                    + "(for Spilo's schemas: an --exclude-schema option for each in pgDumpExtraOptions, as rehearse --fix writes them)")
                    .on(Side.TARGET),
            Rule.of(
                            "could not create unique index \"([^\"]+)\"|duplicate key value violates unique constraint \"([^\"]+)\"",
                            Cause.CONSTRAINT_VIOLATED,
                            f -> "on the source, before the window: the rows break " + firstGroup(f.match())
                                    + ", which the source no longer enforces: its index is corrupt (often after an OS upgrade "
                                    + "changed glibc's collation); find the duplicates (amcheck's bt_index_check, or GROUP BY the key "
                                    + "HAVING count(*) > 1), resolve them, and REINDEX")
                    .on(Side.TARGET),
            Rule.of(
                            "(?:relation|schema|function|type|operator class|operator|text search configuration|sequence|view"
                                    + "|table|server|access method|procedure) \"?([^\"\\s]+)\"? does not exist",
                            Cause.DEPENDENCY_MISSING,
                            f -> "in the manifest: the dump left out " + f.group(1)
                                    + ", which a restored object needs: take "
                                    + "out the --exclude-schema/--exclude-table that drops it, or on the source: drop or change the "
                                    + "object that refers to it before the window"
                                    + (f.error().statement() == null
                                            ? ""
                                            : " (statement: " + f.error().statement() + ")"))
                    .on(Side.TARGET),
            Rule.of(
                    "does not match host name \"([^\"]+)\"|x509: certificate is valid for (.+?), not ([\\w.-]+)",
                    Cause.TLS_VERIFY_FAILED,
                    "in the manifest: externalClusters' host must be a name the source's certificate carries (Zalando's default "
                            + "certificate names spilo.example.org only), or sslmode: verify-ca, which verifies the CA but not the name"),
            Rule.of(
                    "root certificate file \"([^\"]+)\" does not exist",
                    Cause.TLS_VERIFY_FAILED,
                    "in the manifest: sslmode verify-ca or verify-full needs the CA: externalClusters[].sslRootCert must reference the "
                            + "secret key that holds it (Zalando: the CA of spec.tls); or sslmode: require, without verification"),
            Rule.of(
                    "certificate verify failed|unable to get local issuer certificate|self[- ]signed certificate|PKIX path"
                            + "|unable to find valid certification path|certificate signed by unknown authority|x509: |tls: failed to verify",
                    Cause.TLS_VERIFY_FAILED,
                    "in the manifest: the CA in the externalClusters sslRootCert secret did not sign the source's certificate: put the "
                            + "CA that signed it there (Zalando: spec.tls with caFile), or use sslmode: require"),
            Rule.of(
                            "pg_hba\\.conf rejects connection for host \"[^\"]+\", user \"([^\"]+)\", database \"[^\"]+\", no encryption",
                            Cause.AUTH_FAILED,
                            f ->
                                    "in the manifest: sslmode: require (or verify-ca with the source's CA) in externalClusters: the source's "
                                            + "pg_hba rejects " + f.group(1)
                                            + " without TLS (Spilo: hostnossl all all all reject)")
                    .on(Side.SOURCE),
            Rule.of(
                            "password authentication failed|no pg_hba\\.conf entry|pg_hba\\.conf rejects connection|authentication failed",
                            Cause.AUTH_FAILED,
                            "in the manifest: check the import user's password secret (externalClusters[].password); on the source: "
                                    + "its pg_hba must admit the user from the target's address (Zalando: hostssl md5; spec.patroni.pg_hba)")
                    .on(Side.SOURCE),
            Rule.of(
                            "permission denied for (table|sequence|schema|relation|view) ?(\\S*)",
                            Cause.PERMISSION_DENIED,
                            f -> "on the source: the import user cannot read " + f.group(1) + " " + f.group(2)
                                    + ": GRANT pg_read_all_data TO <import user>; or in the manifest: a superuser dump user")
                    .on(Side.SOURCE),
            Rule.of(
                            "could not connect|Connection refused|could not translate host name|timeout expired|Connection attempt failed"
                                    + "|No route to host|Network is unreachable|no such host|i/o timeout|connection timed out",
                            Cause.CONNECTION_FAILED,
                            "in the manifest: check the externalClusters host and port; between the clusters: DNS and network policies")
                    .on(Side.SOURCE));

    /** What the restore needs of an extension the image has, by the error seen. */
    private static String extensionSetup(Rule.Found f) {
        String text = f.match().group();
        if (text.contains("hypertable")) {
            return "in the manifest: the import must restore TimescaleDB in its restore mode: postgresql.parameters "
                    + "timescaledb.restoring: 'on' while importing (CNPG cannot call timescaledb_pre_restore()), off afterwards, "
                    + "with timescaledb in shared_preload_libraries; or move the hypertables outside CNPG's import";
        }
        if (f.group(2) != null) {
            return "in the manifest: the extension lives in database " + f.group(2) + " on the target (pg_cron's "
                    + "cron.database_name): set postgresql.parameters cron.database_name to the application's database, or on the "
                    + "source: drop it from the application database before the window (Spilo keeps pg_cron in postgres)";
        }
        String name = f.group(1) == null ? "the extension's library" : f.group(1);
        return "in the manifest: postgresql.shared_preload_libraries must list " + name
                + " (Spilo preloads it; CNPG's image has it, but does not load it unless told)";
    }

    private static final Pattern OWNER_STATEMENT =
            Pattern.compile("^ALTER (.+?) (\\S+) OWNER TO (\\S+?);?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern REFRESH =
            Pattern.compile("^REFRESH MATERIALIZED VIEW (\\S+?);?$", Pattern.CASE_INSENSITIVE);

    /** The object named by the failing statement, and the change on the source that lets postgres own it. */
    private static String superuserOwned(Rule.Found f) {
        String sql = f.error().statement() == null ? "" : f.error().statement();
        String object = null;
        Matcher owner = OWNER_STATEMENT.matcher(sql);
        Matcher refresh = REFRESH.matcher(sql);
        if (owner.find()) {
            object = "ALTER " + owner.group(1) + " " + owner.group(2) + " OWNER TO postgres";
        } else if (refresh.find()) {
            object = "ALTER MATERIALIZED VIEW " + refresh.group(1)
                    + " OWNER TO postgres (or GRANT its owner SELECT on the " + "tables it reads)";
        }
        return "on the source: give the object a non-superuser owner that holds the grants it needs, or postgres"
                + (object == null ? "" : " (" + object + ")")
                + "; or drop the superuser flag from its owner in the Zalando manifest and grant it what it uses. CNPG imports "
                + "every role without SUPERUSER, so on the target the owner has only its grants"
                + (f.error().tocEntry() == null ? "" : " (" + f.error().tocEntry() + ")");
    }

    /** The first group that took part in the match: alternatives of one rule each capture the same thing. */
    private static String firstGroup(Matcher m) {
        for (int i = 1; i <= m.groupCount(); i++) {
            if (m.group(i) != null) {
                return m.group(i);
            }
        }
        return null;
    }

    private DiagnosisRules() {}
}
