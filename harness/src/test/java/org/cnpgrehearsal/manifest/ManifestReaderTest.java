package org.cnpgrehearsal.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnpgrehearsal.util.BadInputException;
import org.junit.jupiter.api.Test;

class ManifestReaderTest {

    private static final Path SEED = Path.of("fixtures/manifests/database-cnpg.seed-as-written.yaml");

    @Test
    void readsTheSeedManifest() {
        ClusterManifest m = ManifestReader.read(SEED);
        assertEquals("mastodon-cnpg", m.name());
        assertEquals(ImportType.MONOLITH, m.importSpec().type());
        assertEquals(List.of("mastodon"), m.importSpec().databases());
        assertEquals(
                List.of("--verbose", "--format=custom", "--no-owner", "--no-acl"),
                m.importSpec().pgDumpExtraOptions());
        assertEquals("standby", m.importSource().user());
        assertEquals("verify-ca", m.importSource().sslMode());
        assertEquals(17, m.imageMajor().getAsInt());
        assertEquals("app", m.initdbDatabase());
        assertEquals(List.of("--no-owner", "--no-acl"), m.importSpec().ownershipDroppingOptions());
    }

    @Test
    void theCorrectedManifestExcludesSpilosSchemas() {
        ClusterManifest m = ManifestReader.read(Path.of("fixtures/manifests/database-cnpg.yaml"));
        assertEquals(Set.of("user_management", "metric_helpers"), m.importSpec().excludedSchemas());
        assertTrue(m.importSpec().ownershipDroppingOptions().isEmpty());
    }

    @Test
    void malformedManifestsAreOneLineOfBadInput() {
        assertBad(
                "kind: Cluster\napiVersion: postgresql.cnpg.io/v1\nmetadata: {name: x}\nspec: {}\n",
                "spec.bootstrap.initdb.import is missing");
        assertBad("a: [unclosed\n", "is not valid YAML");
        assertBad("kind: Pod\napiVersion: v1\n", "must be kind: Cluster");
        assertBad(with("type: hybrid"), "must be monolith or microservice");
        assertBad(with("type: microservice\n          databases: [a, b]"), "exactly one database");
        assertBad(with("type: monolith\n          databases: ['*', a]"), "'*' must stand alone");
        assertBad(
                with("type: monolith\n          databases: [a]\n          pgDumpExtraOptions: --no-owner"),
                "must be a list of strings");
        assertBad(with("type: monolith\n          databases: [a]", "other"), "not in spec.externalClusters");
    }

    @Test
    void microserviceOwnerDefaultsToTheDatabase() {
        ClusterManifest m = ManifestReader.parse(Path.of("m.yaml"), """
                kind: Cluster
                apiVersion: postgresql.cnpg.io/v1
                metadata: {name: x}
                spec:
                  bootstrap:
                    initdb:
                      database: mastodon
                      import:
                        type: microservice
                        databases: [mastodon]
                        source: {externalCluster: src}
                  externalClusters:
                    - name: src
                      connectionParameters: {host: h, user: u}
                """);
        assertEquals("mastodon", m.initdbOwner());
    }

    @Test
    void parametersAndResourcesAreReadAsTextAndParametersSetKeepingTheOthers() {
        ClusterManifest m = ManifestReader.parse(Path.of("m.yaml"), """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: c}
                spec:
                  resources: {requests: {cpu: "2", memory: 4Gi}, limits: {memory: 8Gi}}
                  postgresql:
                    parameters: {max_wal_size: 2GB, max_parallel_maintenance_workers: 4}
                  bootstrap:
                    initdb:
                      import:
                        type: monolith
                        databases: [app]
                        source: {externalCluster: old}
                  externalClusters:
                    - name: old
                      connectionParameters: {host: h, user: u}
                """);
        assertEquals(Map.of("max_wal_size", "2GB", "max_parallel_maintenance_workers", "4"), m.parameters());
        assertEquals("8Gi", m.resource("memory").orElseThrow(), "the limit before the request");
        assertEquals("2", m.resource("cpu").orElseThrow());
        ClusterManifest tuned = ManifestEditor.withParameters(m, Map.of("maintenance_work_mem", "1GB"));
        assertEquals("1GB", tuned.parameters().get("maintenance_work_mem"));
        assertEquals("2GB", tuned.parameters().get("max_wal_size"));
        assertEquals(Map.of(), ManifestReader.read(SEED).parameters());
        assertTrue(ManifestReader.read(SEED).resource("cpu").isEmpty());
    }

    @Test
    void editorAppliesImportOverridesAndKeepsTheRest() {
        ClusterManifest m = ManifestEditor.withImport(
                ManifestReader.read(SEED), Map.of("pgDumpExtraOptions", List.of("--verbose")));
        assertEquals(List.of("--verbose"), m.importSpec().pgDumpExtraOptions());
        assertEquals(
                List.of("--verbose", "--jobs=4", "--no-owner", "--no-acl"),
                m.importSpec().pgRestoreExtraOptions());
        assertEquals("20Gi", m.storageSize());
        assertEquals("5Gi", ManifestEditor.withStorageSize(m, "5Gi").storageSize());
    }

    private static String with(String importBody) {
        return with(importBody, "src");
    }

    private static String with(String importBody, String externalCluster) {
        return """
                kind: Cluster
                apiVersion: postgresql.cnpg.io/v1
                metadata: {name: x}
                spec:
                  bootstrap:
                    initdb:
                      import:
                          %s
                          source: {externalCluster: %s}
                  externalClusters:
                    - name: src
                      connectionParameters: {host: h}
                """.formatted(importBody, externalCluster);
    }

    private static void assertBad(String yaml, String expected) {
        BadInputException e =
                assertThrows(BadInputException.class, () -> ManifestReader.parse(Path.of("bad.yaml"), yaml));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("manifest bad.yaml"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    }
}
