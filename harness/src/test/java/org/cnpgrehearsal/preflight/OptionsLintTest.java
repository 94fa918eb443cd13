package org.cnpgrehearsal.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ManifestEditor;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.junit.jupiter.api.Test;

class OptionsLintTest {

    static final Path SEED = Path.of("fixtures/manifests/database-cnpg.seed-as-written.yaml");
    static final Path CORRECTED = Path.of("fixtures/manifests/database-cnpg.yaml");

    private static ClusterManifest with(Map<String, Object> overrides) {
        return ManifestEditor.withImport(ManifestReader.read(CORRECTED), overrides);
    }

    @Test
    void correctedManifestPassesWithTheJobsNote() {
        Check c = OptionsLint.lint(ManifestReader.read(CORRECTED).importSpec());
        assertEquals(Status.PASS, c.status(), c.toString());
        assertTrue(c.measured().contains("--jobs=4 applies to all three sections"), c.measured());
    }

    @Test
    void seedWarnsAboutCustomFormatAndDuplicateVerbose() {
        Check c = OptionsLint.lint(ManifestReader.read(SEED).importSpec());
        assertEquals(Status.WARN, c.status(), c.toString());
        assertTrue(c.measured().contains("pg_dump --jobs is no longer possible"), c.measured());
        assertTrue(c.measured().contains("repeats CNPG's own -v"), c.measured());
    }

    @Test
    void conflictingOptionsFail() {
        for (List<String> dump : List.of(
                List.of("-f", "/tmp/x"),
                List.of("--file=/tmp/x"),
                List.of("-d", "other"),
                List.of("--section=data"),
                List.of("--create"),
                List.of("--clean"),
                List.of("--format=plain"),
                List.of("-Fc", "--jobs=4"))) {
            Check c = OptionsLint.lint(with(Map.of("pgDumpExtraOptions", dump)).importSpec());
            assertEquals(Status.FAIL, c.status(), dump + " -> " + c);
        }
        for (List<String> restore : List.of(
                List.of("--create"),
                List.of("-c"),
                List.of("--section", "data"),
                List.of("-d", "x"),
                List.of("--jobs=2", "--single-transaction"))) {
            Check c = OptionsLint.lint(
                    with(Map.of("pgRestoreExtraOptions", restore)).importSpec());
            assertEquals(Status.FAIL, c.status(), restore + " -> " + c);
        }
    }

    @Test
    void duplicatesWarn() {
        Check c = OptionsLint.lint(with(Map.of("pgRestoreDataOptions", List.of("--jobs=2", "--jobs=4")))
                .importSpec());
        assertEquals(Status.WARN, c.status(), c.toString());
        assertTrue(c.measured().contains("duplicates: --jobs"), c.measured());
    }

    @Test
    void monolithWithRolesAndNoOwnerFailsNamingTheApplicationAccessConsequence() {
        Check seed = OptionsLint.ownership(ManifestReader.read(SEED).importSpec(), "app", "accounts");
        assertEquals(Status.FAIL, seed.status());
        assertTrue(seed.measured().contains("permission denied for table accounts"), seed.measured());
        assertTrue(seed.fix().contains("--exclude-schema=user_management"), seed.fix());
        assertEquals(
                Status.PASS,
                OptionsLint.ownership(ManifestReader.read(CORRECTED).importSpec(), "app", "accounts")
                        .status());
        ClusterManifest micro = with(Map.of(
                "type",
                "microservice",
                "roles",
                List.of(),
                "initdbDatabase",
                "mastodon",
                "initdbOwner",
                "mastodon",
                "pgDumpExtraOptions",
                List.of("--no-owner")));
        assertEquals(
                Status.PASS,
                OptionsLint.ownership(micro.importSpec(), micro.initdbOwner(), "accounts")
                        .status());
    }

    @Test
    void versionsCompareSourceWithTheTargetImage() {
        ClusterManifest m = ManifestReader.read(SEED);
        assertEquals(
                Status.PASS,
                VersionCheck.compare(17, "17.6", m, PreflightOptions.defaults()).status());
        assertEquals(
                Status.PASS,
                VersionCheck.compare(15, "15.14", m, PreflightOptions.defaults())
                        .status());
        Check newer = VersionCheck.compare(18, "18.1", m, PreflightOptions.defaults());
        assertEquals(Status.FAIL, newer.status());
        assertTrue(newer.measured().contains("refuses"), newer.measured());
        assertEquals(
                18,
                ClusterManifest.majorOf(ClusterManifest.OPERATOR_DEFAULT_IMAGE).getAsInt());
    }
}
