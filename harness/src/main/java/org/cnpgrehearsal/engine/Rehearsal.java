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
    public static final double PEAK_MARGIN = 0.25;

    private final RehearsalPlan plan;
    private final Platform platform;
    private final Timeline timeline;
    private final Fixture fixture;
    private final String clientVersion;
    private final List<String> notes = new ArrayList<>();
    /** What the empty target's volume holds before the import (its initdb cluster), when the platform can tell. */
    private long baseBytes;
    /** The bytes seeded, known once {@link #prepare} has run. */
    private long seeded;
    /** The source database as seeded (its sizes for the report), known once {@link #prepare} has run. */
    private ProductionProfile.DatabaseProfile source;

    public Rehearsal(RehearsalPlan plan, Platform platform, Timeline timeline, Fixture fixture, String clientVersion) {
        this.plan = plan;
        this.platform = platform;
        this.timeline = timeline;
        this.fixture = fixture;
        this.clientVersion = clientVersion;
    }

    public Result run() throws Exception {
        Instant started = Instant.now();
        RehearsalPlan importPlan = prepare();
        PreflightReport preflight = preflight(importPlan);
        Result result = rehearseImport(importPlan, timeline, started, true);
        return new Result(
                result.report().withPreflight(ReportJson.mapper().valueToTree(preflight)),
                result.importLog(),
                result.appliedManifest());
    }

    /**
     * Provisions the platform and seeds the source, which is then ready for imports; returns the plan to import, with
     * the scenario's storage size resolved.
     */
    public RehearsalPlan prepare() throws Exception {
        notes.addAll(PlanNotes.of(plan, platform.name()));
        platform.provision(plan, timeline);
        seeded = seed();
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
     * One import of {@code importPlan} on the prepared platform, its phases on {@code phases}: verified (when
     * {@code verify}; a failed import is always diagnosed) and reported.
     */
    public Result rehearseImport(RehearsalPlan importPlan, Timeline phases, Instant started, boolean verify)
            throws Exception {
        ImportResult imported = platform.runImport(importPlan, phases);
        Judgement judged = judge(imported, importPlan, phases, verify);
        String outcome = judged.failure() == null ? RehearsalReport.SUCCESS : RehearsalReport.FAILURE;
        Long targetBytes =
                imported.succeeded() ? databaseSize(platform.targetSuperuser(), targetDatabase(importPlan)) : null;
        VolumeUsage volume = platform.targetVolume();
        RehearsalReport.SizeFacts sizes = new RehearsalReport.SizeFacts(
                seeded,
                imported.dumpBytes(),
                targetBytes,
                volume == null ? null : volume.totalBytes(),
                diskNeeded(judged.diagnosis(), importPlan, phases),
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
                phases.phases(),
                imported.commands(),
                judged.verification(),
                judged.failure(),
                judged.diagnosis(),
                sizes,
                List.copyOf(notes),
                String.valueOf(plan.manifest().file()));
        return new Result(report, imported.log(), ManifestEditor.toYaml(importPlan.manifest()));
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
            long fails =
                    p.checks().stream().filter(c -> c.status() == Status.FAIL).count();
            h.detail(p.go() ? "go" : "no-go: " + fails + " checks fail");
            return p;
        });
    }

    /** A finished import is verified by what the application will see; a failed one is diagnosed from its error text. */
    private Judgement judge(ImportResult imported, RehearsalPlan importPlan, Timeline phases, boolean verify)
            throws Exception {
        if (!imported.succeeded()) {
            Diagnosis d = Diagnoser.diagnose(imported.failedPhase(), imported.errorLines(), imported.contextLines())
                    .forImportUser(importPlan.importUser());
            List<String> shown = new ArrayList<>(imported.errorLines());
            shown.addAll(imported.contextLines());
            return new Judgement(null, d, new RehearsalReport.Failure(imported.failedPhase(), shown));
        }
        if (!verify) {
            return new Judgement(null, null, null);
        }
        Verification v = phases.phase(Phases.VERIFY, h -> {
            Verification result = Verifier.verify(VerifyScope.of(importPlan), sides());
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

    /**
     * After a full disk: the import again on an unlimited volume, its peak use measured, which is the smallest volume
     * that passes on this machine (plus a margin for run-to-run variation); noted with the bytes that were available.
     */
    private Long diskNeeded(Diagnosis diagnosis, RehearsalPlan importPlan, Timeline phases) throws Exception {
        if (diagnosis == null || diagnosis.cause() != Cause.DISK_FULL) {
            return null;
        }
        VolumeUsage volume = platform.targetVolume();
        String had = volume == null ? "an unknown size" : Sizes.human(volume.totalBytes());
        OptionalLong peak = phases.phase(Phases.MEASURE_VOLUME, h -> {
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
