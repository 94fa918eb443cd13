package org.cnpgrehearsal.diagnose;

import org.cnpgrehearsal.manifest.ImportSpec;

/** What to change, and on which side, when the import ran but the verification found the target unusable. */
public final class VerificationRemedies {

    public static String remedy(Cause cause, ImportSpec spec) {
        return switch (cause) {
            case APP_ACCESS_LOST ->
                "in the manifest: "
                        + (spec.ownershipDroppingOptions().isEmpty()
                                ? ""
                                : "caused by " + String.join(" ", spec.ownershipDroppingOptions())
                                        + " in the import options, which restore every object owned by postgres with no grant to the application role. ")
                        + "Remove --no-owner and --no-acl from pgDumpExtraOptions and pgRestoreExtraOptions so ownership and grants come back "
                        + "(then exclude Spilo's schemas: --exclude-schema=user_management --exclude-schema=metric_helpers), or use type: microservice "
                        + "with bootstrap.initdb.database/owner set to the application's (its password then changes).";
            case MD5_PASSWORD_LOGIN ->
                "on the source: re-set the role's password as SCRAM before the window: SET password_encryption = "
                        + "'scram-sha-256'; ALTER ROLE <role> PASSWORD '<the same password>'; (or on the target, change it after the import)";
            case MISSING_ROLE ->
                "in the manifest: add the missing roles to bootstrap.initdb.import.roles; on the source: give the import user pg_read_all_data so it can read them";
            case DATA_MISMATCH ->
                "rows differ: in the manifest, read the primary (a replica never dumps unlogged tables' data) and leave out "
                        + "--enable-row-security and table exclusions; on the source, nothing may write during the dump";
            case AUTH_FAILED ->
                "on the target: the application role could not log in: check its password and the target's pg_hba";
            case SETTINGS_LOST ->
                "on the target, after the import and before the cutover: run the source's ALTER ROLE ... SET and ALTER DATABASE ... SET "
                        + "statements again (CNPG's role import does not carry role settings; database settings come over only when the "
                        + "import creates the database); or on the source, move a role's setting to ALTER ROLE ... IN DATABASE, which "
                        + "pg_dump carries with the database";
            case COLLATION_CHANGED ->
                "in the manifest: set bootstrap.initdb.localeCollate and localeCType to the source database's (with an image "
                        + "that has that locale: CNPG's standard images), or let the import create the database itself (initdb.database "
                        + "not one of the imported databases, type: monolith). A database already running with the wrong collation needs its "
                        + "text indexes rebuilt after the change";
            case DATABASE_NOT_IMPORTED ->
                "on the target, after the import: recreate what the skipped database held (pg_cron: SELECT cron.schedule(...) "
                        + "for each job of the source's cron.job, with an image that has pg_cron, or Kubernetes CronJobs instead); "
                        + "or in the manifest, import that database too";
            case SUBSCRIPTIONS_LOST ->
                "on the target, after the import: CREATE SUBSCRIPTION again for each of the source's subscriptions (pg_dump "
                        + "dumps them only for a superuser, and then disabled and without a slot); or in the manifest: a superuser dump "
                        + "user, then ALTER SUBSCRIPTION ... ENABLE on the target";
            default -> "see the evidence";
        };
    }

    private VerificationRemedies() {}
}
