package org.cnpgrehearsal.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.cnpgrehearsal.importer.ImportResult;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.DumpScope;
import org.cnpgrehearsal.manifest.ManifestEditor;
import org.cnpgrehearsal.manifest.StrategyManifests;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.platform.Platform;
import org.cnpgrehearsal.preflight.Check;
import org.cnpgrehearsal.preflight.StrategyPreflight;
import org.cnpgrehearsal.results.SourcePrep;
import org.cnpgrehearsal.strategy.Endpoints;
import org.cnpgrehearsal.strategy.Migrated;
import org.cnpgrehearsal.strategy.OnlineMigration;
import org.cnpgrehearsal.strategy.PhysicalMigration;
import org.cnpgrehearsal.strategy.Publication;
import org.cnpgrehearsal.strategy.SourceRequirement;
import org.cnpgrehearsal.strategy.SourceWatch;
import org.cnpgrehearsal.strategy.StandbyTarget;
import org.cnpgrehearsal.strategy.Strategy;
import org.cnpgrehearsal.strategy.StrategyFacts;
import org.cnpgrehearsal.strategy.StrategyOptions;
import org.cnpgrehearsal.strategy.Subscriber;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.verify.StrategyChecks;
import org.cnpgrehearsal.verify.Verification;

/**
 * The rehearsal's migration step, per strategy: offline is the platform's import; online and physical are the
 * strategy package's flows on the platform's parts of them (a subscription, a standby). Also what each strategy
 * needs on the source first (applied as the DBA would, unless the scenario pins the setting: that is how a blocker
 * is reproduced), the preflight's and the verification's checks it adds, and the facts it measured.
 */
final class Migrations {

    /** Where online needs the source to differ from Spilo's settings. */
    static final Map<String, String> ONLINE_SETTINGS = Map.of("wal_level", "logical");

    private final RehearsalPlan plan;
    private final Platform platform;
    private final Timeline timeline;
    private final StrategyOptions options;
    private final List<SourceRequirement> requirements = new ArrayList<>();
    /** What the strategy needs done to the source beyond the scenario's own preparation (source-prep.sql). */
    private SourcePrep sourcePrep = SourcePrep.none();

    private Migrated migrated;

    Migrations(RehearsalPlan plan, Platform platform, Timeline timeline, StrategyOptions options) {
        this.plan = plan;
        this.platform = platform;
        this.timeline = timeline;
        this.options = options;
    }

    Strategy strategy() {
        return options.strategy();
    }

    /**
     * Before the preflight: what the strategy needs changed in the source's settings, as a Zalando manifest change
     * and a restart make it, timed; a setting the scenario pins stays as it is (the blocker it reproduces). Records
     * the scenario's own preparation (already in the report's source preparation), as a Zalando source takes it, as what
     * every strategy that reads the data needs too.
     */
    void prepareSource() throws Exception {
        SourcePrep assumed = SourcePrep.assumedBy(plan.scenario().source(), plan.importUser());
        if (strategy() == Strategy.ONLINE) {
            prepareWalLevel();
        }
        if (strategy() == Strategy.PHYSICAL) {
            requirements.add(new SourceRequirement(
                    "REPLICATION for the externalClusters user and a pg_hba rule for replication connections",
                    "Zalando's standby user and Spilo's hostssl replication rule have both",
                    true));
        } else if (!assumed.isEmpty()) {
            requirements.add(new SourceRequirement(
                    "the preparation the import user needs to read the data",
                    assumed.steps().stream()
                                    .map(step -> step.summary().replaceFirst(";$", ""))
                                    .collect(Collectors.joining("; "))
                            + " ("
                            + SourcePrep.PREP_FILE + ")",
                    false));
        }
    }

    /** wal_level = logical, as the DBA sets it on a Zalando cluster (a manifest change and a restart). */
    private void prepareWalLevel() throws Exception {
        String level = setting("wal_level");
        requirements.add(new SourceRequirement(
                "wal_level = logical",
                "Zalando manifest: spec.postgresql.parameters.wal_level: logical, then a restart of the cluster's pods",
                "logical".equals(level)));
        if ("logical".equals(level)) {
            return;
        }
        sourcePrep = sourcePrep.with(SourcePrep.walLevelLogical());
        if (plan.scenario().source().parameters().containsKey("wal_level")) {
            return;
        }
        timeline.phase(Phases.SOURCE_PREP, h -> {
            boolean done = platform.restartSourceWith(ONLINE_SETTINGS);
            h.detail(
                    done
                            ? "wal_level = logical set and the source restarted (a Zalando manifest change and a restart)"
                            : "this platform cannot change the source's settings: wal_level stays " + level);
            return null;
        });
    }

    /** The preflight's checks of the strategy's blockers, as the externalClusters user. */
    List<Check> preflightChecks() {
        return StrategyPreflight.run(
                strategy(), platform.sourceAsImportUser(plan), platform::targetSuperuser, plan.targetMajor());
    }

    /** Runs the migration of {@code importPlan} (the plan with the storage resolved), its phases on {@code phases}. */
    ImportResult migrate(RehearsalPlan importPlan, Timeline phases) throws Exception {
        migrated = switch (strategy()) {
            case OFFLINE -> offline(importPlan, phases);
            case ONLINE -> online(importPlan, phases);
            case PHYSICAL -> physical(importPlan, phases);
        };
        return migrated.imported();
    }

    private Migrated offline(RehearsalPlan importPlan, Timeline phases) throws Exception {
        ImportResult imported;
        SourceWatch watch = SourceWatch.start(platform.sourceSuperuser(), importPlan.importUser());
        try (watch) {
            imported = platform.runImport(importPlan, phases);
        }
        long window = phases.durationMs(Phases.IMPORT);
        SourceWatch.Seen seen = watch.seen();
        StrategyFacts facts = new StrategyFacts(
                Strategy.OFFLINE.yaml(),
                window,
                null,
                null,
                null,
                imported.succeeded() ? window : null,
                imported.succeeded() ? window : null,
                seen.walRetainedPeakBytes(),
                seen.walWrittenBytes(),
                seen.sessionsPeak(),
                null,
                List.of(),
                List.of());
        return new Migrated(imported, facts, Map.of());
    }

    private Migrated online(RehearsalPlan importPlan, Timeline phases) throws Exception {
        Subscriber subscriber = platform.subscriber(importPlan);
        if (subscriber == null) {
            throw new BadInputException("the online strategy cannot be rehearsed on the " + platform.name()
                    + " platform yet: use --platform local");
        }
        RehearsalPlan schemaOnly =
                importPlan.withManifest(ManifestEditor.withImport(importPlan.manifest(), Map.of("schemaOnly", true)));
        OnlineMigration online = new OnlineMigration(
                t -> platform.runImport(schemaOnly, t),
                endpoints(importPlan, platform.targetSuperuser().withDatabase(targetDatabase(importPlan))),
                subscriber,
                DumpScope.of(importPlan.manifest().importSpec()),
                options,
                importPlan.importUser());
        Migrated m = online.run(phases);
        if (online.publicationSql() != null) {
            requirements.add(new SourceRequirement(
                    "a publication of the application's tables",
                    online.publicationSql() + " (as a superuser, in " + importPlan.appDatabase() + ")",
                    false));
            sourcePrep = sourcePrep.with(SourcePrep.publication(Publication.NAME, online.publicationSql()));
        }
        return m;
    }

    private Migrated physical(RehearsalPlan importPlan, Timeline phases) throws Exception {
        StandbyTarget standby = platform.standby(importPlan);
        if (standby == null) {
            throw new BadInputException("the physical strategy cannot be rehearsed on the " + platform.name()
                    + " platform yet: use --platform local");
        }
        return new PhysicalMigration(
                        standby,
                        endpoints(importPlan, standby.superuser().withDatabase(importPlan.appDatabase())),
                        options,
                        importPlan.importUser())
                .run(phases);
    }

    private Endpoints endpoints(RehearsalPlan p, PgConnection target) {
        String db = p.appDatabase();
        PgConnection superuser = platform.sourceSuperuser().withDatabase(db);
        String app = p.appOwner();
        return new Endpoints(
                superuser,
                platform.sourceAsImportUser(p).withDatabase(db),
                superuser.withUser(app, p.credentials().password(app)),
                target);
    }

    /** The verification with the strategy's own checks (first: their causes lead the diagnosis). */
    Verification verified(Verification v) {
        if (strategy() == Strategy.OFFLINE || migrated == null) {
            return v;
        }
        PgConnection source = platform.sourceSuperuser().withDatabase(plan.appDatabase());
        PgConnection target = platform.targetSuperuser().withDatabase(targetDatabase(plan));
        int statements = migrated.facts() == null || migrated.facts().writes() == null
                ? 0
                : migrated.facts().writes().statements();
        return strategy() == Strategy.ONLINE
                ? StrategyChecks.online(v, source, target, migrated.written(), statements)
                : StrategyChecks.physical(v, source, target, migrated.written(), statements);
    }

    /** What the rehearsal applied, as CNPG resources: the Cluster, and for online its Subscription. */
    String appliedManifest(RehearsalPlan importPlan) {
        ClusterManifest m = importPlan.manifest();
        return switch (strategy()) {
            case OFFLINE -> ManifestEditor.toYaml(m);
            case ONLINE ->
                StrategyManifests.toYaml(List.of(
                        StrategyManifests.schemaOnly(m).raw(),
                        StrategyManifests.subscription(
                                m, targetDatabase(importPlan), Publication.NAME, Publication.NAME)));
            case PHYSICAL -> StrategyManifests.toYaml(List.of(StrategyManifests.replicaCluster(m)));
        };
    }

    /** What the migration measured, with what the source needed first; null when it never ran. */
    StrategyFacts facts() {
        return migrated == null || migrated.facts() == null
                ? null
                : migrated.facts().withRequirements(requirements);
    }

    /** What the strategy needs done to the source, as steps of source-prep.sql (with their revert). */
    SourcePrep sourcePrep() {
        return sourcePrep;
    }

    private String setting(String name) throws SQLException {
        try (Connection c = platform.sourceSuperuser().withDatabase("postgres").open(true)) {
            return PgCatalog.rows(c, "SHOW " + name).get(0).get(0);
        }
    }

    private static String targetDatabase(RehearsalPlan p) {
        return p.manifest().targetDatabase(p.appDatabase());
    }
}
