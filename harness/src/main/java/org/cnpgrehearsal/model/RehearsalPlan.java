package org.cnpgrehearsal.model;

import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ImportType;
import org.cnpgrehearsal.scenario.Scenario;

/**
 * Everything one rehearsal needs to know before it starts: the scenario, the manifest as the rehearsal applies it
 * (the user's, with the scenario's overrides), the fixture size, the majors on both sides, and the passwords.
 */
public record RehearsalPlan(
        Scenario scenario,
        ClusterManifest manifest,
        long fixtureBytes,
        int sourceMajor,
        int targetMajor,
        Credentials credentials,
        boolean keep) {

    /** The Zalando cluster's superuser. */
    public static final String SOURCE_SUPERUSER = "postgres";
    /** The application database and owner when the manifest names none (wildcards): the seed's Mastodon. */
    public static final String DEFAULT_APP = "mastodon";

    /** The application database the fixture is seeded into: the first database the manifest imports. */
    public String appDatabase() {
        String first = manifest.importSpec().databases().get(0);
        return first.equals("*") ? DEFAULT_APP : first;
    }

    /** The application role that owns the database: the first imported role, or the initdb owner for microservice. */
    public String appOwner() {
        if (manifest.importSpec().type() == ImportType.MICROSERVICE) {
            return manifest.initdbOwner();
        }
        return manifest.importSpec().roles().stream()
                .filter(r -> !r.equals("*"))
                .findFirst()
                .orElse(appDatabase());
    }

    public String importUser() {
        return manifest.importSource().user();
    }
}
