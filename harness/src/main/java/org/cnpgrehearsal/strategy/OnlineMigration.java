package org.cnpgrehearsal.strategy;

import static org.cnpgrehearsal.util.Sql.ident;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.importer.CommandRecord;
import org.cnpgrehearsal.importer.ImportResult;
import org.cnpgrehearsal.manifest.DumpScope;
import org.cnpgrehearsal.timeline.PhaseHandle;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.Sizes;

/**
 * CNPG's logical-replication migration ("Logical Replication" in its documentation), step by step: the schema-only
 * import with the manifest's roles, the publication on the source (the DBA's SQL), the subscription on the target
 * through the manifest's externalClusters entry, then the initial copy and the catch-up while the application keeps
 * writing, and the cutover: writes stopped, the last of them drained (the slot confirms the source's position),
 * sequences synchronized as {@code kubectl cnpg subscription sync-sequences} does, what logical replication does not
 * carry (large objects, materialized views' rows) brought over, and the subscription dropped.
 */
public final class OnlineMigration {

    /** A copy or a drain that moves nothing for this long has stalled (a worker failing and retrying, for example). */
    static final long STALL_MS = 120_000;

    private static final String COPY_STATE = """
            SELECT count(*) FILTER (WHERE r.srsubstate = 'r'), count(*),
                   (SELECT pg_database_size(current_database()))
            FROM pg_subscription_rel r JOIN pg_subscription s ON s.oid = r.srsubid WHERE s.subname = ?""";

    /** Errors the subscription's workers met (PostgreSQL 15 and later keep the count). */
    private static final String WORKER_ERRORS =
            "SELECT sync_error_count + apply_error_count FROM pg_stat_subscription_stats WHERE subname = ?";

    private static final String SLOT_BEHIND = """
            SELECT coalesce(pg_current_wal_lsn() - confirmed_flush_lsn, pg_current_wal_lsn() - '0/0'::pg_lsn),
                   confirmed_flush_lsn >= ?::pg_lsn
            FROM pg_replication_slots WHERE slot_name = ?""";

    private final ImportStep schemaImport;
    private final Endpoints endpoints;
    private final Subscriber subscriber;
    private final DumpScope scope;
    private final StrategyOptions options;
    private final String migrationUser;
    private final String database;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<String> cutoverSteps = new ArrayList<>();
    private String publicationSql;

    /**
     * @param schemaImport the platform's import of the manifest made schema-only (roles kept)
     * @param scope what the user's dump covers: the publication publishes the tables it created on the target
     * @param migrationUser the externalClusters user (whose sessions count as the migration's on the source)
     */
    public OnlineMigration(
            ImportStep schemaImport,
            Endpoints endpoints,
            Subscriber subscriber,
            DumpScope scope,
            StrategyOptions options,
            String migrationUser) {
        this.schemaImport = schemaImport;
        this.endpoints = endpoints;
        this.subscriber = subscriber;
        this.scope = scope;
        this.options = options;
        this.migrationUser = migrationUser;
        this.database = endpoints.targetSuperuser().database();
    }

    public Migrated run(Timeline timeline) throws Exception {
        ImportResult schema = schemaImport.run(timeline);
        log.addAll(schema.log());
        if (!schema.succeeded()) {
            return new Migrated(schema, null, Map.of());
        }
        String phase = Phases.PUBLICATION;
        long[] drainMs = {0};
        long[] switchMs = {0};
        List<String> error = null;
        Streaming streaming = new Streaming(endpoints, options, migrationUser, log);
        try (streaming) {
            timeline.phase(Phases.PUBLICATION, this::publish);
            phase = Phases.INITIAL_COPY;
            timeline.phase(Phases.INITIAL_COPY, h -> {
                streaming.start();
                subscribe();
                copy(h, streaming);
                return null;
            });
            phase = Phases.CATCH_UP;
            timeline.phase(Phases.CATCH_UP, h -> streaming.catchUp(h, this::lag));
            phase = Phases.CUTOVER;
            timeline.phase(Phases.CUTOVER, h -> {
                long start = System.nanoTime();
                streaming.stopWrites();
                drain();
                long drained = System.nanoTime();
                switchOver();
                drainMs[0] = (drained - start) / 1_000_000;
                switchMs[0] = (System.nanoTime() - drained) / 1_000_000;
                h.detail("writes stopped; the last drained in " + drainMs[0] + " ms; then "
                        + String.join("; ", cutoverSteps));
                return null;
            });
            dropPublication();
        } catch (StepFailed e) {
            error = e.errorLines();
        } catch (SQLException e) {
            error = List.of(String.valueOf(e.getMessage()).split("\n"));
        }
        StrategyFacts facts = streaming.facts(
                Strategy.ONLINE, timeline, Phases.INITIAL_COPY, Phases.ROLES, drainMs[0], switchMs[0], cutoverSteps);
        List<CommandRecord> commands = schema.commands();
        ImportResult result = error == null
                ? new ImportResult(true, null, List.of(), List.of(), commands, List.copyOf(log), schema.dumpBytes())
                : new ImportResult(false, phase, error, List.of(), commands, List.copyOf(log), schema.dumpBytes());
        return new Migrated(result, facts, streaming.written());
    }

    /** The SQL the DBA runs on the source (source-prep.sql), null before the publication step. */
    public String publicationSql() {
        return publicationSql;
    }

    private Void publish(PhaseHandle h) throws SQLException {
        publicationSql = Publication.createFor(endpoints.sourceSuperuser(), scope);
        try (Connection c = endpoints.sourceSuperuser().open();
                Statement s = c.createStatement()) {
            s.execute(publicationSql);
        }
        log.add(publicationSql);
        h.detail(publicationSql);
        return null;
    }

    private void subscribe() throws Exception {
        String sql = "CREATE SUBSCRIPTION " + ident(Publication.NAME) + " CONNECTION '"
                + subscriber.connection(database) + "' PUBLICATION " + ident(Publication.NAME);
        log.add(sql);
        subscriber.subscribe(database, Publication.NAME, Publication.NAME);
    }

    /** Until every table's initial copy is done; the workers' errors and the load's fail it, a stall too. */
    private void copy(PhaseHandle h, Streaming streaming) throws Exception {
        long[] last = {-1, -1};
        long[] movedAt = {System.currentTimeMillis()};
        Streaming.await("the initial copy", Long.MAX_VALUE, () -> {
            streaming.checkLoad();
            workerErrors();
            List<String> row;
            try (Connection c = endpoints.targetSuperuser().open(true)) {
                row = PgCatalog.rows(c, COPY_STATE, Publication.NAME).get(0);
            }
            long ready = Long.parseLong(row.get(0));
            long tables = Long.parseLong(row.get(1));
            long bytes = Long.parseLong(row.get(2));
            h.progress(ready + " of " + tables + " tables copied, target " + Sizes.human(bytes));
            h.bytes(bytes);
            if (ready != last[0] || bytes != last[1]) {
                last[0] = ready;
                last[1] = bytes;
                movedAt[0] = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - movedAt[0] > STALL_MS) {
                List<String> lines = new ArrayList<>(subscriber.workerErrors());
                lines.add("the initial copy made no progress for " + STALL_MS / 1000 + " s");
                throw new StepFailed(lines);
            }
            h.detail(tables + " tables copied into " + database);
            return tables > 0 && ready == tables;
        });
    }

    /** After the cutover, the migration's publication leaves the source as it was (and verification compares it so). */
    private void dropPublication() throws SQLException {
        try (Connection c = endpoints.sourceSuperuser().open();
                Statement s = c.createStatement()) {
            s.execute("DROP PUBLICATION IF EXISTS " + ident(Publication.NAME));
        }
        log.add("DROP PUBLICATION " + ident(Publication.NAME) + " (on the source, after the cutover)");
    }

    /** The subscription's workers failed (a table the publisher cannot read, a conflict): the step fails with their log. */
    private void workerErrors() throws Exception {
        try (Connection c = endpoints.targetSuperuser().open(true)) {
            List<List<String>> rows = PgCatalog.rows(c, WORKER_ERRORS, Publication.NAME);
            if (!rows.isEmpty()
                    && rows.get(0).get(0) != null
                    && Long.parseLong(rows.get(0).get(0)) > 0) {
                List<String> lines = new ArrayList<>(subscriber.workerErrors());
                if (lines.isEmpty()) {
                    lines.add("the subscription's workers failed (pg_stat_subscription_stats counts errors)");
                }
                throw new StepFailed(lines);
            }
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState())) { // before PostgreSQL 15 there is no such view: the stall check stays
                throw e;
            }
        }
    }

    /** How far the subscription's slot is behind the source's current position, in bytes. */
    private long lag() throws Exception {
        workerErrors();
        try (Connection c = endpoints.sourceSuperuser().open(true)) {
            List<List<String>> rows = PgCatalog.rows(c, SLOT_BEHIND, "0/0", Publication.NAME);
            if (rows.isEmpty()) {
                throw new StepFailed(
                        List.of("the subscription's slot " + Publication.NAME + " is gone from the source"));
            }
            return (long) Double.parseDouble(rows.get(0).get(0));
        }
    }

    /** Once writes stop: until the slot confirms the source's position (zero lag). */
    private void drain() throws Exception {
        String target = Streaming.sourcePosition(endpoints.sourceSuperuser());
        Streaming.await("the last writes' replication", STALL_MS, () -> {
            workerErrors();
            try (Connection c = endpoints.sourceSuperuser().open(true)) {
                List<List<String>> rows = PgCatalog.rows(c, SLOT_BEHIND, target, Publication.NAME);
                return !rows.isEmpty() && "t".equals(rows.get(0).get(1));
            }
        });
        log.add("caught up: the slot confirmed " + target);
    }

    /** What makes the target the application's: sequences, large objects, materialized views, no subscription. */
    private void switchOver() throws Exception {
        List<String> setvals = SequenceSync.run(endpoints.sourceAsMigrationUser(), endpoints.targetSuperuser());
        log.addAll(setvals);
        cutoverSteps.add(setvals.size() + " sequences synchronized (sync-sequences)");
        int objects = LargeObjectCopy.count(endpoints.sourceSuperuser());
        if (objects > 0 && options.copyLargeObjects()) {
            long bytes = LargeObjectCopy.copy(endpoints.sourceAsMigrationUser(), endpoints.targetSuperuser());
            cutoverSteps.add(objects + " large objects copied (" + Sizes.human(bytes) + ")");
        } else if (objects > 0) {
            cutoverSteps.add(objects + " large objects left on the source (not replicated)");
        }
        int views = MaterializedViews.refresh(endpoints.sourceSuperuser(), endpoints.targetSuperuser());
        if (views > 0) {
            cutoverSteps.add(views + " materialized views refreshed");
        }
        subscriber.unsubscribe(database, Publication.NAME);
        log.add("DROP SUBSCRIPTION " + ident(Publication.NAME));
        cutoverSteps.add("subscription dropped");
    }
}
