package org.cnpgrehearsal.platform.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.util.BadInputException;
import org.junit.jupiter.api.Test;

/** CNPG 1.30's CRD and webhook rules, each with CNPG's own words, on the Cluster as the rehearsal would apply it. */
class CnpgAdmissionTest {

    private static Map<String, Object> applied(String from, String to) {
        String text = ClusterRewriterTest.SEED_MANIFEST.replace(from, to);
        return ClusterRewriter.rewrite(
                        ManifestReader.parse(Path.of("database-cnpg.yaml"), text),
                        "standby",
                        new ClusterRewriter.Target(
                                "cnpg-rehearsal", ClusterRewriterTest.SOURCE, null, null, null, null, false, false))
                .document();
    }

    private static List<String> refusals(Map<String, Object> cluster) {
        return CnpgAdmission.check(cluster).stream()
                .map(v -> v.field() + ": " + v.message())
                .toList();
    }

    @Test
    void theSeedManifestAsRewrittenPasses() {
        assertEquals(List.of(), refusals(applied("", "")));
    }

    @Test
    void anImageNameAndAnImageCatalogTogetherAreRefused() {
        assertEquals(
                List.of("spec: imageName and imageCatalogRef are mutually exclusive"),
                refusals(applied(
                        "  instances: 3\n",
                        "  instances: 3\n  imageCatalogRef: {apiGroup: postgresql.cnpg.io, kind: ImageCatalog,"
                                + " name: pg, major: 17}\n")));
    }

    @Test
    void aVolumeWithoutSizeIsRefused() {
        assertEquals(
                List.of(
                        "spec.storage.size: Size not configured. Please add it, or a storage request in the pvcTemplate."),
                refusals(applied(
                        "storage: {size: 100Gi, storageClass: fast-ssd}", "storage: {storageClass: fast-ssd}")));
        assertEquals(
                List.of("spec.walStorage.size: Size value isn't valid"),
                refusals(applied("walStorage: {size: 10Gi", "walStorage: {size: ten gigs")));
    }

    @Test
    void theImportSectionFollowsItsType() {
        assertEquals(
                List.of("spec.bootstrap.initdb.import.postImportApplicationSQL: postImportApplicationSQL is not"
                        + " allowed for the `monolith` import type"),
                refusals(applied(
                        "        roles: [mastodon]\n",
                        "        roles: [mastodon]\n        postImportApplicationSQL: [SELECT 1]\n")));
    }

    @Test
    void aClusterNameMustBeAShortDnsLabel() {
        assertEquals(
                List.of("metadata.name: cluster name must be a valid DNS label"),
                refusals(applied("name: mastodon-db", "name: Mastodon_DB")));
        assertEquals(
                List.of("metadata.name: the maximum length of a cluster name is 50 characters"),
                refusals(applied("name: mastodon-db", "name: " + "m".repeat(51))));
    }

    @Test
    void theLatestTagIsRefused() {
        assertEquals(
                List.of("spec.imageName: Can't use 'latest' as image tag as we can't detect upgrades"),
                refusals(applied("postgresql:17.11-standard-trixie", "postgresql:latest")));
    }

    @Test
    void aRefusalIsOneLineOfBadInputNamingTheField() {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> CnpgAdmission.requireAccepted(
                        applied("storage: {size: 100Gi, storageClass: fast-ssd}", "storage: {storageClass: fast-ssd}"),
                        Path.of("database-cnpg.yaml")));
        assertEquals(
                "manifest database-cnpg.yaml: spec.storage.size: Size not configured. Please add it, or a storage"
                        + " request in the pvcTemplate. (CloudNativePG 1.30 refuses such a Cluster: fix the manifest)",
                e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }
}
