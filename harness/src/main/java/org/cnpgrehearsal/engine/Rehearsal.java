package org.cnpgrehearsal.engine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cnpgrehearsal.diagnose.Diagnoser;
import org.cnpgrehearsal.diagnose.Diagnosis;
import org.cnpgrehearsal.fixture.MastodonFixture;
import org.cnpgrehearsal.importer.ImportResult;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ManifestEditor;
import org.cnpgrehearsal.platform.Platform;
import org.cnpgrehearsal.platform.VolumeUsage;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.scenario.RelativeSize;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.source.ZalandoSource;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.Sizes;
import org.cnpgrehearsal.verify.Verification;
import org.cnpgrehearsal.verify.Verifier;

/**
 * One rehearsal, start to end, on any platform: provision, seed, import, verify, diagnose, and the report's content.
 * The platform is closed by the caller (so that --keep and Ctrl-C are handled in one place).
 */
public final class Rehearsal {

    /** The report's content and the import's own log (written next to the report). */
    public record Result(RehearsalReport report, List<String> importLog) {
    }

    private final RehearsalPlan plan;
    private final Platform platform;
    private final Timeline timeline;
    private final Path fixtures;
    private final String clientVersion;
    private final List<String> notes = new ArrayList<>();

    public Rehearsal(RehearsalPlan plan, Platform platform, Timeline timeline, Path fixtures, String clientVersion) {
        this.plan = plan;
        this.platform = platform;
        this.timeline = timeline;
        this.fixtures = fixtures;
        this.clientVersion = clientVersion;
    }

    public Result run() throws Exception {
        Instant started = Instant.now();
        notes.addAll(PlanNotes.of(plan, platform.name()));
        platform.provision(plan, timeline);
        long seeded = timeline.phase(Phases.SEED, h -> {
            Scenario.Fixture f = plan.scenario().fixture();
            long bytes = new MastodonFixture(fixtures).seed(platform.sourceSuperuser().withDatabase(plan.appDatabase()),
                    plan.appOwner(), plan.fixtureBytes(), f.largeObjects(), h);
            List<String> prepared = ZalandoSource.prepare(platform.sourceSuperuser(), plan);
            if (!prepared.isEmpty()) {
                h.detail("seeded " + Sizes.human(bytes) + "; source prepared with " + prepared.size() + " statements");
            }
            return bytes;
        });
        RehearsalPlan importPlan = withResolvedStorage(seeded);
        ImportResult imported = platform.runImport(importPlan, timeline);
        Verification verification = null;
        Diagnosis diagnosis = null;
        RehearsalReport.Failure failure = null;
        if (imported.succeeded()) {
            verification = timeline.phase(Phases.VERIFY, h -> {
                Verification v = Verifier.verify(importPlan, platform);
                h.detail(v.passed() ? "all checks passed" : "failed: " + v.checks().stream().filter(c -> !c.passed()).map(c -> c.name()).toList());
                return v;
            });
            if (!verification.passed()) {
                diagnosis = Diagnoser.fromVerification(verification, importPlan.manifest().importSpec());
                failure = new RehearsalReport.Failure(Phases.VERIFY, diagnosis.evidence());
            }
        } else {
            diagnosis = Diagnoser.diagnose(imported.failedPhase(), imported.errorLines());
            failure = new RehearsalReport.Failure(imported.failedPhase(), imported.errorLines());
        }
        String outcome = failure == null ? RehearsalReport.SUCCESS : RehearsalReport.FAILURE;
        Long targetBytes = imported.succeeded() ? databaseSize(platform.targetSuperuser(), targetDatabase(importPlan)) : null;
        VolumeUsage volume = platform.targetVolume();
        RehearsalReport.SizeFacts sizes = new RehearsalReport.SizeFacts(seeded, imported.dumpBytes(), targetBytes,
                volume == null ? null : volume.totalBytes(), null);
        Scenario.Expectation expect = plan.scenario().expect();
        RehearsalReport report = new RehearsalReport("cnpg-rehearsal", Version.text(), plan.scenario().name(),
                plan.scenario().description(), platform.name(), started,
                new RehearsalReport.PostgresVersions(plan.sourceMajor(), plan.targetMajor(), clientVersion,
                        plan.manifest().imageMajor().isPresent() ? plan.manifest().imageMajor().getAsInt() : null),
                outcome, expect, Expectations.met(expect, outcome, diagnosis), timeline.phases(), imported.commands(),
                verification, failure, diagnosis, sizes, List.copyOf(notes),
                plan.credentials().redact(ManifestEditor.toYaml(importPlan.manifest())));
        return new Result(report, imported.log());
    }

    /** A relative storage size ("1.2x") is resolved against the seeded database, and set in the manifest. */
    private RehearsalPlan withResolvedStorage(long seededBytes) {
        String size = plan.scenario().target().storageSize();
        if (size == null) {
            return plan;
        }
        VolumeUsage volume = platform.targetVolume();
        long bytes = RelativeSize.parse(size).resolve(seededBytes, volume == null ? 0 : volume.usedBytes());
        ClusterManifest m = ManifestEditor.withStorageSize(plan.manifest(), Sizes.kubernetesQuantity(bytes));
        notes.add("target volume sized by the scenario to " + size + " (of the seeded database, on top of what the empty target holds): "
                + m.storageSize());
        return new RehearsalPlan(plan.scenario(), m, plan.fixtureBytes(), plan.sourceMajor(), plan.targetMajor(),
                plan.credentials(), plan.keep());
    }

    private static String targetDatabase(RehearsalPlan p) {
        return p.manifest().importSpec().type() == org.cnpgrehearsal.manifest.ImportType.MICROSERVICE
                ? p.manifest().initdbDatabase() : p.appDatabase();
    }

    private static Long databaseSize(PgConnection target, String db) {
        try (Connection c = target.withDatabase("postgres").open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_database_size(" + org.cnpgrehearsal.util.Sql.literal(db) + ")")) {
            return rs.next() ? rs.getLong(1) : null;
        } catch (java.sql.SQLException e) {
            return null;
        }
    }
}
