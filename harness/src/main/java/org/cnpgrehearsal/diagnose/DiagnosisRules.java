package org.cnpgrehearsal.diagnose;

import java.util.List;

/**
 * The diagnosis table: error text to cause to remedy. The first rule that matches any evidence line wins, so more
 * specific patterns come first. To teach the harness a new failure, add a line here.
 */
public final class DiagnosisRules {

    public static final List<Rule> TABLE = List.of(
            Rule.of(
                    "permission denied for (table|relation) pg_authid",
                    Cause.ROLE_CATALOG_DENIED,
                    "grant the import user read access to the role catalog on the source: GRANT pg_read_all_data TO <import user>; "
                            + "or use a dedicated superuser dump user in externalClusters; or set import.roles: [] and create the roles on the target yourself"),
            Rule.of(
                    "permission denied for large object (\\d+)",
                    Cause.LARGE_OBJECT_DENIED,
                    m -> "pg_read_all_data does not cover large objects: GRANT SELECT ON LARGE OBJECT " + m.group(1)
                            + " (and every other) TO <import user>; or set lo_compat_privileges = on on the source for the window; or use a superuser dump user"),
            Rule.of(
                    "No space left on device|could not extend file|SQLSTATE 53100|disk full",
                    Cause.DISK_FULL,
                    "raise spec.storage.size: CNPG writes the dump under PGDATA, so the volume must hold the dump and the restored data at once (see the sizes in this report)"),
            Rule.of(
                    "logical decoding requires wal_level >= logical|wal_level must be set to \"logical\"",
                    Cause.WAL_LEVEL_NOT_LOGICAL,
                    "set wal_level = logical on the source: on a Zalando cluster spec.postgresql.parameters.wal_level: "
                            + "logical in its manifest, then a restart of its pods (Patroni marks it pending restart); "
                            + "or stay offline"),
            Rule.of(
                    "all replication slots are in use|exceeds max_wal_senders|number of requested standby connections",
                    Cause.REPLICATION_LIMITS,
                    "raise max_replication_slots and max_wal_senders on the source (Zalando manifest: "
                            + "spec.postgresql.parameters; a restart): the subscription needs one slot and one sender, "
                            + "its initial copy one more of each per table copied at once (max_sync_workers_per_subscription, 2)"),
            Rule.of(
                    "does not have a replica identity and publishes (updates|deletes)",
                    Cause.REPLICA_IDENTITY_MISSING,
                    m -> "give every published table a primary key, or ALTER TABLE ... REPLICA IDENTITY USING INDEX "
                            + "<unique index on NOT NULL columns> (or FULL, slower) on the source before the publication "
                            + "exists: until then the application's " + m.group(1) + " fail"),
            Rule.of(
                    "must be superuser or replication role|permission denied to start WAL sender",
                    Cause.REPLICATION_PRIVILEGE_MISSING,
                    "point the externalClusters entry at a user with REPLICATION (Zalando's standby has it), or give "
                            + "the user the replication flag in the Zalando manifest (spec.users.<user>: [replication])"),
            Rule.of(
                    "made no progress for",
                    Cause.REPLICATION_STALLED,
                    "read the target's log for its replication workers' errors (the evidence quotes them), and the "
                            + "source's for its WAL senders'; a copy that retries a failing table never ends"),
            Rule.of(
                    "database files are incompatible with server|was initialized by PostgreSQL version",
                    Cause.PHYSICAL_MAJOR_MISMATCH,
                    "a base backup keeps the source's major: use a target image of the source's major (spec.imageName), "
                            + "upgrade the source first, or move with the offline or online strategy, which cross majors"),
            Rule.of(
                    "aborting because of server version mismatch|server version: (\\d+)",
                    Cause.VERSION_MISMATCH,
                    "use a target image whose PostgreSQL major is at least the source's (spec.imageName): pg_dump refuses a newer server"),
            Rule.of(
                    "(?:could not open extension control file|extension \"([^\"]+)\" (?:is not available|does not exist))",
                    Cause.EXTENSION_MISSING,
                    m -> "the target image lacks the extension" + (m.group(1) == null ? "" : " " + m.group(1))
                            + ": drop it on the source before the window (DROP EXTENSION ...), or use an image that ships it; with pg_dump >= 17, --exclude-extension=NAME in pgDumpExtraOptions"),
            Rule.of(
                    "role \"([^\"]+)\" does not exist",
                    Cause.MISSING_ROLE,
                    m -> "objects or grants name the role " + m.group(1)
                            + ", which the import did not create: add it to import.roles, or exclude what references it "
                            + "(for Spilo's schemas: --exclude-schema=user_management --exclude-schema=metric_helpers in pgDumpExtraOptions)"),
            Rule.of(
                    "certificate verify failed|unable to get local issuer certificate|self[- ]signed certificate|PKIX path|unable to find valid certification path",
                    Cause.TLS_VERIFY_FAILED,
                    "the CA in the externalClusters sslRootCert secret did not sign the source's certificate: put the CA that signed it there (Zalando: spec.tls with caFile), or use sslmode: require"),
            Rule.of(
                    "password authentication failed|no pg_hba.conf entry|authentication failed",
                    Cause.AUTH_FAILED,
                    "check the import user's password secret (externalClusters[].password) and the source's pg_hba (Zalando: hostssl md5)"),
            Rule.of(
                    "permission denied for (table|sequence|schema|relation|view) ?(\\S*)",
                    Cause.PERMISSION_DENIED,
                    m -> "the import user cannot read " + m.group(1) + " " + m.group(2)
                            + ": GRANT pg_read_all_data TO <import user> on the source, or use a superuser dump user"),
            Rule.of(
                    "could not connect|Connection refused|could not translate host name|timeout expired|Connection attempt failed",
                    Cause.CONNECTION_FAILED,
                    "check the externalClusters host and port, DNS, and network policies between the clusters"));

    private DiagnosisRules() {}
}
