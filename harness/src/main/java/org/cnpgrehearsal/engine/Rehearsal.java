package org.cnpgrehearsal.engine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.diagnose.Diagnoser;
import org.cnpgrehearsal.diagnose.Diagnosis;
import org.cnpgrehearsal.estimate.ProductionProfile;
import org.cnpgrehearsal.estimate.ProfileCapture;
import org.cnpgrehearsal.fixture.Fixture;
import org.cnpgrehearsal.importer.ImportResult;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ImportType;
import org.cnpgrehearsal.manifest.ManifestEditor;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.platform.Platform;
import org.cnpgrehearsal.platform.VolumeUsage;
import org.cnpgrehearsal.preflight.Preflight;
import org.cnpgrehearsal.preflight.PreflightOptions;
import org.cnpgrehearsal.preflight.PreflightReport;
import org.cnpgrehearsal.preflight.Status;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.report.ReportJson;
import org.cnpgrehearsal.scenario.RelativeSize;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.source.ZalandoSource;
import org.cnpgrehearsal.strategy.StrategyOptions;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.Sizes;
import org.cnpgrehearsal.util.Sql;
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
     * Added to the measured peak use of the volume: the peak varies by about 10 % from run to run (when checkpoints
     * recycle WAL), and sampling every 50 ms can miss a short spike.
     */
    private static final double PEAK_MARGIN = 0.25;

    private final RehearsalPlan plan;
    private final Platform platform;
    private final Timeline timeline;
    private final Fixture fixture;
    private final String clientVersion;
    private final List<String> notes = new ArrayList<>();
    private final Migrations migrations;
    /** What the empty target's volume holds before the import (its initdb cluster), when the platform can tell. */
    private long baseBytes;
    /** The scenario's preparation of the source, as run. */
    private List<String> prepared = List.of();

    public Rehearsal(RehearsalPlan plan, Platform platform, Timeline timeline, Fixture fixture, String clientVersion) {
        this(plan, platform, timeline, fixture, clientVersion, StrategyOptions.offline());
    }

    /** A rehearsal of the migration path {@code strategy} names. */
    public Rehearsal(
            RehearsalPlan plan,
            Platform platform,
            Timeline timeline,
            Fixture fixture,
            String clientVersion,
            StrategyOptions strategy) {
        this.plan = plan;
        this.platform = platform;
        this.timeline = timeline;
        this.fixture = fixture;
        this.clientVersion = clientVersion;
        this.migrations = new Migrations(plan, platform, timeline, strategy);
    }

    public Result run() throws Exception {
        Instant started = Instant.now();
        notes.addAll(PlanNotes.of(plan, platform.name()));
        platform.provision(plan, timeline);
        long seeded = seed();
        migrations.prepareSource(prepared);
        ProductionProfile.DatabaseProfile source = ProfileCapture.database(
                platform.sourceSuperuser().withDatabase(plan.appDatabase()), plan.appDatabase());
        baseBytes =
                platform.targetVolume() == null ? 0 : platform.targetVolume().usedBytes();
        RehearsalPlan importPlan = withResolvedStorage(seeded);
        PreflightReport preflight = preflight(importPlan);
        ImportResult imported = migrations.migrate(importPlan);
        Judgement judged = judge(imported, importPlan);
        String outcome = judged.failure() == null ? RehearsalReport.SUCCESS : RehearsalReport.FAILURE;
        Long targetBytes =
                imported.succeeded() ? databaseSize(platform.targetSuperuser(), targetDatabase(importPlan)) : null;
        VolumeUsage volume = platform.targetVolume();
        RehearsalReport.SizeFacts sizes = new RehearsalReport.SizeFacts(
                seeded,
                imported.dumpBytes(),
                targetBytes,
                volume == null ? null : volume.totalBytes(),
                diskNeeded(judged.diagnosis(), importPlan),
                source.tableBytes(),
                source.indexBytes(),
                source.toastBytes(),
                source.largeObjectBytes(),
                source.largestTables().isEmpty()
                        ? null
                        : source.largestTables().get(0).tableBytes(),
                source.rows());
        Scenario.Expectation expect = plan.scenario().expect();
        RehearsalReport report = new RehearsalReport(
                "cnpg-rehearsal",
                Version.text(),
                plan.scenario().name(),
                plan.scenario().description(),
                platform.name(),
                started,
                new RehearsalReport.PostgresVersions(
                        plan.sourceMajor(),
                        plan.targetMajor(),
                        clientVersion,
                        plan.manifest().imageMajor().isPresent()
                                ? plan.manifest().imageMajor().getAsInt()
                                : null),
                outcome,
                expect,
                Expectations.met(expect, outcome, judged.diagnosis()),
                timeline.phases(),
                imported.commands(),
                judged.verification(),
                judged.failure(),
                judged.diagnosis(),
                sizes,
                List.copyOf(notes),
                String.valueOf(plan.manifest().file()));
        return new Result(
                report.withPreflight(ReportJson.mapper().valueToTree(preflight)).withStrategy(migrations.facts()),
                imported.log(),
                migrations.appliedManifest(importPlan));
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
            prepared = ZalandoSource.prepare(platform.sourceSuperuser(), plan);
            if (!prepared.isEmpty()) {
                h.detail("seeded " + Sizes.human(bytes) + "; source prepared with " + prepared.size() + " statements");
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
            long fails =
                    p.checks().stream().filter(c -> c.status() == Status.FAIL).count();
            h.detail(p.go() ? "go" : "no-go: " + fails + " checks fail");
            return p;
        });
    }

    /** A finished import is verified by what the application will see; a failed one is diagnosed from its error text. */
    private Judgement judge(ImportResult imported, RehearsalPlan importPlan) throws Exception {
        if (!imported.succeeded()) {
            Diagnosis d = Diagnoser.diagnose(imported.failedPhase(), imported.errorLines(), imported.contextLines())
                    .forImportUser(importPlan.importUser());
            List<String> shown = new ArrayList<>(imported.errorLines());
            shown.addAll(imported.contextLines());
            return new Judgement(null, d, new RehearsalReport.Failure(imported.failedPhase(), shown));
        }
        Verification v = timeline.phase(Phases.VERIFY, h -> {
            Verification result = migrations.verified(Verifier.verify(VerifyScope.of(importPlan), sides()));
            h.detail(
                    result.passed()
                            ? "all checks passed"
                            : "failed: "
                                    + result.checks().stream()
                                            .filter(c -> !c.passed())
                                            .map(c -> c.name())
                                            .toList());
            return result;
        });
        if (v.passed()) {
            return new Judgement(v, null, null);
        }
        Diagnosis d = v.diagnosis();
        return new Judgement(v, d, new RehearsalReport.Failure(Phases.VERIFY, d.evidence()));
    }

    /** A relative storage size ("1.2x") is resolved against the seeded database, and set in the manifest. */
    private RehearsalPlan withResolvedStorage(long seededBytes) {
        String size = plan.scenario().target().storageSize();
        if (size == null) {
            return plan;
        }
        long bytes = RelativeSize.parse(size).resolve(seededBytes, baseBytes);
        ClusterManifest m = ManifestEditor.withStorageSize(plan.manifest(), Sizes.kubernetesQuantity(bytes));
        notes.add("target volume sized by the scenario to " + size
                + " (of the seeded database, on top of what the empty target holds): " + m.storageSize());
        return plan.withManifest(m);
    }

    /**
     * After a full disk: the import again on an unlimited volume, its peak use measured, which is the smallest volume
     * that passes on this machine (plus a margin for run-to-run variation); noted with the bytes that were available.
     */
    private Long diskNeeded(Diagnosis diagnosis, RehearsalPlan importPlan) throws Exception {
        if (diagnosis == null || diagnosis.cause() != Cause.DISK_FULL) {
            return null;
        }
        VolumeUsage volume = platform.targetVolume();
        String had = volume == null ? "an unknown size" : Sizes.human(volume.totalBytes());
        OptionalLong peak = timeline.phase(Phases.MEASURE_VOLUME, h -> {
            OptionalLong p = platform.measurePeakVolume(importPlan);
            p.ifPresent(h::bytes);
            h.detail(
                    p.isPresent()
                            ? "the same import on an unlimited volume peaked at " + Sizes.human(p.getAsLong())
                            : "not measurable on this platform");
            return p;
        });
        if (peak.isEmpty()) {
            notes.add("Full disk: the volume had " + had + "; this platform cannot measure what the import needs: "
                    + "rehearse on the local platform to measure it.");
            return null;
        }
        long needed = (long) (peak.getAsLong() * (1 + PEAK_MARGIN));
        notes.add("Full disk: the volume had " + had
                + ". The same import, run again on an unlimited volume, used at most "
                + Sizes.human(peak.getAsLong()) + " of it at once (the empty target " + Sizes.human(baseBytes)
                + ", the dump, the restored data, WAL and temporary files together). Smallest storage.size to rely on here: "
                + Sizes.kubernetesQuantity(needed) + " (the peak + " + Math.round(PEAK_MARGIN * 100)
                + " %: the peak varies by about 10 % "
                + "between runs with checkpoint timing). WAL grows with the data only up to max_wal_size, so production needs "
                + "relatively less headroom than a small rehearsal.");
        return needed;
    }

    /** The source and the target as verification reaches them. */
    private Sides sides() {
        return new Sides(platform.sourceSuperuser(), platform.targetSuperuser(), platform::targetAs);
    }

    private static String targetDatabase(RehearsalPlan p) {
        return p.manifest().importSpec().type() == ImportType.MICROSERVICE
                ? p.manifest().initdbDatabase()
                : p.appDatabase();
    }

    private static Long databaseSize(PgConnection target, String db) {
        try (Connection c = target.withDatabase("postgres").open();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_database_size(" + Sql.literal(db) + ")")) {
            return rs.next() ? rs.getLong(1) : null;
        } catch (SQLException e) {
            return null;
        }
    }
}
