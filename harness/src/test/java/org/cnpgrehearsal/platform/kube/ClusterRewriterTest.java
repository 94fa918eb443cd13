package org.cnpgrehearsal.platform.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.util.BadInputException;
import org.junit.jupiter.api.Test;

class ClusterRewriterTest {

    static final String SEED_MANIFEST = """
            apiVersion: postgresql.cnpg.io/v1
            kind: Cluster
            metadata:
              name: mastodon-db
              namespace: mastodon
              labels: {app: mastodon}
              resourceVersion: "42"
            spec:
              instances: 3
              imageName: ghcr.io/cloudnative-pg/postgresql:17.11-standard-trixie
              storage: {size: 100Gi, storageClass: fast-ssd}
              walStorage: {size: 10Gi, storageClass: fast-ssd}
              resources: {requests: {memory: 16Gi}}
              backup:
                barmanObjectStore: {destinationPath: "s3://production-backups/mastodon"}
              monitoring: {enablePodMonitor: true}
              bootstrap:
                initdb:
                  import:
                    type: monolith
                    databases: [mastodon]
                    roles: [mastodon]
                    source: {externalCluster: zalando-cluster}
                    pgDumpExtraOptions: [--verbose, --format=custom, --no-owner, --no-acl]
                    pgRestoreExtraOptions: [--verbose, --jobs=4, --no-owner, --no-acl]
              externalClusters:
                - name: zalando-cluster
                  connectionParameters:
                    host: mastodon-postgresql.mastodon.svc.cluster.local
                    port: "5432"
                    user: standby
                    dbname: mastodon
                    sslmode: verify-ca
                  password: {name: zalando-standby-credentials, key: password}
                  sslRootCert: {name: zalando-ca, key: ca.crt}
                - name: some-other-cluster
                  connectionParameters: {host: elsewhere}
            """;

    static ClusterManifest seedManifest() {
        return ManifestReader.parse(Path.of("database-cnpg.yaml"), SEED_MANIFEST);
    }

    static final SourceEndpoint SOURCE = new SourceEndpoint(
            "mastodon-postgresql", "rehearsal-ab12", "mastodon-postgresql-0", "mastodon-postgresql-ca");

    @Test
    @SuppressWarnings("unchecked")
    void pointsTheManifestAtTheRehearsalAndKeepsTheImportAsWritten() {
        Map<String, Object> doc = ClusterRewriter.rewrite(
                        seedManifest(),
                        "standby",
                        new ClusterRewriter.Target(
                                "rehearsal-ab12", SOURCE, "2Gi", "rehearsal-tmpfs", "local-path", null, true, false))
                .document();

        Map<String, Object> metadata = (Map<String, Object>) doc.get("metadata");
        assertEquals(
                Map.of("name", "mastodon-db", "namespace", "rehearsal-ab12", "labels", Map.of("app", "mastodon")),
                metadata);
        Map<String, Object> spec = (Map<String, Object>) doc.get("spec");
        assertEquals(1, spec.get("instances"));
        assertEquals("ghcr.io/cloudnative-pg/postgresql:17.11-standard-trixie", spec.get("imageName"));
        assertEquals(Map.of("size", "2Gi", "storageClass", "rehearsal-tmpfs"), spec.get("storage"));
        assertEquals(Map.of("size", "10Gi", "storageClass", "local-path"), spec.get("walStorage"));
        assertFalse(spec.containsKey("backup"), "a rehearsal never writes to the production object store");
        assertFalse(spec.containsKey("monitoring"));
        assertFalse(spec.containsKey("resources"));

        Map<String, Object> imp = (Map<String, Object>)
                ((Map<String, Object>) ((Map<String, Object>) spec.get("bootstrap")).get("initdb")).get("import");
        assertEquals(List.of("--verbose", "--jobs=4", "--no-owner", "--no-acl"), imp.get("pgRestoreExtraOptions"));

        List<Map<String, Object>> externals = (List<Map<String, Object>>) spec.get("externalClusters");
        assertEquals(1, externals.size());
        Map<String, Object> source = externals.get(0);
        Map<String, Object> params = (Map<String, Object>) source.get("connectionParameters");
        assertEquals("mastodon-postgresql.rehearsal-ab12.svc", params.get("host"));
        assertEquals("standby", params.get("user"));
        assertEquals("mastodon", params.get("dbname"));
        assertEquals("verify-ca", params.get("sslmode"));
        assertEquals(
                Map.of("name", "standby.mastodon-postgresql.credentials.postgresql.acid.zalan.do", "key", "password"),
                source.get("password"));
        assertEquals(Map.of("name", "mastodon-postgresql-ca", "key", "ca.crt"), source.get("sslRootCert"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void replacesTheImageOnlyWhenAskedAndLeavesTheUsersDocumentAlone() {
        ClusterManifest manifest = seedManifest();
        Map<String, Object> doc = ClusterRewriter.rewrite(
                        manifest,
                        "postgres",
                        new ClusterRewriter.Target(
                                "ns", SOURCE, null, null, null, TargetImages.forMajor(16), false, false))
                .document();
        Map<String, Object> spec = (Map<String, Object>) doc.get("spec");
        assertEquals("ghcr.io/cloudnative-pg/postgresql:16.15-standard-trixie", spec.get("imageName"));
        assertEquals(Map.of("size", "100Gi", "storageClass", "fast-ssd"), spec.get("storage"));
        assertEquals(Map.of("requests", Map.of("memory", "16Gi")), spec.get("resources"));
        Map<String, Object> userSpec = (Map<String, Object>) manifest.raw().get("spec");
        assertEquals(3, userSpec.get("instances"));
        assertEquals(
                "mastodon-postgresql.mastodon.svc.cluster.local",
                manifest.importSource().parameter("host"));
        assertEquals(2, ((List<?>) userSpec.get("externalClusters")).size());
    }

    private static ClusterManifest withSpec(String extraSpec) {
        return ManifestReader.parse(
                Path.of("database-cnpg.yaml"), SEED_MANIFEST.replace("spec:\n", "spec:\n" + extraSpec.indent(2)));
    }

    private static ClusterRewriter.Target k3s(String image, boolean keepPriorityClass) {
        return new ClusterRewriter.Target(
                "cnpg-rehearsal", SOURCE, null, "local-path", "local-path", image, true, keepPriorityClass);
    }

    @Test
    @SuppressWarnings("unchecked")
    void removesWhatNamesObjectsTheRehearsalNamespaceDoesNotHave() {
        ClusterManifest manifest = withSpec("""
                certificates: {serverTLSSecret: mastodon-tls, serverCASecret: mastodon-ca}
                superuserSecret: {name: mastodon-superuser-from-vault}
                projectedVolumeTemplate: {sources: [{secret: {name: ldap-ca}}]}
                priorityClassName: production-critical
                schedulerName: gpu-aware
                """);

        ClusterRewriter.Rewrite rewrite = ClusterRewriter.rewrite(manifest, "standby", k3s(null, false));

        Map<String, Object> spec = (Map<String, Object>) rewrite.document().get("spec");
        for (String field : List.of(
                "certificates", "superuserSecret", "projectedVolumeTemplate", "priorityClassName", "schedulerName")) {
            assertFalse(spec.containsKey(field), field);
            assertTrue(rewrite.notes().stream().anyMatch(n -> n.startsWith("removed spec." + field + ":")), field);
        }
        assertEquals(
                "production-critical",
                ((Map<String, Object>) ClusterRewriter.rewrite(manifest, "standby", k3s(null, true))
                                .document()
                                .get("spec"))
                        .get("priorityClassName"),
                "kept where the cluster has that PriorityClass");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anImageCatalogGivesWayToTheImageItSets() {
        ClusterManifest manifest = ManifestReader.parse(
                Path.of("database-cnpg.yaml"),
                SEED_MANIFEST.replace(
                        "imageName: ghcr.io/cloudnative-pg/postgresql:17.11-standard-trixie",
                        "imageCatalogRef: {apiGroup: postgresql.cnpg.io, kind: ClusterImageCatalog, name: postgresql,"
                                + " major: 17}"));

        Map<String, Object> doc = ClusterRewriter.rewrite(manifest, "standby", k3s(TargetImages.forMajor(17), false))
                .document();

        Map<String, Object> spec = (Map<String, Object>) doc.get("spec");
        assertEquals(TargetImages.forMajor(17), spec.get("imageName"));
        assertFalse(spec.containsKey("imageCatalogRef"));
        assertEquals(List.of(), CnpgAdmission.check(doc));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSizeGivenOnlyInThePvcTemplateSurvivesTheNewStorageClass() {
        ClusterManifest manifest = ManifestReader.parse(
                Path.of("database-cnpg.yaml"),
                SEED_MANIFEST.replace(
                        "storage: {size: 100Gi, storageClass: fast-ssd}",
                        "storage: {pvcTemplate: {storageClassName: fast-ssd, resources: {requests: {storage: 100Gi}}}}"));

        Map<String, Object> doc =
                ClusterRewriter.rewrite(manifest, "standby", k3s(null, false)).document();

        assertEquals(
                Map.of("size", "100Gi", "storageClass", "local-path"),
                ((Map<String, Object>) doc.get("spec")).get("storage"));
        assertEquals(List.of(), CnpgAdmission.check(doc));
    }

    @Test
    void sqlTheRehearsalCannotReadIsBadInput() {
        ClusterManifest manifest = ManifestReader.parse(
                Path.of("database-cnpg.yaml"),
                SEED_MANIFEST.replace(
                        "    initdb:\n",
                        "    initdb:\n      postInitApplicationSQLRefs: {configMapRefs: [{name: setup, key: a.sql}]}\n"));
        BadInputException e = assertThrows(
                BadInputException.class, () -> ClusterRewriter.rewrite(manifest, "standby", k3s(null, false)));
        assertTrue(
                e.getMessage()
                        .contains("spec.bootstrap.initdb.postInitApplicationSQLRefs names config maps or"
                                + " secrets of your namespace"),
                e.getMessage());
    }
}
