package org.cnpgrehearsal.engine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.platform.Platform;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.PeakSampler;

/**
 * The import rehearsed again and again on one rehearsal, provisioned and seeded once: each time with another manifest
 * (a variant), into a target emptied as a new volume ({@link Platform#resetTarget}), judged like any rehearsal, with
 * the peak use of the target's volume and the WAL the import wrote. {@code rehearse --tune} runs its variants here;
 * the fix loop's rounds are the same kind of work (a changed manifest on the same seeded source).
 */
public final class ImportVariants {

    /**
     * Between samples of the volume's use. Each phase's end is sampled too (the dump and the restored data together
     * peak at the end of restore-post-data, just before the dump is removed), so a coarse period misses only
     * transient files inside a phase, and costs the import little CPU.
     */
    private static final long SAMPLE_PERIOD_MS = 250;

    /**
     * One import of a variant: its rehearsal (report, log, applied manifest), the most the target's volume held at once
     * (empty when the platform cannot tell), the WAL the import wrote (null when not measured), and how long emptying
     * the target took before it.
     */
    public record Run(Rehearsal.Result result, OptionalLong peakBytes, Long walBytes, long resetMs) {}

    private final Rehearsal rehearsal;
    private final Platform platform;
    private final Timeline.Listener progress;
    private final RehearsalPlan base;
    /** Whether an import has run on the target since it was provisioned or last emptied. */
    private boolean targetUsed;

    private ImportVariants(Rehearsal rehearsal, Platform platform, Timeline.Listener progress, RehearsalPlan base) {
        this.rehearsal = rehearsal;
        this.platform = platform;
        this.progress = progress;
        this.base = base;
    }

    /** Provisions and seeds through {@code rehearsal} (its own timeline shows it); then {@link #rehearse} at will. */
    public static ImportVariants prepare(Rehearsal rehearsal, Platform platform, Timeline.Listener progress)
            throws Exception {
        return new ImportVariants(rehearsal, platform, progress, rehearsal.prepare());
    }

    /** The plan as prepared: the scenario's manifest, its storage resolved. */
    public RehearsalPlan base() {
        return base;
    }

    /**
     * Imports {@code manifest} into an empty target and judges it: verified when {@code verify} (a failed import is
     * always diagnosed). Its phases go to a timeline of its own.
     */
    public Run rehearse(ClusterManifest manifest, boolean verify) throws Exception {
        RehearsalPlan plan = rehearsal.planFor(manifest);
        long resetMs = 0;
        if (targetUsed) {
            long t0 = System.nanoTime();
            platform.resetTarget(plan);
            resetMs = (System.nanoTime() - t0) / 1_000_000;
        }
        targetUsed = true;
        Long walBefore = walPosition();
        AtomicReference<Long> walAfter = new AtomicReference<>();
        Timeline phases = new Timeline();
        phases.addListener(progress);
        boolean measurable = platform.targetBytesInUse().isPresent();
        try (PeakSampler peak =
                new PeakSampler(() -> platform.targetBytesInUse().orElseThrow(), SAMPLE_PERIOD_MS)) {
            phases.addListener(new Timeline.Listener() {
                @Override
                public void ended(PhaseRecord phase) {
                    peak.sample();
                    if (phase.name().equals(Phases.FINALIZE)) {
                        walAfter.set(walPosition()); // before verification writes any
                    }
                }
            });
            Rehearsal.Result result = rehearsal.rehearseImport(plan, phases, Instant.now(), verify, null);
            Long wal = walBefore == null || walAfter.get() == null ? null : walAfter.get() - walBefore;
            return new Run(result, measurable ? peak.peak() : OptionalLong.empty(), wal, resetMs);
        }
    }

    /** The target's WAL insert position in bytes; null when the target cannot be asked (a stopped server). */
    private Long walPosition() {
        try (Connection c = platform.targetSuperuser().withDatabase("postgres").open();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint")) {
            return rs.next() ? rs.getLong(1) : null;
        } catch (SQLException e) {
            return null;
        }
    }
}
