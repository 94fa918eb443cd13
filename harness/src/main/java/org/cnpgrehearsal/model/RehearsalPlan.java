package org.cnpgrehearsal.model;

import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ImportType;
import org.cnpgrehearsal.scenario.Scenario;

/**
 * Everything one rehearsal needs to know before it starts: the scenario, the manifest as the rehearsal applies it
 * (the user's, with the scenario's overrides), the fixture size, the majors on both sides, the passwords, and the
 * application role when the user or their dump names it ({@code appRole}, else null).
 */
public record RehearsalPlan(
        Scenario scenario,
        ClusterManifest manifest,
        long fixtureBytes,
        int sourceMajor,
        int targetMajor,
        Credentials credentials,
        boolean keep,
        String appRole) {

    public RehearsalPlan(
            Scenario scenario,
            ClusterManifest manifest,
            long fixtureBytes,
            int sourceMajor,
            int targetMajor,
            Credentials credentials,
            boolean keep) {
        this(scenario, manifest, fixtureBytes, sourceMajor, targetMajor, credentials, keep, null);
    }

    /** The Zalando cluster's superuser. */
    public static final String SOURCE_SUPERUSER = "postgres";
    /** The application database and owner when the manifest names none (wildcards): the seed's Mastodon. */
    public static final String DEFAULT_APP = "mastodon";

    /** The application database the fixture is seeded into: the first database the manifest imports. */
    public String appDatabase() {
        String first = manifest.importSpec().databases().get(0);
        return first.equals("*") ? DEFAULT_APP : first;
    }

    /**
     * The application role, which owns the database and which verification judges: the one given ({@code --app-role},
     * or the owner a user's dump gives its database), else the first imported role, or the initdb owner for
     * microservice.
     */
    public String appOwner() {
        if (appRole != null) {
            return appRole;
        }
        if (manifest.importSpec().type() == ImportType.MICROSERVICE) {
            return manifest.initdbOwner();
        }
        return manifest.importSpec().roles().stream()
                .filter(r -> !r.equals("*"))
                .findFirst()
                .orElse(appDatabase());
    }

    /** The same plan with another manifest (the scenario's storage resolved, for example). */
    public RehearsalPlan withManifest(ClusterManifest other) {
        return new RehearsalPlan(scenario, other, fixtureBytes, sourceMajor, targetMajor, credentials, keep, appRole);
    }

    public String importUser() {
        return manifest.importSource().user();
    }
}
