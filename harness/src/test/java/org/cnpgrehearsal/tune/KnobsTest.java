package org.cnpgrehearsal.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ImportType;
import org.cnpgrehearsal.manifest.ManifestEditor;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.junit.jupiter.api.Test;

/** What each knob proposes to measure, from the manifest, the machine and the first import, and what it refuses. */
class KnobsTest {

    private static final ClusterManifest SEED = ManifestReader.read(Path.of("fixtures/manifests/database-cnpg.yaml"));
    private static final long MB = 1_000_000;

    private static Knobs.Context on(ClusterManifest m, int cores, int major) {
        return new Knobs.Context(m, cores, major, "mastodon", 500 * MB, 286 * MB);
    }

    private static ClusterManifest with(Map<String, Object> importKeys) {
        return ManifestEditor.withImport(SEED, importKeys);
    }

    private static ClusterManifest apply(Knobs.Proposal p, int i) {
        return p.changes().get(i).apply().apply(SEED);
    }

    @Test
    void aParallelDumpTakesTheMachinesCoresAndKeepsTheOtherOptions() {
        Knobs.Proposal p = Knobs.dumpJobs(on(SEED, 2, 15));
        assertEquals(1, p.changes().size());
        assertEquals(
                List.of("--verbose", "--exclude-schema=user_management", "--exclude-schema=metric_helpers", "--jobs=2"),
                apply(p, 0).importSpec().pgDumpExtraOptions());
        assertTrue(p.changes().get(0).consequence().contains("3 sessions on the source as standby"));
        assertNull(p.changes().get(0).notAdopted());
    }

    @Test
    void aParallelDumpIsNotProposedOnOneCoreNorWhenTheManifestAlreadyUsesTheCores() {
        assertTrue(Knobs.dumpJobs(on(SEED, 1, 15)).skipped().contains("1 core"));
        ClusterManifest jobs = with(Map.of("pgDumpExtraOptions", List.of("-j", "4")));
        assertTrue(Knobs.dumpJobs(on(jobs, 2, 15)).skipped().contains("--jobs=4"));
    }

    @Test
    void aCustomFormatDumpIsProposedInTheDirectoryFormatWithJobsAndSaysSo() {
        ClusterManifest custom = with(Map.of("pgDumpExtraOptions", List.of("--format=custom", "--no-owner")));
        Knobs.Proposal p = Knobs.dumpJobs(on(custom, 2, 15));
        assertEquals(
                List.of("--no-owner", "--jobs=2"),
                p.changes().get(0).apply().apply(custom).importSpec().pgDumpExtraOptions());
        assertTrue(p.changes().get(0).consequence().contains("directory format instead of --format=custom"));
    }

    @Test
    void compressionIsNoneTheDefaultAndWhatTheClientsMajorOffers() {
        List<String> on15 = Knobs.dumpCompression(on(SEED, 2, 15)).changes().stream()
                .map(Change::label)
                .toList();
        assertEquals(List.of("pg_dump --compress=0", "pg_dump --compress=1"), on15, "the default is what is written");
        List<String> on16 = Knobs.dumpCompression(on(SEED, 2, 16)).changes().stream()
                .map(Change::label)
                .toList();
        assertEquals(List.of("pg_dump --compress=0", "pg_dump --compress=lz4", "pg_dump --compress=zstd"), on16);

        ClusterManifest nine = with(Map.of("pgDumpExtraOptions", List.of("--verbose", "-Z", "9")));
        Knobs.Proposal p = Knobs.dumpCompression(on(nine, 2, 15));
        assertEquals(3, p.changes().size());
        ClusterManifest byDefault = p.changes().stream()
                .filter(c -> c.label().contains("default"))
                .findFirst()
                .orElseThrow()
                .apply()
                .apply(nine);
        assertEquals(List.of("--verbose"), byDefault.importSpec().pgDumpExtraOptions(), "-Z 9 removed, value and all");
        assertTrue(p.changes().get(0).consequence().contains("uncompressed"));
    }

    @Test
    void aTarDumpHasNoCompressionToTune() {
        ClusterManifest tar = with(Map.of("pgDumpExtraOptions", List.of("-Ft")));
        assertTrue(Knobs.dumpCompression(on(tar, 2, 15)).skipped().contains("--format=t"));
    }

    @Test
    void restoreJobsGoIntoEachSectionsOwnListWithTheCommonOptionsCopied() {
        ClusterManifest none = with(Map.of("pgRestoreExtraOptions", List.of("--verbose")));
        Knobs.Proposal p = Knobs.restoreJobs(on(none, 2, 15));
        ClusterManifest m = p.changes().get(0).apply().apply(none);
        assertEquals(List.of("--verbose", "--jobs=2"), m.importSpec().pgRestoreDataOptions());
        assertEquals(List.of("--verbose", "--jobs=2"), m.importSpec().pgRestorePostdataOptions());
        assertEquals(List.of("--verbose"), m.importSpec().restoreOptionsFor("pre-data"), "pre-data as written");
        assertNull(p.changes().get(0).notAdopted(), "more workers than written may be adopted");
    }

    @Test
    void fewerRestoreWorkersThanTheManifestAsksForAreMeasuredButNeverAdopted() {
        Knobs.Proposal p = Knobs.restoreJobs(on(SEED, 2, 15));
        assertNotNull(p.changes().get(0).notAdopted());
        assertTrue(p.changes().get(0).notAdopted().contains("than the 4 already asked for"));
    }

    @Test
    void restoreJobsAreNotProposedWithASingleTransaction() {
        ClusterManifest single = with(Map.of("pgRestoreDataOptions", List.of("--single-transaction")));
        assertTrue(Knobs.restoreJobs(on(single, 2, 15)).skipped().contains("--single-transaction"));
    }

    @Test
    void maintenanceWorkMemIsRaisedWithinTheInstancesMemory() {
        Knobs.Proposal p = Knobs.maintenanceWorkMem(on(SEED, 2, 15));
        assertEquals("maintenance_work_mem=1GB", p.changes().get(0).label());
        assertEquals("1GB", apply(p, 0).parameters().get("maintenance_work_mem"));
        assertTrue(p.changes().get(0).consequence().contains("autovacuum"));

        ClusterManifest small = withResources("2Gi");
        Knobs.Proposal bounded = Knobs.maintenanceWorkMem(on(small, 2, 15));
        assertEquals(
                "maintenance_work_mem=128MB",
                bounded.changes().get(0).label(),
                "2Gi / 4 / 4 restore workers of post-data");

        ClusterManifest already = ManifestEditor.withParameters(SEED, Map.of("maintenance_work_mem", "2GB"));
        assertTrue(Knobs.maintenanceWorkMem(on(already, 2, 15)).skipped().contains("2GB already"));
    }

    @Test
    void parallelMaintenanceWorkersGoUpToTheCoresAndALoweringIsNeverAdopted() {
        Knobs.Proposal down = Knobs.parallelMaintenanceWorkers(on(SEED, 2, 15));
        assertEquals("max_parallel_maintenance_workers=0", down.changes().get(0).label());
        assertNotNull(down.changes().get(0).notAdopted());
        Knobs.Proposal up = Knobs.parallelMaintenanceWorkers(on(SEED, 8, 15));
        assertEquals("max_parallel_maintenance_workers=8", up.changes().get(0).label());
        assertNull(up.changes().get(0).notAdopted());
    }

    @Test
    void maxWalSizeIsMeasuredOnlyWhenTheImportWritesEnoughWalToForceACheckpoint() {
        Knobs.Proposal below = Knobs.maxWalSize(on(SEED, 2, 15));
        assertTrue(below.changes().isEmpty());
        assertTrue(below.skipped().contains("wrote 286 MB of WAL"), below.skipped());
        assertTrue(below.skipped().contains("565 MB"), "1 GiB / 1.9: " + below.skipped());
        assertTrue(below.skipped().contains("above about 988 MB"), "500 MB x 565 / 286: " + below.skipped());

        Knobs.Context more = new Knobs.Context(SEED, 2, 15, "mastodon", 2000 * MB, 1200 * MB);
        Knobs.Proposal above = Knobs.maxWalSize(more);
        assertEquals("max_wal_size=4GB", above.changes().get(0).label());
        assertTrue(above.changes().get(0).consequence().contains("on the data volume"));

        Knobs.Context unmeasured = new Knobs.Context(SEED, 2, 15, "mastodon", 500 * MB, null);
        assertTrue(Knobs.maxWalSize(unmeasured).skipped().contains("not measured"));
    }

    @Test
    void microserviceIsProposedForOneDatabaseAndItsOwnerButNeverAdopted() {
        Knobs.Proposal p = Knobs.importType(on(SEED, 2, 15));
        ClusterManifest m = apply(p, 0);
        assertEquals(ImportType.MICROSERVICE, m.importSpec().type());
        assertEquals(List.of(), m.importSpec().roles());
        assertEquals("mastodon", m.initdbDatabase());
        assertEquals("mastodon", m.initdbOwner());
        assertTrue(p.changes().get(0).consequence().contains("password"));
        assertNotNull(p.changes().get(0).notAdopted());

        ClusterManifest twoRoles = with(Map.of("roles", List.of("mastodon", "reporting")));
        assertTrue(Knobs.importType(on(twoRoles, 2, 15)).skipped().contains("[reporting]"));
        ClusterManifest all = with(Map.of("databases", List.of("*")));
        assertTrue(Knobs.importType(on(all, 2, 15)).skipped().contains("exactly one database"));
    }

    private static ClusterManifest withResources(String memory) {
        String yaml = ManifestEditor.toYaml(SEED)
                .replace("spec:\n", "spec:\n  resources:\n    limits:\n      memory: " + memory + "\n");
        return ManifestReader.parse(SEED.file(), yaml);
    }
}
