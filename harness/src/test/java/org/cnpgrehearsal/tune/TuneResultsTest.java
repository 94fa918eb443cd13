package org.cnpgrehearsal.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.cnpgrehearsal.engine.ImportVariants;
import org.cnpgrehearsal.engine.Rehearsal;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.report.Samples;
import org.cnpgrehearsal.report.TuneReport;
import org.cnpgrehearsal.timeline.Phases;
import org.junit.jupiter.api.Test;

/** Which variant the tuned manifest becomes, and why every other one does not, from runs as measured. */
class TuneResultsTest {

    private static final ClusterManifest SEED = ManifestReader.read(Path.of("fixtures/manifests/database-cnpg.yaml"));
    private static final long SMALL_PEAK = 1_000_000_000L;

    private static final Variant UNCOMPRESSED =
            Variant.of(new Change(Knobs.DUMP_COMPRESSION, "pg_dump --compress=0", m -> m, "more room", null));
    private static final Variant FEWER_WORKERS = Variant.of(new Change(
            Knobs.RESTORE_JOBS, "pg_restore --jobs=2 (data, post-data)", m -> m, null, "fewer restore workers"));

    private final Map<Variant, VariantRuns> runs = new LinkedHashMap<>();

    private void ran(Variant v, int stage, long peak, long... ms) {
        VariantRuns r = runs.computeIfAbsent(v, VariantRuns::new);
        for (long m : ms) {
            r.add(
                    new ImportVariants.Run(
                            new Rehearsal.Result(
                                    Samples.success("happy-path", 500_000_000L, Map.of(Phases.DUMP, m), 4),
                                    List.of(),
                                    ""),
                            OptionalLong.of(peak),
                            300_000_000L,
                            500),
                    stage);
        }
    }

    private TuneResults results() {
        return new TuneResults(
                new TuneRun.Measured(runs, List.of(), List.of(500L), 3),
                SEED,
                new TuneRun.Settings(3, null),
                Instant.now(),
                null,
                null);
    }

    private static TuneReport.VariantResult row(List<TuneReport.VariantResult> rows, Variant v) {
        return rows.stream().filter(r -> r.name().equals(v.name())).findFirst().orElseThrow();
    }

    @Test
    void theCandidateThatIsFasterAgainWhenRehearsedOnceMoreIsTheTunedManifest() {
        ran(Variant.asWritten(), TuneRun.SINGLES, SMALL_PEAK, 10_000, 10_400, 9_900);
        ran(UNCOMPRESSED, TuneRun.SINGLES, SMALL_PEAK, 8_000, 8_300, 8_100);
        ran(UNCOMPRESSED, TuneRun.CONFIRM, SMALL_PEAK, 8_200, 8_000, 8_100);
        ran(Variant.asWritten(), TuneRun.CONFIRM, SMALL_PEAK, 10_100, 9_950, 10_200);
        TuneResults r = results();
        assertEquals(UNCOMPRESSED, r.tuned());
        List<TuneReport.VariantResult> rows = r.ranked(r.tuned());
        assertEquals(UNCOMPRESSED.name(), rows.get(0).name());
        assertTrue(rows.get(0).faster());
        assertNull(rows.get(0).notAdopted());
        assertEquals(-19.4, rows.get(0).changePercent(), 0.05);
        assertEquals(List.of("more room"), rows.get(0).consequences());
        assertTrue(row(rows, Variant.asWritten()).notAdopted().startsWith("slower than"));
    }

    @Test
    void aCandidateFasterInItsRoundsButNotAgainLeavesTheManifestAsWritten() {
        ran(Variant.asWritten(), TuneRun.SINGLES, SMALL_PEAK, 10_000, 10_400, 9_900);
        ran(UNCOMPRESSED, TuneRun.SINGLES, SMALL_PEAK, 8_000, 8_300, 8_100);
        ran(UNCOMPRESSED, TuneRun.CONFIRM, SMALL_PEAK, 8_200, 10_500, 8_100);
        ran(Variant.asWritten(), TuneRun.CONFIRM, SMALL_PEAK, 10_100, 9_950, 10_200);
        TuneResults r = results();
        assertTrue(r.tuned().isAsWritten());
        TuneReport.VariantResult u = row(r.ranked(r.tuned()), UNCOMPRESSED);
        assertFalse(u.faster());
        assertTrue(u.notAdopted().contains("not again"), u.notAdopted());
    }

    @Test
    void aFasterVariantThatTheVolumeWouldNotHoldIsNotAdopted() {
        ran(Variant.asWritten(), TuneRun.SINGLES, SMALL_PEAK, 10_000, 10_400, 9_900);
        ran(UNCOMPRESSED, TuneRun.SINGLES, 20_000_000_000L, 8_000, 8_300, 8_100);
        ran(UNCOMPRESSED, TuneRun.CONFIRM, 20_000_000_000L, 8_200, 8_000, 8_100);
        ran(Variant.asWritten(), TuneRun.CONFIRM, SMALL_PEAK, 10_100, 9_950, 10_200);
        TuneResults r = results();
        assertTrue(r.tuned().isAsWritten());
        TuneReport.VariantResult u = row(r.ranked(r.tuned()), UNCOMPRESSED);
        assertEquals(Boolean.FALSE, u.fitsVolume());
        assertTrue(u.notAdopted().contains("20Gi"), u.notAdopted());
    }

    @Test
    void whenTheManifestAsWrittenDoesNotFitItsVolumeEitherAVariantNeedingNoMoreIsStillAdopted() {
        ran(Variant.asWritten(), TuneRun.SINGLES, 20_000_000_000L, 10_000, 10_400, 9_900);
        ran(UNCOMPRESSED, TuneRun.SINGLES, 19_000_000_000L, 8_000, 8_300, 8_100);
        ran(UNCOMPRESSED, TuneRun.CONFIRM, 19_000_000_000L, 8_200, 8_000, 8_100);
        ran(Variant.asWritten(), TuneRun.CONFIRM, 20_000_000_000L, 10_100, 9_950, 10_200);
        TuneResults r = results();
        assertEquals(UNCOMPRESSED, r.tuned());
        assertEquals(Boolean.FALSE, row(r.ranked(r.tuned()), UNCOMPRESSED).fitsVolume(), "shown as not fitting");
    }

    @Test
    void aFasterChangeThatLowersAParallelismIsShownFasterAndNeverAdopted() {
        ran(Variant.asWritten(), TuneRun.SINGLES, SMALL_PEAK, 10_000, 10_400, 9_900);
        ran(FEWER_WORKERS, TuneRun.SINGLES, SMALL_PEAK, 8_000, 8_300, 8_100);
        TuneResults r = results();
        assertTrue(r.tuned().isAsWritten());
        TuneReport.VariantResult f = row(r.ranked(r.tuned()), FEWER_WORKERS);
        assertTrue(f.faster());
        assertEquals("fewer restore workers", f.notAdopted());
        assertNull(row(r.ranked(r.tuned()), Variant.asWritten()).notAdopted(), "the manifest as written is tuned");
    }

    @Test
    void aVariantThatFailedIsRankedLastWithWhyAndNotTimed() {
        ran(Variant.asWritten(), TuneRun.SINGLES, SMALL_PEAK, 10_000, 10_400, 9_900);
        runs.computeIfAbsent(UNCOMPRESSED, VariantRuns::new)
                .add(
                        new ImportVariants.Run(
                                new Rehearsal.Result(Samples.failure(), List.of(), ""), OptionalLong.empty(), null, 0),
                        TuneRun.SINGLES);
        TuneResults r = results();
        List<TuneReport.VariantResult> rows = r.ranked(r.tuned());
        TuneReport.VariantResult last = rows.get(rows.size() - 1);
        assertEquals(UNCOMPRESSED.name(), last.name());
        assertFalse(last.passed());
        assertTrue(last.verification().startsWith("ROLE_CATALOG_DENIED"), last.verification());
        assertTrue(last.importMs().isEmpty());
    }
}
