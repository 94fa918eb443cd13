package org.cnpgrehearsal.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ManifestEditor;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.junit.jupiter.api.Test;

/** What locale a CNPG target gives a database, by image flavour and initdb settings. */
class TargetLocalesTest {

    @Test
    void theStandardFlavourHasEveryLocaleMinimalOnlyGlibcsOwnAndOthersAreUnknown() {
        String standard = "ghcr.io/cloudnative-pg/postgresql:17.11-standard-trixie";
        String minimal = "ghcr.io/cloudnative-pg/postgresql:17.11-minimal-trixie";
        assertEquals(TargetLocales.Offer.ALL, TargetLocales.offer(standard));
        assertEquals(
                TargetLocales.Offer.ALL, TargetLocales.offer("ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie"));
        assertEquals(TargetLocales.Offer.BUILT_IN_ONLY, TargetLocales.offer(minimal));
        assertEquals(TargetLocales.Offer.UNKNOWN, TargetLocales.offer("registry.example.com/timescale/pg:17"));
        assertTrue(TargetLocales.has(standard, "de_DE.UTF-8"));
        assertFalse(TargetLocales.has(minimal, "en_US.UTF-8"));
        assertTrue(TargetLocales.has(minimal, "C.UTF-8"));
        assertTrue(TargetLocales.has(minimal, "C"));
    }

    @Test
    void initdbDefaultsToCAndLocaleCollateWinsOverLocale() {
        ClusterManifest m = ManifestReader.read(OptionsLintTest.CORRECTED);
        assertEquals(new TargetLocales.InitdbLocale("C", "C"), TargetLocales.initdb(m));
        ClusterManifest set = ManifestEditor.withInitdbLocale(m, "en_US.UTF-8", "en_US.UTF-8");
        assertEquals(new TargetLocales.InitdbLocale("en_US.UTF-8", "en_US.UTF-8"), TargetLocales.initdb(set));
        assertTrue(TargetLocales.initdb(set).matches("en_US.utf8", "en_US.UTF-8"));
        assertFalse(TargetLocales.initdb(m).matches("en_US.UTF-8", "en_US.UTF-8"));
    }

    @Test
    void microserviceAndAnImportedInitdbDatabaseRestoreIntoInitdbs() {
        ClusterManifest m = ManifestReader.read(OptionsLintTest.CORRECTED);
        assertFalse(TargetLocales.restoredIntoInitdbDatabase(m, "mastodon"));
        ClusterManifest named = ManifestEditor.withImport(m, Map.of("initdbDatabase", "mastodon"));
        assertTrue(TargetLocales.restoredIntoInitdbDatabase(named, "mastodon"));
        ClusterManifest micro = ManifestEditor.withImport(
                m, Map.of("type", "microservice", "roles", List.of(), "initdbDatabase", "shop", "initdbOwner", "shop"));
        assertTrue(TargetLocales.restoredIntoInitdbDatabase(micro, "mastodon"));
    }
}
