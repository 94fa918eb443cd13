package org.cnpgrehearsal.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.fixture.MastodonFixture;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.model.Credentials;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.platform.local.LocalPlatform;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.scenario.ScenarioCatalog;
import org.cnpgrehearsal.source.ZalandoSource;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.ClientTools;
import org.cnpgrehearsal.util.OsUser;
import org.cnpgrehearsal.util.ProjectPaths;
import org.junit.jupiter.api.Test;

/** The application-access check fails when one table loses one privilege, and passes when nothing is lost. */
class AppAccessEndToEndTest {

    @Test
    void oneLostPrivilegeOnOneTableFailsTheRehearsal() throws Exception {
        ClientTools tools = ClientTools.find(null, null);
        Scenario happy = ScenarioCatalog.builtIn().find(ScenarioCatalog.DEFAULT);
        ClusterManifest manifest = ManifestReader.read(ProjectPaths.defaultManifest());
        RehearsalPlan plan =
                new RehearsalPlan(happy, manifest, 12_000_000L, tools.major(), tools.major(), new Credentials(), false);
        try (LocalPlatform platform = new LocalPlatform(tools, OsUser.forServers())) {
            Timeline timeline = new Timeline();
            platform.provision(plan, timeline);
            timeline.phase(
                    "seed",
                    h -> new MastodonFixture(ProjectPaths.fixtures())
                            .seed(
                                    platform.sourceSuperuser().withDatabase(plan.appDatabase()),
                                    plan.appOwner(),
                                    plan.fixtureBytes(),
                                    true,
                                    h));
            ZalandoSource.prepare(platform.sourceSuperuser(), plan);
            assertTrue(platform.runImport(plan, timeline).succeeded());

            Verification intact = Verifier.verify(
                    VerifyScope.of(plan),
                    new Sides(platform.sourceSuperuser(), platform.targetSuperuser(), platform::targetAs));
            assertTrue(intact.passed(), intact.toString());

            try (Connection c = platform.targetSuperuser()
                            .withDatabase(plan.appDatabase())
                            .open();
                    Statement s = c.createStatement()) {
                s.execute("REVOKE UPDATE ON public.follows FROM mastodon");
            }
            Verification damaged = Verifier.verify(
                    VerifyScope.of(plan),
                    new Sides(platform.sourceSuperuser(), platform.targetSuperuser(), platform::targetAs));
            assertFalse(damaged.passed());
            Check ownership = damaged.checks().stream()
                    .filter(c -> c.name().equals(AppAccessCheck.OWNERSHIP))
                    .findFirst()
                    .orElseThrow();
            assertFalse(ownership.passed());
            assertEquals(Cause.APP_ACCESS_LOST, ownership.cause());
            assertEquals(
                    "table public.follows: lost UPDATE", ownership.differences().get(0));
            assertTrue(ownership.detail().contains("1 lost privileges"), ownership.detail());
        }
    }
}
