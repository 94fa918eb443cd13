package org.cnpgrehearsal.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.diagnose.Diagnoser;
import org.cnpgrehearsal.diagnose.Diagnosis;
import org.cnpgrehearsal.estimate.ProductionProfile;
import org.cnpgrehearsal.estimate.ProfileCapture;
import org.cnpgrehearsal.estimate.TargetCluster;
import org.cnpgrehearsal.estimate.VolumeRule;
import org.cnpgrehearsal.fixture.Fixture;
import org.cnpgrehearsal.importer.ImportResult;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ManifestEditor;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.platform.Platform;
import org.cnpgrehearsal.platform.VolumeUsage;
import org.cnpgrehearsal.preflight.Preflight;
import org.cnpgrehearsal.preflight.PreflightOptions;
import org.cnpgrehearsal.preflight.PreflightReport;
import org.cnpgrehearsal.preflight.Status;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.results.Environment;
import org.cnpgrehearsal.results.RehearsalFacts;
import org.cnpgrehearsal.results.SizeFacts;
import org.cnpgrehearsal.results.SourcePrep;
import org.cnpgrehearsal.results.Subject;
import org.cnpgrehearsal.results.TableSize;
import org.cnpgrehearsal.results.VolumeNeed;
import org.cnpgrehearsal.scenario.RelativeSize;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.source.ZalandoSource;
import org.cnpgrehearsal.strategy.StrategyOptions;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.Sizes;
import org.cnpgrehearsal.verify.Sides;
import org.cnpgrehearsal.verify.Verification;
import org.cnpgrehearsal.verify.Verifier;
import org.cnpgrehearsal.verify.VerifyScope;

/**
 * One rehearsal, start to end, on any platform: provision, seed, import, verify, diagnose, and the report's content.
 * The platform is closed by the caller (so that --keep and Ctrl-C are handled in one place).
 */
public final class Rehearsal {

    /** The report's content, the import's own log and the manifest as applied (both written next to the report). */
    public record Result(RehearsalReport report, List<String> importLog, String appliedManifest) {}

    /**
     * Added to a measured peak use of the volume when it exceeds the rule: the peak varies by about 10 % from run to
     * run (when checkpoints recycle WAL), and sampling every 50 ms can miss a short spike.
     */
    public static final double PEAK_MARGIN = 0.25;

    private final RehearsalPlan plan;
    private final Platform platform;
    private final Timeline timeline;
    private final Fixture fixture;
    private final String fixtureName;
    private final String clientVersion;
    private final List<String> notes = new ArrayList<>();
    private final Migrations migrations;
    /** What the empty target's volume holds before the import (its initdb cluster), when the platform can tell. */
    private long baseBytes;
    /** The bytes seeded, known once {@link #prepare} has run. */
    private long seeded;
    /** The source database as seeded (its sizes for the report), known once {@link #prepare} has run. */
    private ProductionProfile.DatabaseProfile source;

    /**
     * {@code fixtureName} names what seeds the source, without its size (rehearsals of one fixture are one fit);
     * {@code strategy} is the migration path rehearsed.
     */
    public Rehearsal(
            RehearsalPlan plan,
            Platform platform,
            Timeline timeline,
            Fixture fixture,
            String fixtureName,
            String clientVersion,
            StrategyOptions strategy) {
        this.plan = plan;
        this.platform = platform;
        this.timeline = timeline;
        this.fixture = fixture;
        this.fixtureName = fixtureName;
        this.clientVersion = clientVersion;
        this.migrations = new Migrations(plan, platform, timeline, strategy);
    }

    public Result run() throws Exception {
        Instant started = Instant.now();
        RehearsalPlan importPlan = prepare();
        PreflightReport preflight = preflight(importPlan);
        return rehearseImport(importPlan, timeline, started, true, preflight);
    }

    /**
     * Provisions the platform, seeds and prepares the source, which is then ready for imports; returns the plan to
     * import, with the scenario's storage size resolved.
     */
    public RehearsalPlan prepare() throws Exception {
        notes.addAll(PlanNotes.of(plan, platform.name()));
        platform.provision(plan, timeline);
        seeded = seed();
        migrations.prepareSource();
        source = ProfileCapture.database(
                platform.sourceSuperuser().withDatabase(plan.appDatabase()), plan.appDatabase());
        baseBytes =
                platform.targetVolume() == null ? 0 : platform.targetVolume().usedBytes();
        RehearsalPlan importPlan = planFor(plan.manifest());
        if (plan.scenario().target().storageSize() != null) {
            notes.add("target volume sized by the scenario to "
                    + plan.scenario().target().storageSize()
                    + " (of the seeded database, on top of what the empty target holds): "
                    + importPlan.manifest().storageSize());
        }
        return importPlan;
    }

    /** The plan for an import of {@code manifest} on the prepared platform: a relative storage size resolved into it. */
    public RehearsalPlan planFor(ClusterManifest manifest) {
        String size = plan.scenario().target().storageSize();
        if (size == null) {
            return plan.withManifest(manifest);
        }
        long bytes = RelativeSize.parse(size).resolve(seeded, baseBytes);
        return plan.withManifest(ManifestEditor.withStorageSize(manifest, Sizes.kubernetesQuantity(bytes)));
    }

    /**
     * One migration of {@code importPlan} on the prepared platform, its phases on {@code phases}, reported. When
     * {@code judged}, a finished import is verified and a replica cloned as the manifest asks; a repeat that only times
     * the import leaves both out (a failed import is always diagnosed). {@code preflight} is null when it did not run.
     */
    public Result rehearseImport(
            RehearsalPlan importPlan, Timeline phases, Instant started, boolean judged, PreflightReport preflight)
            throws Exception {
        TargetCluster cluster = TargetCluster.of(importPlan.manifest());
        VolumeNeed need = VolumeRule.need(
                dumpBound(source), source.databaseBytes(), cluster.walOnDataVolume(), cluster.maxWalSizeBytes());
        ImportResult imported = migrations.migrate(importPlan, phases);
        // read before a full disk's measurement enlarges it
        VolumeUsage volume = platform.targetVolume();
        Judgement judgement = judge(imported, importPlan, phases, judged);
        String outcome = judgement.failure() == null ? RehearsalFacts.SUCCESS : RehearsalFacts.FAILURE;
        Long targetBytes = imported.succeeded()
                ? databaseSize(
                        platform.targetSuperuser(), importPlan.manifest().targetDatabase(importPlan.appDatabase()))
                : null;
        Long peak = measuredPeak(judgement.diagnosis(), importPlan, phases);
        need = peak != null && peak > need.neededBytes() ? measured(need, peak) : need;
        List<String> notes = new ArrayList<>(this.notes);
        noteFullDisk(phases, volume, peak, need).ifPresent(notes::add);
        if (imported.succeeded() && judged) {
            cloneReplica(cluster.instances(), phases).ifPresent(notes::add);
        }
        SizeFacts sizes = new SizeFacts(
                sourceSizes(source),
                imported.dumpBytes(),
                targetBytes,
                new SizeFacts.Volume(volume == null ? null : volume.totalBytes(), need, peak));
        RehearsalFacts facts = new RehearsalFacts(
                new Subject(
                        plan.scenario().name(),
                        plan.scenario().description(),
                        String.valueOf(plan.manifest().file()),
                        digest(ManifestEditor.toYaml(plan.manifest())),
                        fixtureName),
                environment(started, imported),
                outcome,
                judgement.diagnosis(),
                phases.phases(),
                imported.commands(),
                sizes,
                source.shape(),
                migrations.facts());
        Scenario.Expectation expect = plan.scenario().expect();
        RehearsalReport report = new RehearsalReport(
                RehearsalReport.VERSION,
                facts,
                new RehearsalReport.Judgement(
                        expect,
                        Expectations.met(expect, outcome, judgement.diagnosis()),
                        judgement.verification(),
                        judgement.failure()),
                preflight,
                SourcePrep.assumedBy(plan.scenario().source(), plan.importUser())
                        .with(migrations.sourcePrep()),
                imported.succeeded()
                        ? ImportWarnings.of(
                                importPlan,
                                platform.targetSuperuser()
                                        .withDatabase(importPlan.manifest().targetDatabase(importPlan.appDatabase())))
                        : List.of(),
                notes,
                null,
                null);
        return new Result(report, imported.log(), migrations.appliedManifest(importPlan));
    }

    /** What the rehearsal concluded: the verification (when the import ran through), the diagnosis and failure (when not). */
    private record Judgement(Verification verification, Diagnosis diagnosis, RehearsalReport.Failure failure) {}

    /** The fixture, then the scenario's grants and preparation on the source. */
    private long seed() throws Exception {
        return timeline.phase(Phases.SEED, h -> {
            Fixture.Seeded seeded =
                    fixture.seed(platform.sourceSuperuser().withDatabase(plan.appDatabase()), plan.appOwner(), h);
            notes.addAll(seeded.notes());
            long bytes = seeded.bytes();
            List<String> prepared = ZalandoSource.prepare(platform.sourceSuperuser(), plan);
            if (!prepared.isEmpty()) {
                h.detail("seeded " + Sizes.human(bytes) + "; source prepared with " + prepared.size() + " statements ("
                        + SourcePrep.PREP_FILE + ")");
            }
            return bytes;
        });
    }

    /** The preflight against the rehearsal source, as the import user: reported, never deciding the outcome. */
    private PreflightReport preflight(RehearsalPlan importPlan) throws Exception {
        return timeline.phase(Phases.PREFLIGHT, h -> {
            PreflightReport p = Preflight.run(
                    importPlan.manifest(), platform.sourceAsImportUser(importPlan), PreflightOptions.defaults());
            List<org.cnpgrehearsal.preflight.Check> strategyChecks = migrations.preflightChecks();
            if (!strategyChecks.isEmpty()) {
                List<org.cnpgrehearsal.preflight.Check> all = new ArrayList<>(p.checks());
                all.addAll(strategyChecks);
                p = PreflightReport.of(p.manifest(), p.source(), all);
            }
            List<String> failed = p.checks().stream()
                    .filter(c -> c.status() == Status.FAIL)
                    .map(c -> c.id())
                    .toList();
            if (p.go()) {
                h.detail("go");
            } else {
                h.foundProblems(
                        "no-go: " + failed.size() + " check" + (failed.size() == 1 ? "" : "s") + " fail " + failed);
            }
            return p;
        });
    }

    /** A finished import is verified by what the application will see; a failed one is diagnosed from its error text. */
    private Judgement judge(ImportResult imported, RehearsalPlan importPlan, Timeline phases, boolean judged)
            throws Exception {
        if (!imported.succeeded()) {
            Diagnosis d = Diagnoser.diagnose(imported.failedPhase(), imported.errorLines(), imported.contextLines())
                    .forImportUser(importPlan.importUser());
            List<String> shown = new ArrayList<>(imported.errorLines());
            shown.addAll(imported.contextLines());
            return new Judgement(null, d, new RehearsalReport.Failure(imported.failedPhase(), shown));
        }
        if (!judged) {
            return new Judgement(null, null, null);
        }
        Verification v = phases.phase(Phases.VERIFY, h -> {
            Verification result = migrations.verified(Verifier.verify(VerifyScope.of(importPlan), sides()));
            if (result.passed()) {
                h.detail("all checks passed");
            } else {
                h.foundProblems("failed: "
                        + result.checks().stream()
                                .filter(c -> !c.passed())
                                .map(c -> c.name())
                                .toList());
            }
            return result;
        });
        if (v.passed()) {
            return new Judgement(v, null, null);
        }
        Diagnosis d = v.diagnosis();
        return new Judgement(v, d, new RehearsalReport.Failure(Phases.VERIFY, d.evidence()));
    }

    /**
     * After a full disk: the import again on an unlimited volume, its peak use sampled. Null when the disk did not
     * fill up or the platform cannot measure it (noted).
     */
    private Long measuredPeak(Diagnosis diagnosis, RehearsalPlan importPlan, Timeline phases) throws Exception {
        if (diagnosis == null || diagnosis.cause() != Cause.DISK_FULL) {
            return null;
        }
        OptionalLong peak = phases.phase(Phases.MEASURE_VOLUME, h -> {
            OptionalLong p = platform.measurePeakVolume(importPlan);
            if (p.isPresent()) {
                h.bytes(p.getAsLong());
                h.detail("the same import on an unlimited volume peaked at " + Sizes.human(p.getAsLong()));
            } else {
                h.skipped("not measurable on this platform");
            }
            return p;
        });
        return peak.isPresent() ? peak.getAsLong() : null;
    }

    /** The figure when a measured peak exceeds the rule: the peak plus a margin, saying so. */
    private static VolumeNeed measured(VolumeNeed rule, long peak) {
        long needed = (long) (peak * (1 + PEAK_MARGIN));
        return new VolumeNeed(
                needed,
                rule.emptyClusterBytes(),
                rule.dumpBytes(),
                rule.restoredBytes(),
                rule.walHeadroomBytes(),
                "measured: the import peaked at " + Sizes.human(peak) + " on an unlimited volume, + "
                        + Math.round(PEAK_MARGIN * 100) + " % for run-to-run variation; the rule gave only "
                        + rule.quantity() + " here (" + rule.how() + ")");
    }

    /** After a full disk: what the volume had and what it needs. */
    private Optional<String> noteFullDisk(Timeline phases, VolumeUsage volume, Long peak, VolumeNeed need) {
        if (phases.find(Phases.MEASURE_VOLUME).isEmpty()) {
            return Optional.empty();
        }
        String had = volume == null ? "an unknown size" : VolumeNeed.quantity(volume.totalBytes());
        return Optional.of(
                peak == null
                        ? "Full disk: the volume had " + had + "; this platform cannot measure the import's peak use: "
                                + "the volume needed (" + need.quantity() + ", in Sizes) is the rule's figure alone."
                        : "Full disk: the volume had " + had + ". The same import, run again on an unlimited volume, "
                                + "used at most " + Sizes.human(peak) + " of it at once (the empty target "
                                + Sizes.human(baseBytes) + ", the dump, the restored data, WAL and temporary files "
                                + "together); the volume needed, " + need.quantity() + " (Sizes), covers it.");
    }

    /**
     * One replica cloned as CNPG's join does, when the manifest asks for replicas: what the night holds next. Returns a
     * note when it could not be measured.
     */
    private Optional<String> cloneReplica(int instances, Timeline phases) throws Exception {
        if (instances < 2) {
            return Optional.empty();
        }
        try {
            phases.phase(Phases.REPLICA_CLONE, h -> {
                OptionalLong bytes = platform.cloneReplica();
                if (bytes.isPresent()) {
                    h.bytes(bytes.getAsLong());
                    h.detail("1 of the " + (instances - 1) + " replicas of instances: " + instances
                            + ", cloned as CNPG's join does (pg_basebackup)");
                } else {
                    h.skipped("not measurable on this platform");
                }
                return null;
            });
            return Optional.empty();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // a measurement for the estimate: its failure leaves the replicas' time out, not the rehearsal's verdict
            return Optional.of(
                    "The replica clone could not be measured, so the estimate leaves the replicas' time out: "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    private Environment environment(Instant started, ImportResult imported) {
        return new Environment(
                "cnpg-rehearsal",
                Version.text(),
                platform.name(),
                started,
                new Environment.PostgresVersions(
                        plan.sourceMajor(),
                        plan.targetMajor(),
                        clientVersion,
                        plan.manifest().imageMajor().isPresent()
                                ? plan.manifest().imageMajor().getAsInt()
                                : null),
                // on an existing cluster the import runs on nodes this machine knows nothing about
                "kubernetes".equals(platform.name())
                        ? null
                        : Runtime.getRuntime().availableProcessors(),
                imported.succeeded() ? maintenanceWorkMem(platform.targetSuperuser()) : null);
    }

    private static SizeFacts.Source sourceSizes(ProductionProfile.DatabaseProfile p) {
        return new SizeFacts.Source(
                p.databaseBytes(),
                p.tableBytes(),
                p.toastBytes(),
                p.indexBytes(),
                p.largeObjectBytes(),
                p.rows(),
                p.largestTables().isEmpty()
                        ? null
                        : new TableSize(
                                p.largestTables().get(0).name(),
                                p.largestTables().get(0).tableBytes()));
    }

    /** What the dump holds at most: the tables' heap and TOAST plus the large objects. */
    static long dumpBound(ProductionProfile.DatabaseProfile p) {
        return (p.tableBytes() == null ? p.databaseBytes() : p.tableBytes())
                + (p.largeObjectBytes() == null ? 0 : p.largeObjectBytes());
    }

    /** The source and the target as verification reaches them. */
    private Sides sides() {
        return new Sides(platform.sourceSuperuser(), platform.targetSuperuser(), platform::targetAs);
    }

    private static Long databaseSize(PgConnection target, String db) {
        try (Connection c = target.withDatabase("postgres").open()) {
            OptionalLong size = PgCatalog.databaseSize(c, db);
            return size.isPresent() ? size.getAsLong() : null;
        } catch (SQLException e) {
            return null;
        }
    }

    /** The target's maintenance_work_mem in bytes (it decides whether an index build sorts in memory). */
    private static Long maintenanceWorkMem(PgConnection target) {
        try (Connection c = target.withDatabase("postgres").open();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT setting::bigint * 1024 FROM pg_settings WHERE name = 'maintenance_work_mem'")) {
            return rs.next() ? rs.getLong(1) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    /** A digest of the manifest as rehearsed: rehearsals of the same manifest at several sizes share it. */
    static String digest(String manifest) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(manifest.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
