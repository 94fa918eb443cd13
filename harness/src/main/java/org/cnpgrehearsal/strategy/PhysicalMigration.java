package org.cnpgrehearsal.strategy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.cnpgrehearsal.importer.ImportResult;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;

/**
 * CNPG's physical migration: {@code bootstrap.pg_basebackup} from the source's externalClusters entry into a replica
 * cluster (the instance streams from the source as a standby), the catch-up while the application keeps writing,
 * and the cutover: writes stopped, the standby replays up to the source's last position, then it is promoted (CNPG:
 * the replica cluster switched off). Everything the source's data folder holds comes over as it is: roles, passwords,
 * every database, the extensions' catalog entries.
 */
public final class PhysicalMigration {

    static final long STALL_MS = 120_000;

    private static final String REPLAYED = """
            SELECT coalesce(pg_last_wal_replay_lsn() >= ?::pg_lsn, false),
                   coalesce(?::pg_lsn - pg_last_wal_replay_lsn(), 0)""";

    private final StandbyTarget standby;
    private final Endpoints endpoints;
    private final StrategyOptions options;
    private final String migrationUser;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    public PhysicalMigration(
            StandbyTarget standby, Endpoints endpoints, StrategyOptions options, String migrationUser) {
        this.standby = standby;
        this.endpoints = endpoints;
        this.options = options;
        this.migrationUser = migrationUser;
    }

    public Migrated run(Timeline timeline) throws Exception {
        String phase = Phases.BASE_BACKUP;
        long[] drainMs = {0};
        long[] switchMs = {0};
        List<String> error = null;
        Streaming streaming = new Streaming(endpoints, options, migrationUser, log);
        try (streaming) {
            timeline.phase(Phases.BASE_BACKUP, h -> {
                streaming.start();
                Long copied = standby.baseBackup(h);
                if (copied != null) {
                    h.bytes(copied);
                }
                standby.startStandby();
                streaming.checkLoad();
                return null;
            });
            phase = Phases.CATCH_UP;
            timeline.phase(Phases.CATCH_UP, h -> streaming.catchUp(h, this::lag));
            phase = Phases.CUTOVER;
            timeline.phase(Phases.CUTOVER, h -> {
                long start = System.nanoTime();
                streaming.stopWrites();
                String position = Streaming.sourcePosition(endpoints.sourceSuperuser());
                Streaming.await("the standby's replay", STALL_MS, () -> replayed(position));
                long drained = System.nanoTime();
                standby.promote();
                drainMs[0] = (drained - start) / 1_000_000;
                switchMs[0] = (System.nanoTime() - drained) / 1_000_000;
                h.detail("writes stopped; replayed up to " + position + " in " + drainMs[0] + " ms; promoted in "
                        + switchMs[0] + " ms");
                return null;
            });
        } catch (StepFailed e) {
            error = e.errorLines();
        } catch (SQLException e) {
            error = List.of(String.valueOf(e.getMessage()).split("\n"));
        }
        log.addAll(standby.log());
        StrategyFacts facts = streaming.facts(
                Strategy.PHYSICAL,
                timeline,
                Phases.BASE_BACKUP,
                Phases.BASE_BACKUP,
                drainMs[0],
                switchMs[0],
                List.of("standby promoted"));
        ImportResult result = error == null
                ? new ImportResult(true, null, List.of(), List.of(), standby.commands(), List.copyOf(log), null)
                : new ImportResult(false, phase, error, List.of(), standby.commands(), List.copyOf(log), null);
        return new Migrated(result, facts, streaming.written());
    }

    private boolean replayed(String position) throws SQLException {
        return "t".equals(replay(position).get(0));
    }

    /** How far the standby's replay is behind the source's current position, in bytes. */
    private long lag() throws Exception {
        String position = Streaming.sourcePosition(endpoints.sourceSuperuser());
        return (long) Double.parseDouble(replay(position).get(1));
    }

    private List<String> replay(String position) throws SQLException {
        PgConnection target =
                standby.superuser().withDatabase(endpoints.targetSuperuser().database());
        try (Connection c = target.open(true)) {
            return PgCatalog.rows(c, REPLAYED, position, position).get(0);
        }
    }
}
