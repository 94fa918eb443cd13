package org.cnpgrehearsal.estimate;

import static org.cnpgrehearsal.estimate.Sweeps.MB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.report.Samples;
import org.cnpgrehearsal.results.RehearsalFacts;
import org.cnpgrehearsal.results.Subject;
import org.cnpgrehearsal.strategy.StrategyFacts;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.util.BadInputException;
import org.junit.jupiter.api.Test;

class EstimatorTest {

    private static final ProductionProfile PRODUCTION = ProductionProfile.ofTotalSize(25_000 * MB);

    @Test
    void aSweepThatFollowsTheModelsIsPredictedOnTheModels() {
        List<Candidate> sweep = Sweeps.sweep(20 * MB, 40 * MB, 80 * MB);
        Estimate e = Estimator.estimate(sweep, PRODUCTION, EstimateSettings.defaults());
        Side production = Estimator.production(
                        PRODUCTION,
                        sweep.get(2).facts(),
                        EstimateSettings.defaults(),
                        Estimator.jobs(sweep.get(2).facts(), EstimateSettings.defaults()))
                .side();
        for (PhaseModel m : PhaseModel.values()) {
            Estimate.PhaseEstimate p = phase(e, m.phase);
            double rate = m.unit == PhaseModel.Unit.COST ? Sweeps.MS_PER_COST : Sweeps.MS_PER_BYTE;
            double expected = Sweeps.FIXED_MS + rate * m.work(production);
            assertEquals(expected, p.range().centralMs(), 2.0 + expected * 1e-3, m.phase);
            assertEquals(3, p.points().size());
            assertEquals(m.shape, p.model(), "each line states its model");
        }
        assertEquals(
                e.phases().stream().mapToLong(p -> p.range().centralMs()).sum(),
                e.importTime().centralMs(),
                "the import is its phases");
    }

    @Test
    void theRangeCoversTheFitsNoiseAndTheHardware() {
        List<Candidate> noisy = new ArrayList<>();
        double[] noise = {1.08, 0.93, 1.04, 0.97};
        long[] sizes = {20 * MB, 40 * MB, 80 * MB, 160 * MB};
        for (int i = 0; i < sizes.length; i++) {
            noisy.add(Sweeps.candidate("r" + i, Sweeps.rehearsal(sizes[i], 1, noise[i])));
        }
        Estimate unknown = Estimator.estimate(noisy, PRODUCTION, EstimateSettings.defaults());
        Estimate measured = Estimator.estimate(
                noisy, PRODUCTION, EstimateSettings.defaults().withThroughputFactor(1.0));
        for (Estimate.PhaseEstimate p : unknown.phases()) {
            assertTrue(p.range().lowMs() <= p.range().centralMs()
                    && p.range().centralMs() <= p.range().highMs());
        }
        Estimate.Range dump = phase(unknown, Phases.DUMP).range();
        assertTrue(dump.highMs() >= 2 * dump.centralMs(), "without a measured factor production may be twice slower");
        Estimate.Range narrow = phase(measured, Phases.DUMP).range();
        assertTrue(narrow.highMs() < dump.highMs() && narrow.lowMs() > dump.lowMs(), "a measured factor narrows it");
        assertTrue(unknown.method().contains("90 % prediction interval"), unknown.method());
        assertTrue(unknown.method().contains("hardware factor of 2.00"), unknown.method());
        assertTrue(measured.method().contains("1.25"), measured.method());
        assertTrue(unknown.window().lowMs() < unknown.window().centralMs()
                && unknown.window().centralMs() < unknown.window().highMs());
    }

    @Test
    void jobsChangeTheEstimateUpToTheLargestTable() {
        List<Candidate> sweep = Sweeps.sweep(20 * MB, 40 * MB, 80 * MB);
        long one = phase(estimate(sweep, 1), Phases.RESTORE_DATA).range().centralMs();
        long four = phase(estimate(sweep, 4), Phases.RESTORE_DATA).range().centralMs();
        long sixteen = phase(estimate(sweep, 16), Phases.RESTORE_DATA).range().centralMs();
        assertTrue(four < one, "more workers load faster: " + one + " -> " + four);
        assertEquals(four, sixteen, "but no table loads faster than one worker: the largest table bounds it");
        assertTrue(
                phase(estimate(sweep, 4), Phases.RESTORE_POST_DATA).range().centralMs()
                        < phase(estimate(sweep, 1), Phases.RESTORE_POST_DATA)
                                .range()
                                .centralMs(),
                "index builds run in parallel too");
        Estimate e = estimate(sweep, 4);
        assertEquals(4, e.restoreJobs().production());
        assertEquals(4, e.restoreJobs().productionWorkers(), "no CPU limit in the manifest: a processor per job");
        assertTrue(e.restoreJobs().rule().contains("max(work / workers, the largest item)"));
        Estimate limited = Estimator.estimate(
                sweep,
                PRODUCTION,
                EstimateSettings.defaults()
                        .withRestoreJobs(16)
                        .withTarget(new TargetCluster(null, true, Samples.MAINTENANCE_WORK_MEM, 1L << 30, 2, 1, 0)));
        assertEquals(2, limited.restoreJobs().productionWorkers(), "a CPU limit of 2 runs 2 workers at once");
    }

    @Test
    void theWindowCoversTheStepsTheImportAndTheReplicasComingBack() {
        List<Candidate> sweep = Sweeps.sweep(20 * MB, 40 * MB, 80 * MB);
        TargetCluster three =
                new TargetCluster(20L << 30, true, Samples.MAINTENANCE_WORK_MEM, 1L << 30, null, 3, 270_000);
        Estimate e = Estimator.estimate(
                sweep, PRODUCTION, EstimateSettings.defaults().withTarget(three));
        assertEquals(2, e.replicas().count());
        assertEquals(
                2 * (e.replicas().perReplica().range().centralMs() + 270_000),
                e.replicas().total().centralMs(),
                "each replica: its spread checkpoint, then its copy, one after another");
        long before = 5 * 60_000;
        long after = 20 * 60_000;
        assertEquals(
                before
                        + e.importTime().centralMs()
                        + Math.max(after, e.replicas().total().centralMs()),
                e.window().centralMs());
        List<String> bars = e.night().bars().stream().map(Estimate.Bar::name).toList();
        assertTrue(bars.get(0).startsWith("stop writers"), bars.toString());
        assertTrue(bars.contains("replica 2 of 3: clone") && bars.contains("replica 3 of 3: clone"), bars.toString());
        assertTrue(bars.containsAll(Phases.IMPORT), bars.toString());
        Estimate single = Estimator.estimate(sweep, PRODUCTION, EstimateSettings.defaults());
        assertEquals(0, single.replicas().count());
        assertEquals(
                before + single.importTime().centralMs() + after,
                single.window().centralMs());
    }

    @Test
    void replicasThatNoRehearsalClonedAreSaidToBeLeftOut() {
        List<Candidate> sweep = new ArrayList<>();
        for (long s : new long[] {20 * MB, 40 * MB, 80 * MB}) {
            Map<String, Long> ms = new HashMap<>(Samples.linear(s, 10, 400));
            ms.remove(Phases.REPLICA_CLONE);
            RehearsalReport r = Samples.success("happy-path", s, ms, 1);
            sweep.add(Sweeps.candidate(s / MB + "MB", r));
        }
        TargetCluster three = new TargetCluster(null, true, Samples.MAINTENANCE_WORK_MEM, 1L << 30, null, 3, 270_000);
        Estimate e = Estimator.estimate(
                sweep, PRODUCTION, EstimateSettings.defaults().withTarget(three));
        assertNull(e.replicas().perReplica());
        assertTrue(e.replicas().note().contains("leaves out the time until the 2 replicas are back"));
    }

    @Test
    void onlySuccessfulRehearsalsOfOneScenarioManifestAndFixtureAreUsedAndTheOthersAreNamed() {
        List<Candidate> given = new ArrayList<>(Sweeps.sweep(20 * MB, 40 * MB, 80 * MB));
        given.add(new Candidate(
                "failed", RehearsalReport.VERSION, Samples.failure().facts()));
        given.add(with("other-scenario", Samples.subject("keep-owners")));
        given.add(with(
                "other-manifest",
                new Subject("happy-path", "", Samples.MANIFEST, "sha256:ffffffffffffffff", Samples.FIXTURE)));
        given.add(with(
                "other-fixture",
                new Subject("happy-path", "", Samples.MANIFEST, Samples.DIGEST, "file /tmp/dump.sql")));
        given.add(new Candidate("old", 0, Sweeps.rehearsal(30 * MB, 1, 1.0).facts()));
        given.add(new Candidate(
                "online",
                RehearsalReport.VERSION,
                Sweeps.rehearsal(30 * MB, 1, 1.0).facts().withStrategy(online())));
        Estimate e = Estimator.estimate(given, PRODUCTION, EstimateSettings.defaults());
        assertEquals(List.of("20MB", "40MB", "80MB"), e.rehearsals());
        List<String> out =
                e.leftOut().stream().map(l -> l.rehearsal() + ": " + l.reason()).toList();
        assertEquals(6, out.size(), out.toString());
        assertTrue(
                out.contains("online: rehearsed the online path: the estimate extrapolates the offline import's "
                        + "phases (estimate from an offline sweep)"),
                out.toString());
        assertTrue(
                out.contains("failed: failed (ROLE_CATALOG_DENIED at roles): a failed import measures no window"),
                out.toString());
        assertTrue(out.stream().anyMatch(s -> s.startsWith("other-scenario: rehearsed another scenario (keep-owners")));
        assertTrue(out.stream().anyMatch(s -> s.startsWith("other-manifest: rehearsed another manifest")));
        assertTrue(out.stream()
                .anyMatch(s -> s.startsWith("other-fixture: rehearsed another fixture (file /tmp/dump.sql")));
        assertTrue(out.stream().anyMatch(s -> s.startsWith("old: was written by an earlier cnpg-rehearsal")));
    }

    @Test
    void noRehearsalLeftIsBadInputNamingEachReason() {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> Estimator.estimate(
                        List.of(
                                new Candidate(
                                        "full-disk",
                                        RehearsalReport.VERSION,
                                        Samples.failure().facts()),
                                new Candidate(
                                        "old",
                                        1,
                                        Sweeps.rehearsal(30 * MB, 1, 1.0).facts())),
                        PRODUCTION,
                        EstimateSettings.defaults()));
        assertTrue(
                e.getMessage().startsWith("no rehearsal to estimate from: full-disk failed (ROLE_CATALOG_DENIED"),
                e.getMessage());
        assertTrue(e.getMessage().contains("; old was written by an earlier cnpg-rehearsal"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void theVolumeIsTheRulesOneFigureAgainstTheManifest() {
        List<Candidate> sweep = Sweeps.sweep(20 * MB, 40 * MB, 80 * MB);
        TargetCluster small = new TargetCluster(20L << 30, true, Samples.MAINTENANCE_WORK_MEM, 1L << 30, null, 1, 0);
        Estimate e = Estimator.estimate(
                sweep, PRODUCTION, EstimateSettings.defaults().withTarget(small));
        var v = e.volume();
        assertFalse(v.sufficient());
        assertEquals(
                VolumeRule.need(e.production().dataBytes(), 25_000 * MB, true, 1L << 30),
                v.need(),
                "the same rule as the preflight and the rehearsal's sizes");
        assertTrue(v.need().how().contains("WAL headroom"), v.need().how());
        Estimate big = Estimator.estimate(
                sweep, PRODUCTION, EstimateSettings.defaults().withTarget(small.withStorageBytes(1L << 40)));
        assertTrue(big.volume().sufficient());
        assertNull(Estimator.estimate(sweep, PRODUCTION, EstimateSettings.defaults())
                .volume()
                .sufficient());
    }

    @Test
    void withoutAProfileProductionIsTheFixturesShapeScaledAndSaysSo() {
        Estimate e =
                Estimator.estimate(Sweeps.sweep(20 * MB, 40 * MB, 80 * MB), PRODUCTION, EstimateSettings.defaults());
        assertTrue(
                e.production().shapeFrom().contains("scaled 313 times"),
                e.production().shapeFrom());
        assertEquals("public.statuses", e.production().largestTable().name());
        assertTrue(e.statement().contains("313 times the largest rehearsal"), e.statement());
    }

    @Test
    void stepsGoBeforeOrAfterTheImport() {
        Estimate e = Estimator.estimate(
                Sweeps.sweep(20 * MB, 40 * MB, 80 * MB),
                PRODUCTION,
                EstimateSettings.defaults()
                        .withSteps(List.of(
                                new CutoverStep("stop writers", 2, CutoverStep.BEFORE),
                                new CutoverStep("switch", 0.5, null))));
        assertEquals(
                List.of("before", "after"),
                e.steps().stream().map(Estimate.Step::when).toList());
        assertEquals(150_000 + e.importTime().centralMs(), e.window().centralMs());
    }

    /** What an online rehearsal measured (its phases are the schema-only import's, not a window). */
    private static StrategyFacts online() {
        return new StrategyFacts(
                "online",
                4_000L,
                1_000L,
                300L,
                100L,
                400L,
                6_000L,
                1_000_000L,
                2_000_000L,
                3,
                null,
                List.of(),
                List.of());
    }

    private static Candidate with(String label, Subject subject) {
        RehearsalFacts f = Sweeps.rehearsal(60 * MB, 1, 1.0).facts();
        return new Candidate(
                label,
                RehearsalReport.VERSION,
                new RehearsalFacts(
                        subject,
                        f.environment(),
                        f.outcome(),
                        f.diagnosis(),
                        f.phases(),
                        f.commands(),
                        f.sizes(),
                        f.shape(),
                        f.strategy()));
    }

    private static Estimate estimate(List<Candidate> sweep, int jobs) {
        return Estimator.estimate(sweep, PRODUCTION, EstimateSettings.defaults().withRestoreJobs(jobs));
    }

    private static Estimate.PhaseEstimate phase(Estimate e, String name) {
        return e.phases().stream()
                .filter(p -> p.phase().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
