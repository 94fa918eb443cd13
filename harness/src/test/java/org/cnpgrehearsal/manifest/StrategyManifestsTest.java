package org.cnpgrehearsal.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CNPG resources of the online and physical paths, written from the user's own Cluster manifest. */
class StrategyManifestsTest {

    private static final ClusterManifest CORRECTED =
            ManifestReader.read(Path.of("fixtures/manifests/database-cnpg.yaml"));

    @Test
    void theOnlineClustersImportIsSchemaOnlyWithItsRolesAndOptionsKept() {
        ClusterManifest m = StrategyManifests.schemaOnly(CORRECTED);
        assertTrue(m.importSpec().schemaOnly());
        assertEquals(CORRECTED.importSpec().roles(), m.importSpec().roles());
        assertEquals(CORRECTED.importSpec().pgDumpExtraOptions(), m.importSpec().pgDumpExtraOptions());
        assertFalse(CORRECTED.importSpec().schemaOnly(), "the user's manifest is never changed");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSubscriptionReadsThePublicationThroughTheImportsExternalCluster() {
        Map<String, Object> s =
                StrategyManifests.subscription(CORRECTED, "mastodon", "cnpg_migration", "cnpg_migration");
        assertEquals("postgresql.cnpg.io/v1", s.get("apiVersion"));
        assertEquals("Subscription", s.get("kind"));
        Map<String, Object> metadata = (Map<String, Object>) s.get("metadata");
        assertEquals("mastodon-cnpg-cnpg-migration", metadata.get("name"));
        assertEquals("mastodon", metadata.get("namespace"));
        Map<String, Object> spec = (Map<String, Object>) s.get("spec");
        assertEquals(Map.of("name", "mastodon-cnpg"), spec.get("cluster"));
        assertEquals("mastodon", spec.get("dbname"));
        assertEquals("cnpg_migration", spec.get("name"));
        assertEquals("zalando-cluster", spec.get("externalClusterName"));
        assertEquals("cnpg_migration", spec.get("publicationName"));
        assertEquals("delete", spec.get("subscriptionReclaimPolicy"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePhysicalClusterIsBootstrappedByPgBasebackupAndKeptAsAReplicaUntilPromoted() {
        Map<String, Object> replica = StrategyManifests.replicaCluster(CORRECTED);
        Map<String, Object> spec = (Map<String, Object>) replica.get("spec");
        assertEquals(Map.of("pg_basebackup", Map.of("source", "zalando-cluster")), spec.get("bootstrap"));
        assertEquals(Map.of("enabled", true, "source", "zalando-cluster"), spec.get("replica"));
        assertEquals(CORRECTED.raw().get("metadata"), replica.get("metadata"));
        assertTrue(((List<?>) spec.get("externalClusters")).size() == 1, "the externalClusters entry stays");
        Map<String, Object> promoted = StrategyManifests.promoted(replica);
        assertEquals(
                false,
                ((Map<String, Object>) ((Map<String, Object>) promoted.get("spec")).get("replica")).get("enabled"));
        assertEquals(true, ((Map<String, Object>) spec.get("replica")).get("enabled"), "promotion returns a copy");
    }

    @Test
    void severalResourcesAreOneYamlStream() {
        String yaml = StrategyManifests.toYaml(List.of(
                StrategyManifests.schemaOnly(CORRECTED).raw(),
                StrategyManifests.subscription(CORRECTED, "mastodon", "cnpg_migration", "cnpg_migration")));
        assertTrue(yaml.contains("schemaOnly: true"), yaml);
        assertTrue(yaml.contains("---\napiVersion: postgresql.cnpg.io/v1\nkind: Subscription"), yaml);
    }
}
