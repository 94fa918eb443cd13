package org.cnpgrehearsal.diagnose;

import org.cnpgrehearsal.manifest.ImportSpec;

/** What to change when the import ran but the verification found the target unusable. */
public final class VerificationRemedies {

    public static String remedy(Cause cause, ImportSpec spec) {
        return switch (cause) {
            case APP_ACCESS_LOST ->
                (spec.ownershipDroppingOptions().isEmpty()
                                ? ""
                                : "caused by " + String.join(" ", spec.ownershipDroppingOptions())
                                        + " in the import options, which restore every object owned by postgres with no grant to the application role. ")
                        + "Remove --no-owner and --no-acl from pgDumpExtraOptions and pgRestoreExtraOptions so ownership and grants come back "
                        + "(then exclude Spilo's schemas: --exclude-schema=user_management --exclude-schema=metric_helpers), or use type: microservice "
                        + "with bootstrap.initdb.database/owner set to the application's (its password then changes).";
            case MD5_PASSWORD_LOGIN ->
                "re-set the role's password as SCRAM on the source before the window: SET password_encryption = "
                        + "'scram-sha-256'; ALTER ROLE <role> PASSWORD '<the same password>'; (or change it on the target after the import)";
            case MISSING_ROLE ->
                "add the missing roles to bootstrap.initdb.import.roles, and give the import user pg_read_all_data so it can read them";
            case DATA_MISMATCH ->
                "rows differ: check that nothing writes to the source during the dump, and that no table is excluded by the dump options";
            case AUTH_FAILED ->
                "the application role could not log in to the target: check its password and the target's pg_hba";
            default -> "see the evidence";
        };
    }

    private VerificationRemedies() {}
}
