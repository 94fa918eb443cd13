package org.cnpgrehearsal.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.report.Samples;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.util.BadInputException;
import org.junit.jupiter.api.Test;

class EstimatorTest {

    private static final long MB = 1_000_000L;

    private static List<RehearsalReport> sweep(double msPerMB, long... sizes) {
        return Arrays.stream(sizes)
                .mapToObj(s -> Samples.success("happy-path", s, Samples.linear(s, msPerMB, 1000), 1))
                .toList();
    }

    @Test
    void exactSweepPredictsALargerSizeOnTheLine() {
        List<RehearsalReport> reports = sweep(10, 100 * MB, 200 * MB, 400 * MB);
        long prod = 3200 * MB;
        Estimate e = Estimator.estimate(reports, ProductionProfile.ofTotalSize(prod), EstimateSettings.defaults());
        Map<String, Long> truth = Samples.linear(prod, 10, 1000);
        for (Estimate.PhaseEstimate p : e.phases()) {
            assertEquals(truth.get(p.phase()), p.centralMs(), 2.0, p.phase());
            assertEquals(3, p.points().size());
            boolean schemaOnly = p.phase().equals(Phases.ROLES) || p.phase().equals(Phases.RESTORE_PRE_DATA);
            assertEquals(
                    schemaOnly ? "none" : "database",
                    p.quantity(),
                    "roles and pre-data do not grow with size; a size-only profile falls back to database bytes for the rest");
        }
        long total = truth.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(total, e.importCentralMs(), 10);
        assertEquals(25 * 60_000L, e.stepsMs(), "default steps: 5 + 10 + 10 minutes");
        assertEquals(e.importCentralMs() + e.stepsMs(), e.windowCentralMs());
        assertTrue(e.windowConservativeMs() >= e.windowCentralMs());
        assertTrue(e.statement().contains("extrapolates the throughput measured on the rehearsal machine"));
    }

    @Test
    void noisySweepHasAConservativeBoundAboveCentral() {
        List<RehearsalReport> reports = List.of(
                Samples.success("s", 100 * MB, Samples.linear(100 * MB, 10.8, 1000), 1),
                Samples.success("s", 200 * MB, Samples.linear(200 * MB, 9.1, 1000), 1),
                Samples.success("s", 400 * MB, Samples.linear(400 * MB, 10.4, 1000), 1),
                Samples.success("s", 800 * MB, Samples.linear(800 * MB, 9.7, 1000), 1));
        Estimate e = Estimator.estimate(reports, ProductionProfile.ofTotalSize(6400 * MB), EstimateSettings.defaults());
        Estimate.PhaseEstimate dump = e.phases().stream()
                .filter(p -> p.phase().equals(Phases.DUMP))
                .findFirst()
                .orElseThrow();
        assertTrue(dump.conservativeMs() > dump.centralMs());
        assertTrue(e.importConservativeMs() > e.importCentralMs());
    }

    @Test
    void aDetailedProfileFitsEachPhaseOnWhatItHandles() {
        List<RehearsalReport> reports = sweep(10, 100 * MB, 200 * MB, 400 * MB);
        ProductionProfile p = new ProductionProfile(
                "15.8",
                null,
                List.of(new ProductionProfile.DatabaseProfile(
                        "mastodon",
                        3200 * MB,
                        1920 * MB,
                        960 * MB,
                        160 * MB,
                        1_000_000L,
                        0L,
                        List.of(new ProductionProfile.TableSize("public.statuses", 640 * MB, 300 * MB, 100L)),
                        null,
                        List.of("pg_stat_statements"))));
        Estimate e = Estimator.estimate(reports, p, EstimateSettings.defaults());
        Map<String, String> q = new HashMap<>();
        e.phases().forEach(x -> q.put(x.phase(), x.quantity()));
        assertEquals("data", q.get(Phases.DUMP));
        assertEquals("data-per-job", q.get(Phases.RESTORE_DATA));
        assertEquals("index", q.get(Phases.RESTORE_POST_DATA));
        assertEquals("table", q.get(Phases.ANALYZE));
        assertEquals("none", q.get(Phases.ROLES));
        assertEquals("none", q.get(Phases.RESTORE_PRE_DATA));
        assertEquals("database", q.get(Phases.FINALIZE));
        // same proportions as the rehearsals: the prediction stays on the line
        assertEquals(
                Samples.linear(3200 * MB, 10, 1000).get(Phases.DUMP),
                e.phases().stream()
                        .filter(x -> x.phase().equals(Phases.DUMP))
                        .findFirst()
                        .orElseThrow()
                        .centralMs(),
                2.0);
    }

    @Test
    void restoreJobsAreBoundedByTheLargestTable() {
        // rehearsed with 1 job; production with 4 jobs, but the largest table is half of the data
        List<RehearsalReport> reports = sweep(10, 100 * MB, 200 * MB, 400 * MB);
        ProductionProfile p = new ProductionProfile(
                null,
                null,
                List.of(new ProductionProfile.DatabaseProfile(
                        "db",
                        3200 * MB,
                        1920 * MB,
                        960 * MB,
                        null,
                        null,
                        null,
                        List.of(new ProductionProfile.TableSize("big", 960 * MB, null, null)),
                        null,
                        null)));
        Estimate serial = Estimator.estimate(reports, p, EstimateSettings.defaults());
        Estimate parallel = Estimator.estimate(reports, p, new EstimateSettings(1.0, 4, null, null, true));
        assertEquals(1, serial.restoreJobs().rehearsed());
        assertEquals(4, parallel.restoreJobs().production());
        assertEquals(2.0, parallel.restoreJobs().effectiveProduction(), 1e-9);
        assertTrue(parallel.restoreJobs().modelled());
        long s = phase(serial, Phases.RESTORE_DATA).centralMs();
        long par = phase(parallel, Phases.RESTORE_DATA).centralMs();
        assertTrue(par < s, "more jobs restore faster");
        assertTrue(par > s / 4, "but never faster than the largest table allows");
        assertEquals(960 * MB, phase(parallel, Phases.RESTORE_DATA).productionBytes(), 1);
    }

    @Test
    void jobsAreReadFromTheRehearsedCommands() {
        RehearsalReport r = Samples.success("s", 100 * MB, Samples.linear(100 * MB, 10, 1000), 4);
        assertEquals(4, Estimator.restoreJobs(r.commands()));
        assertEquals(1, Estimator.restoreJobs(null));
    }

    @Test
    void throughputFactorDividesThePerBytePart() {
        List<RehearsalReport> reports = sweep(10, 100 * MB, 200 * MB, 400 * MB);
        ProductionProfile p = ProductionProfile.ofTotalSize(3200 * MB);
        Estimate base = Estimator.estimate(reports, p, EstimateSettings.defaults());
        Estimate faster = Estimator.estimate(reports, p, new EstimateSettings(2.0, null, null, null, true));
        Estimate.PhaseEstimate d1 = phase(base, Phases.DUMP);
        Estimate.PhaseEstimate d2 = phase(faster, Phases.DUMP);
        assertEquals(d1.fixedMs() + (d1.centralMs() - d1.fixedMs()) / 2.0, d2.centralMs(), 2.0);
        assertTrue(faster.statement().contains("2.00"));
    }

    @Test
    void volumeIsDumpPlusDataPlusWalAgainstTheManifest() {
        List<RehearsalReport> reports = sweep(10, 100 * MB, 200 * MB, 400 * MB);
        long prod = 250_000 * MB;
        Estimate small = Estimator.estimate(
                reports,
                ProductionProfile.ofTotalSize(prod),
                EstimateSettings.defaults().withManifestStorage(300_000 * MB, true));
        var v = small.volume();
        assertEquals(prod / 3, v.dumpBytes(), 1_000);
        assertEquals(prod * 9 / 10, v.dataBytes(), 1_000);
        assertEquals(Math.round(prod * 0.9 * 0.1), v.walHeadroomBytes(), 1_000);
        assertEquals(v.dumpBytes() + v.dataBytes() + v.walHeadroomBytes(), v.requiredBytes());
        assertFalse(v.sufficient());
        Estimate big = Estimator.estimate(
                reports,
                ProductionProfile.ofTotalSize(prod),
                EstimateSettings.defaults().withManifestStorage(600_000 * MB, false));
        assertTrue(big.volume().sufficient());
        assertEquals(0, big.volume().walHeadroomBytes());
        assertNull(Estimator.estimate(reports, ProductionProfile.ofTotalSize(prod), EstimateSettings.defaults())
                .volume()
                .sufficient());
    }

    @Test
    void failedPhasesAreNotMeasuredAndNothingToFitIsBadInput() {
        assertThrows(
                BadInputException.class,
                () -> Estimator.estimate(
                        List.of(Samples.failure()), ProductionProfile.ofTotalSize(MB), EstimateSettings.defaults()));
    }

    @Test
    void customStepsAreAdded() {
        List<RehearsalReport> reports = sweep(10, 100 * MB, 200 * MB, 400 * MB);
        Estimate e = Estimator.estimate(
                reports,
                ProductionProfile.ofTotalSize(MB * 1000),
                new EstimateSettings(
                        1.0,
                        null,
                        List.of(new CutoverStep("stop writers", 2), new CutoverStep("switch", 0.5)),
                        null,
                        true));
        assertEquals(150_000, e.stepsMs());
        assertEquals(2, e.steps().size());
    }

    private static Estimate.PhaseEstimate phase(Estimate e, String name) {
        return e.phases().stream()
                .filter(p -> p.phase().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
