package org.cnpgrehearsal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.scenario.ScenarioCatalog;
import org.cnpgrehearsal.util.ProjectPaths;
import org.junit.jupiter.api.Test;

/** The application role a rehearsal provisions and verification judges. */
class RehearsalPlanTest {

    private static final Scenario HAPPY = ScenarioCatalog.builtIn().find(ScenarioCatalog.DEFAULT);
    private static final ClusterManifest MANIFEST = ManifestReader.read(ProjectPaths.defaultManifest());

    @Test
    void theApplicationRoleIsTheManifestsFirstImportedRoleUnlessOneIsGiven() {
        RehearsalPlan plan = new RehearsalPlan(HAPPY, MANIFEST, 1, 15, 15, new Credentials(), false);
        assertEquals("mastodon", plan.appOwner());
        RehearsalPlan given = new RehearsalPlan(HAPPY, MANIFEST, 1, 15, 15, new Credentials(), false, "shop_owner");
        assertEquals("shop_owner", given.appOwner());
        assertEquals("mastodon", given.appDatabase(), "the database stays the manifest's");
    }

    @Test
    void anotherManifestKeepsTheGivenApplicationRole() {
        RehearsalPlan given = new RehearsalPlan(HAPPY, MANIFEST, 1, 15, 15, new Credentials(), false, "shop_owner");
        assertEquals("shop_owner", given.withManifest(MANIFEST).appOwner());
    }
}
