package org.cnpgrehearsal.platform.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cnpgrehearsal.model.Credentials;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetAndImagesTest {

    private static RehearsalPlan plan(int targetMajor) {
        return new RehearsalPlan(
                new Scenario("happy-path", null, null, null, null, null),
                ClusterRewriterTest.seedManifest(),
                1L,
                17,
                targetMajor,
                new Credentials(),
                false);
    }

    @Test
    void theManifestsImageStaysWhenItIsOfTheTargetMajor() {
        assertNull(KubePlatform.image(plan(17)));
        assertEquals("ghcr.io/cloudnative-pg/postgresql:17.11-standard-trixie", KubePlatform.targetImage(plan(17)));
        assertEquals("ghcr.io/cloudnative-pg/postgresql:18.6-standard-trixie", KubePlatform.image(plan(18)));
        assertEquals("ghcr.io/cloudnative-pg/postgresql:18.6-standard-trixie", KubePlatform.targetImage(plan(18)));
    }

    @Test
    void theSourceIsNamedAfterTheManifestsHost() {
        assertEquals("mastodon-postgresql", SourceCluster.clusterName(plan(17)));
    }

    @Test
    void imageTarballsAreTheArchivesOfTheDirectory(@TempDir Path dir) throws Exception {
        assertEquals(List.of(), ImageTarballs.in(null));
        assertThrows(BadInputException.class, () -> ImageTarballs.in(dir));
        Files.writeString(dir.resolve("cnpg.tar"), "");
        Files.writeString(dir.resolve("postgres.tar.zst"), "");
        Files.writeString(dir.resolve("README.md"), "");
        assertEquals(List.of(dir.resolve("cnpg.tar"), dir.resolve("postgres.tar.zst")), ImageTarballs.in(dir));
        BadInputException e = assertThrows(BadInputException.class, () -> ImageTarballs.in(dir.resolve("missing")));
        assertTrue(e.getMessage().startsWith("--images-dir"), e.getMessage());
    }
}
