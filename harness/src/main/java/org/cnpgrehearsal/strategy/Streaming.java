package org.cnpgrehearsal.strategy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnpgrehearsal.timeline.PhaseHandle;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.PhaseStatus;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.Sizes;

/**
 * What the online and physical flows share while the target streams from the source: the watch on the source, the
 * application's write load from the start of the copy until the cutover, the catch-up that lets the load run its
 * duration while the target follows, and the facts measured on the way.
 */
final class Streaming implements AutoCloseable {

    /** How often positions are read while waiting. */
    static final long POLL_MS = 50;

    /** What tells how far behind the target is, in bytes of WAL; it throws what the target's side reports as failed. */
    @FunctionalInterface
    interface Lag {
        long bytes() throws Exception;
    }

    private final Endpoints endpoints;
    private final StrategyOptions options;
    private final String migrationUser;
    private final List<String> log;
    private SourceWatch watch;
    private WriteLoad load;
    private String loadNote;

    Streaming(Endpoints endpoints, StrategyOptions options, String migrationUser, List<String> log) {
        this.endpoints = endpoints;
        this.options = options;
        this.migrationUser = migrationUser;
        this.log = log;
    }

    /** The watch on the source and the write load start together, as the copy starts. */
    void start() throws SQLException {
        watch = SourceWatch.start(endpoints.sourceSuperuser(), migrationUser);
        if (!options.writes() || endpoints.sourceAsApp() == null) {
            loadNote = "no write load";
            return;
        }
        try (Connection c = endpoints.sourceAsApp().open(true)) {
            if (!WriteLoad.fits(c)) {
                loadNote = "no write load: the fixture lacks the tables it writes " + WriteLoad.TABLES;
                return;
            }
        }
        load = new WriteLoad(endpoints.sourceAsApp(), options.writeRate());
        load.start();
        log.add("write load started: " + options.writeRate() + " statements a second as "
                + endpoints.sourceAsApp().user());
    }

    /** The load's first failed statement fails the step: the application would have seen it. */
    void checkLoad() throws StepFailed {
        if (load != null && load.failure() != null) {
            List<String> lines = new ArrayList<>(load.failure());
            lines.add("(a statement of the application's write load failed on the source)");
            throw new StepFailed(lines);
        }
    }

    /**
     * The catch-up: the target follows while the load runs out its duration (counted from the start of the copy);
     * returns the largest lag seen.
     */
    long catchUp(PhaseHandle h, Lag lag) throws Exception {
        long most = 0;
        long until = load == null ? 0 : options.writeDuration().toMillis();
        do {
            checkLoad();
            long now = lag.bytes();
            most = Math.max(most, now);
            h.progress("lag " + Sizes.human(now)
                    + (load == null ? "" : ", " + load.ledger().statements() + " writes"));
            Thread.sleep(POLL_MS * 4);
        } while (load != null && load.ranMs() < until);
        h.detail((load == null
                        ? loadNote
                        : load.ledger().statements() + " writes streamed while the load ran " + load.ranMs() / 1000
                                + " s")
                + "; lag at most " + Sizes.human(most));
        return most;
    }

    /** Writes stop (the statement in flight commits or fails); a failure of the load fails the cutover. */
    void stopWrites() throws Exception {
        if (load != null) {
            load.close();
            checkLoad();
            log.add("write load stopped after " + load.ledger().statements() + " committed statements");
        }
    }

    /** The source's current WAL position, once writes have stopped: what the target must reach. */
    static String sourcePosition(PgConnection sourceSuperuser) throws SQLException {
        try (Connection c = sourceSuperuser.open()) {
            return PgCatalog.rows(c, "SELECT pg_current_wal_lsn()::text").get(0).get(0);
        }
    }

    /** Waits until {@code reached} says yes; {@code what} names the wait in the failure after {@code stallMs}. */
    static void await(String what, long stallMs, Check reached) throws Exception {
        long deadline = stallMs == Long.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + stallMs;
        while (!reached.yes()) {
            if (System.currentTimeMillis() > deadline) {
                throw new StepFailed(List.of(what + " made no progress for " + stallMs / 1000 + " s"));
            }
            Thread.sleep(POLL_MS);
        }
    }

    @FunctionalInterface
    interface Check {
        boolean yes() throws Exception;
    }

    Map<String, Set<Long>> written() {
        return load == null ? Map.of() : load.ledger().touched();
    }

    /** The facts of a finished (or failed) streaming migration, read from the timeline's phases. */
    StrategyFacts facts(
            Strategy strategy,
            Timeline timeline,
            String copyPhase,
            String firstPhase,
            long drainMs,
            Long switchMs,
            List<String> cutoverSteps) {
        PhaseRecord copy = timeline.find(copyPhase).orElse(null);
        PhaseRecord catchUp = timeline.find(Phases.CATCH_UP).orElse(null);
        PhaseRecord cutover = timeline.find(Phases.CUTOVER)
                .filter(p -> p.status() == PhaseStatus.SUCCEEDED)
                .orElse(null);
        Instant start = timeline.find(firstPhase).map(PhaseRecord::startedAt).orElse(null);
        SourceWatch.Seen seen = watch == null ? new SourceWatch.Seen(null, null, null) : watch.seen();
        StrategyFacts.Writes writes = load == null || copy == null
                ? null
                : StrategyFacts.Writes.of(
                        load,
                        copy.startedAt().toEpochMilli(),
                        copy.endedAt().toEpochMilli(),
                        cutover == null
                                ? System.currentTimeMillis()
                                : cutover.startedAt().toEpochMilli());
        return new StrategyFacts(
                strategy.yaml(),
                copy == null ? null : copy.durationMs(),
                catchUp == null ? null : catchUp.durationMs(),
                cutover == null ? null : drainMs,
                cutover == null ? null : switchMs,
                cutover == null ? null : cutover.durationMs(),
                cutover == null || start == null ? null : cutover.endedAt().toEpochMilli() - start.toEpochMilli(),
                seen.walRetainedPeakBytes(),
                seen.walWrittenBytes(),
                seen.sessionsPeak(),
                writes,
                List.of(),
                cutoverSteps);
    }

    /** Stops the load and the watch, whatever happened. */
    @Override
    public void close() throws InterruptedException {
        if (load != null) {
            load.close();
        }
        if (watch != null) {
            watch.close();
        }
    }
}
