package org.cnpgrehearsal.platform.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cnpgrehearsal.diagnose.Diagnoser;
import org.cnpgrehearsal.diagnose.Diagnosis;
import org.cnpgrehearsal.engine.Expectations;
import org.cnpgrehearsal.importer.ImportResult;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ExternalCluster;
import org.cnpgrehearsal.manifest.ImportSpec;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.results.RehearsalFacts;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.scenario.ScenarioCatalog;
import org.cnpgrehearsal.source.StandInExtensions;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.ProjectPaths;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The whole catalog ({@code scenarios/*.yaml}, read as it is now) on Kubernetes, on paper: for each scenario and
 * both source flavours, the kube platform provisions against the mock API server with the source set up for real on
 * a PostgreSQL server standing for its pod, rewrites and applies the manifest (CNPG's admission rules checked), and
 * follows an import that CNPG v1.30.0 plays in its own words: the success stream, or the failure stream for the
 * scenario's expected cause ({@link #STREAMS}); the outcome is then diagnosed and judged as the engine judges it.
 *
 * <p>A scenario either runs on paper to its verdict, or says in {@link #NOT_ON_PAPER} what only a real cluster (or the
 * local platform) can show, and why; a diagnosis rule another change brings is waited for in {@link #AWAITING_RULE}.
 * A new scenario with a new source key or a new cause fails here until one of the three is true.
 */
class KubeCatalogOnPaperTest {

    private static final UpstreamData UPSTREAM = UpstreamData.CNPG_1_30;

    /** The failure CNPG logs for a cause, and when upstream would really fail that way for a plan. */
    private record UpstreamFailure(String failure, Predicate<RehearsalPlan> upstreamFailsSo, String when) {}

    /** Why the online and physical scenarios do not run here. */
    private static final String STREAMING = "migration.strategy: the online and physical paths are rehearsed on the"
            + " local platform only (bad input on k3s and kubernetes); CNPG's Subscription resource and the replica"
            + " Cluster are tested against the mock API server (CnpgSubscriptionTest, ReplicaClusterStandbyTest), and"
            + " this catalog plays only the import Job's streams";

    /** Expected cause to the upstream failure stream that shows it (kube-upstream.yaml, failures). */
    static final Map<String, UpstreamFailure> STREAMS = Map.ofEntries(
            Map.entry(
                    "ROLE_CATALOG_DENIED",
                    new UpstreamFailure(
                            "role-catalog-denied",
                            p -> monolithWithRoles(p) && !readsEverything(p),
                            "a monolith import with roles, by a user without pg_read_all_data or superuser")),
            Map.entry(
                    "TLS_VERIFY_FAILED",
                    new UpstreamFailure(
                            "tls-unknown-authority",
                            p -> p.scenario().source().tls().equals("wrong-ca")
                                    && p.manifest().importSource().sslMode().startsWith("verify"),
                            "sslmode verify-* with a CA that did not sign the source's certificate")),
            Map.entry(
                    "LARGE_OBJECT_DENIED",
                    new UpstreamFailure(
                            "large-object-denied",
                            p -> p.scenario().fixture().largeObjects()
                                    && p.scenario().source().grants().contains("pg_read_all_data")
                                    && p.scenario().source().grants().stream()
                                            .noneMatch(g -> Set.of("superuser", "lo_compat_privileges", "large-objects")
                                                    .contains(g)),
                            "large objects read with pg_read_all_data only")),
            Map.entry(
                    "VERSION_MISMATCH",
                    new UpstreamFailure(
                            "version-mismatch",
                            p -> p.sourceMajor() > p.targetMajor(),
                            "a source of a newer major than the target image's pg_dump")),
            Map.entry(
                    "EXTENSION_MISSING",
                    new UpstreamFailure(
                            "extension-missing",
                            p -> !spiloExtensionsLeft(p).isEmpty(),
                            "a Spilo-only extension left in the database the dump reads")),
            Map.entry(
                    "MISSING_ROLE",
                    new UpstreamFailure(
                            "missing-role",
                            p -> p.manifest()
                                    .importSpec()
                                    .ownershipDroppingOptions()
                                    .isEmpty(),
                            "grants restored (no --no-owner/--no-acl) naming a role that is not imported")),
            Map.entry(
                    "DISK_FULL",
                    new UpstreamFailure(
                            "disk-full",
                            p -> p.scenario().target().storageSize() != null,
                            "a volume sized by the scenario")),
            Map.entry(
                    "RLS_BLOCKS_DUMP",
                    new UpstreamFailure(
                            "rls-blocks-dump",
                            p -> rowSecurity(p) && !bypassesRowSecurity(p) && !dumpsVisibleRowsOnly(p),
                            "a table with row-level security, dumped whole by a user that does not bypass it")),
            Map.entry(
                    "DATA_MISMATCH",
                    new UpstreamFailure(
                            "foreign-key-violated",
                            p -> rowSecurity(p) && !bypassesRowSecurity(p) && dumpsVisibleRowsOnly(p),
                            "--enable-row-security with a policy that hides rows other tables reference")),
            Map.entry(
                    "SUPERUSER_STRIPPED",
                    new UpstreamFailure(
                            "superuser-stripped",
                            p -> superusersOfTheSource(p).stream()
                                            .anyMatch(p.manifest().importSpec().roles()::contains)
                                    && p.manifest()
                                            .importSpec()
                                            .ownershipDroppingOptions()
                                            .isEmpty(),
                            "an imported role that is a superuser on the source owns objects restored with their owner"
                                    + " (CNPG imports roles without SUPERUSER)")),
            Map.entry(
                    "TABLESPACE_MISSING",
                    new UpstreamFailure(
                            "tablespace-missing",
                            p -> prepared(p).contains("create tablespace")
                                    && !p.manifest()
                                            .importSpec()
                                            .restoreOptionsFor("pre-data")
                                            .contains("--no-tablespaces"),
                            "a table in a tablespace of the source, restored without --no-tablespaces")));

    /**
     * Scenarios that do not run to their verdict on paper: what only a real cluster (or the local platform) shows,
     * and why. Everything else about them still runs here (provisioning, source setup, rewrite, the import watch).
     */
    static final Map<String, String> NOT_ON_PAPER = Map.ofEntries(
            Map.entry(
                    "version-downgrade",
                    "the failure itself: on Kubernetes the target runs the manifest's image (PostgreSQL 17), whose"
                            + " pg_dump reads the 16 source; only a target of an older major than the source (the local"
                            + " platform with pg_dump 15, or target.major below 16) fails so"),
            Map.entry(
                    "md5-passwords",
                    "the verdict: the import succeeds on paper; only a real CNPG target shows that the imported md5"
                            + " hash cannot log in through its scram-sha-256 rule (verification connects to the target)"),
            Map.entry(
                    "seed-extensions-removed",
                    "the verdict: the import succeeds on paper; only a real target shows that --no-owner --no-acl left"
                            + " mastodon without access to its tables (verification reads ownership and privileges)"),
            Map.entry(
                    "role-settings-lost",
                    "the verdict: the import succeeds on paper; only a real target shows that mastodon's search_path"
                            + " (ALTER ROLE ... SET) was not imported (verification compares the roles' settings)"),
            Map.entry(
                    "database-settings-lost",
                    "the verdict: the import succeeds on paper; only a real target shows that the database's own"
                            + " settings stayed behind when the microservice import restored into initdb's database"
                            + " (verification compares pg_db_role_setting)"),
            Map.entry(
                    "subscriptions-lost",
                    "the verdict: the import succeeds on paper; only a real target shows that the source's"
                            + " subscription is missing (pg_dump dumps subscriptions only for a superuser;"
                            + " verification compares pg_subscription)"),
            Map.entry(
                    "pg-cron-jobs-lost",
                    "source.prepareSqlIn: the Kubernetes platforms prepare the application database only, and Spilo"
                            + " keeps pg_cron's jobs in postgres; the verdict (the jobs missing) comes from"
                            + " verification: the local platform, or a real Spilo with jobs scheduled by hand"),
            Map.entry(
                    "locale-collation-changed",
                    "source.locale: the Kubernetes platforms create the source with its image's locale (Spilo's"
                            + " en_US.UTF-8, the official image's en_US.utf8); the verdict (the sort order changed)"
                            + " comes from verification on a real target"),
            Map.entry(
                    "locale-minimal-image",
                    "source.locale: the Kubernetes platforms create the source with its image's locale (Spilo's"
                            + " en_US.UTF-8, the official image's en_US.utf8); only a real CNPG minimal image shows the"
                            + " database it cannot create, in its own words"),
            Map.entry(
                    "dump-from-replica",
                    "source.replica and source.duringDump: the Kubernetes platforms dump the source's primary and"
                            + " cannot hold CNPG's pg_dump inside its Job; the recovery conflict needs Zalando's -repl"
                            + " hot standby replaying a vacuum during a long dump (the local platform, or a staging"
                            + " cluster with two instances)"),
            Map.entry(
                    "replica-unlogged-table",
                    "source.replica: the Kubernetes platforms dump the source's primary; a hot standby's empty"
                            + " unlogged table, and the verdict from verification, show on the local platform or on a"
                            + " staging cluster read through <cluster>-repl"),
            Map.entry(
                    "parallel-dump-lock-conflict",
                    "source.duringDump: CNPG's pg_dump runs inside its Job and cannot be held until the migration"
                            + " waits for its lock; a real cluster shows it when a migration runs during the dump"),
            Map.entry(
                    "writes-during-dump",
                    "source.duringDump: CNPG's pg_dump runs inside its Job and cannot be held; the writes after its"
                            + " snapshot, and the verdict from verification, show on the local platform or on a real"
                            + " cluster whose application keeps writing"),
            Map.entry("online", STREAMING + "; a real cluster shows the Subscription's copy and catch-up timings"),
            Map.entry(
                    "online-wal-level",
                    STREAMING + "; a real cluster shows the Subscription's slot refused on Spilo's wal_level"),
            Map.entry(
                    "online-replica-identity",
                    STREAMING + "; a real cluster shows the application's DELETE refused on the published source"),
            Map.entry(
                    "online-large-objects",
                    STREAMING + "; the verdict comes from verification of the Subscription's target"),
            Map.entry(
                    "online-unlogged-table",
                    STREAMING + "; the verdict comes from verification of the Subscription's target"),
            Map.entry(
                    "online-no-free-slot",
                    STREAMING + " (source.parameters too); a real cluster shows the slot refused when Patroni holds"
                            + " the last one"),
            Map.entry(
                    "online-app-user",
                    STREAMING + "; a real cluster shows the WAL sender refused to a user without REPLICATION"),
            Map.entry(
                    "physical",
                    STREAMING + " (source.parameters too); a real cluster shows the replica Cluster's base backup,"
                            + " streaming and promotion"),
            Map.entry(
                    "physical-major-mismatch",
                    STREAMING + " (source.parameters too); a real cluster shows the instance refusing another major's"
                            + " data folder"),
            Map.entry(
                    "physical-spilo-extensions",
                    STREAMING + " (source.parameters too); the verdict comes from verification of the promoted"
                            + " replica Cluster"));

    /** Scenarios whose upstream words no diagnosis rule knows yet, and the rule they wait for. */
    static final Map<String, String> AWAITING_RULE = Map.of();

    /**
     * One test per scenario and flavour. The runs (each its own mock API server and PostgreSQL server) go two at a
     * time in the background; each test reports its own.
     */
    @TestFactory
    Stream<DynamicTest> everyScenarioOnBothSourceFlavours() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<DynamicTest> tests = new ArrayList<>();
        for (Scenario scenario : ScenarioCatalog.builtIn().all()) {
            for (SourceFlavor flavour : SourceFlavor.values()) {
                Future<?> run = pool.submit(() -> {
                    onPaper(scenario, flavour);
                    return null;
                });
                tests.add(DynamicTest.dynamicTest(
                        scenario.name() + " (" + flavour.name().toLowerCase() + " source)", () -> outcomeOf(run)));
            }
        }
        pool.shutdown();
        return tests.stream();
    }

    private static void outcomeOf(Future<?> run) throws Throwable {
        try {
            run.get(10, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    private static void onPaper(Scenario scenario, SourceFlavor flavour) throws Exception {
        List<String> unsupported = ScenarioSupport.unsupported(scenario);
        if (!unsupported.isEmpty()) {
            requireDeclared(scenario, "it sets " + unsupported + ", which the Kubernetes platforms do not set up");
            try (PaperRun run = new PaperRun(flavour, true)) {
                BadInputException e = assertThrows(
                        BadInputException.class, () -> run.provision(PaperRun.plan(scenario), new Timeline()));
                assertTrue(e.getMessage().contains(unsupported.get(0)), e.getMessage());
            }
            return;
        }
        RehearsalPlan plan = PaperRun.plan(scenario);
        RehearsalPlan importPlan = PaperRun.importPlan(plan);
        Scenario.Expectation expect = scenario.expect();
        boolean verdictAtVerify = Phases.VERIFY.equals(expect.phase());
        FakeCnpgOperator.Script script =
                expect.success() || verdictAtVerify ? FakeCnpgOperator.Script.succeed() : failureScript(scenario, plan);
        if (script == null) {
            return;
        }
        try (PaperRun run = new PaperRun(flavour, true)) {
            Timeline timeline = new Timeline();
            run.provision(plan, timeline);

            ImportResult result = run.importWith(importPlan, script, timeline);

            sourceSecretsReachTheImport(run, importPlan);
            if (expect.success() || verdictAtVerify) {
                assertTrue(result.succeeded(), () -> String.join("\n", result.errorLines()));
                List<String> expected = Phases.IMPORT.stream()
                        .filter(p -> !p.equals(Phases.ROLES) || monolithWithRoles(importPlan))
                        .toList();
                assertEquals(
                        expected,
                        timeline.phases().stream()
                                .map(p -> p.name())
                                .filter(Phases.IMPORT::contains)
                                .toList());
                if (verdictAtVerify) {
                    requireDeclared(scenario, "its verdict comes from verification, which needs a real target");
                }
                return;
            }
            assertFalse(result.succeeded());
            Diagnosis diagnosis = Diagnoser.diagnose(result.failedPhase(), result.errorLines(), result.contextLines())
                    .forImportUser(importPlan.importUser());
            boolean met = Expectations.met(expect, RehearsalFacts.FAILURE, diagnosis);
            String awaited = AWAITING_RULE.get(scenario.name());
            if (awaited != null) {
                assertFalse(
                        met,
                        scenario.name() + " is reproduced on paper now: remove it from AWAITING_RULE (it waited for "
                                + awaited + ")");
                System.out.println("AWAITING RULE " + scenario.name() + ": diagnosed " + diagnosis.cause() + " from "
                        + result.errorLines() + "; waits for " + awaited);
                return;
            }
            assertTrue(
                    met,
                    scenario.name() + ": expected " + expect.cause() + " at " + expect.phase() + ", diagnosed "
                            + diagnosis.cause() + " at " + diagnosis.phase() + " from " + result.errorLines());
        }
    }

    /** The upstream failure stream of the scenario's expected cause, checked against the plan; null when declared. */
    private static FakeCnpgOperator.Script failureScript(Scenario scenario, RehearsalPlan plan) {
        UpstreamFailure stream = STREAMS.get(scenario.expect().cause());
        if (stream == null) {
            requireDeclared(
                    scenario,
                    "no upstream stream shows " + scenario.expect().cause() + ": add the lines CNPG logs for it to"
                            + " kube-upstream.yaml (failures, with their source) and to STREAMS");
            return null;
        }
        if (!stream.upstreamFailsSo().test(plan)) {
            requireDeclared(
                    scenario,
                    "upstream fails with " + scenario.expect().cause() + " only with " + stream.when()
                            + ", which this plan (source " + plan.sourceMajor() + ", target " + plan.targetMajor()
                            + ") is not");
            return null;
        }
        String upstreamPhase = UPSTREAM.failure(stream.failure()).phase();
        if (scenario.expect().phase() != null) {
            assertEquals(
                    scenario.expect().phase(),
                    upstreamPhase,
                    scenario.name() + " expects its failure where CNPG does not fail so");
        }
        return FakeCnpgOperator.Script.fail(stream.failure()).withFacts(facts(scenario, plan));
    }

    private static final Pattern GRANTEE = Pattern.compile("(?i)\\bGRANT\\s.+\\sTO\\s+(\\w+)");

    /** The source's version, and the role a restore misses: the one the scenario grants to, else Spilo's. */
    private static CnpgStream.Facts facts(Scenario scenario, RehearsalPlan plan) {
        String missing = scenario.source().prepareSql().stream()
                .map(GRANTEE::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .findFirst()
                .orElse("robot_zmon");
        return new CnpgStream.Facts(plan.sourceMajor() + ".6.0", "10.43.57.12", missing);
    }

    private static void requireDeclared(Scenario scenario, String why) {
        if (!NOT_ON_PAPER.containsKey(scenario.name())) {
            fail(scenario.name() + " cannot run to its verdict on paper (" + why + "): make it so, or declare it in"
                    + " KubeCatalogOnPaperTest.NOT_ON_PAPER with what only a real cluster or the local platform can show,"
                    + " and list it in README.md");
        }
    }

    /** The Secrets the applied Cluster's externalClusters entry names are the ones the source made. */
    private static void sourceSecretsReachTheImport(PaperRun run, RehearsalPlan plan) {
        Map<String, Object> applied = run.api
                .client()
                .getKubernetesSerialization()
                .convertValue(
                        new CnpgCluster(
                                        run.api.client(),
                                        MockKubePlatform.NAMESPACE,
                                        plan.manifest().name())
                                .get()
                                .orElseThrow(),
                        Map.class);
        ClusterManifest cluster = CnpgStream.applied(applied);
        ExternalCluster origin = cluster.importSource();
        assertNotNull(
                run.api
                        .client()
                        .secrets()
                        .inNamespace(MockKubePlatform.NAMESPACE)
                        .withName(origin.password().name())
                        .get(),
                "the import user's password secret " + origin.password().name());
        if (origin.sslRootCert() != null) {
            assertNotNull(run.api
                    .client()
                    .secrets()
                    .inNamespace(MockKubePlatform.NAMESPACE)
                    .withName(origin.sslRootCert().name())
                    .get());
        }
        assertEquals(
                SourceCluster.clusterName(plan) + "." + MockKubePlatform.NAMESPACE + ".svc", origin.parameter("host"));
    }

    private static String prepared(RehearsalPlan p) {
        return String.join("\n", p.scenario().source().prepareSql()).toLowerCase();
    }

    private static boolean rowSecurity(RehearsalPlan p) {
        return prepared(p).contains("enable row level security");
    }

    private static boolean bypassesRowSecurity(RehearsalPlan p) {
        return p.importUser().equals(RehearsalPlan.SOURCE_SUPERUSER)
                || p.scenario().source().grants().contains("superuser")
                || p.scenario().source().grants().contains("bypassrls");
    }

    private static boolean dumpsVisibleRowsOnly(RehearsalPlan p) {
        return p.manifest().importSpec().pgDumpExtraOptions().contains("--enable-row-security");
    }

    private static final Pattern SUPERUSER_ROLE = Pattern.compile("(?i)CREATE ROLE (\\w+)[^;]*\\bSUPERUSER\\b");

    /** The roles the scenario's preparation makes superusers on the source. */
    private static List<String> superusersOfTheSource(RehearsalPlan p) {
        return p.scenario().source().prepareSql().stream()
                .map(SUPERUSER_ROLE::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .toList();
    }

    private static boolean monolithWithRoles(RehearsalPlan p) {
        ImportSpec spec = p.manifest().importSpec();
        return spec.type().yaml().equals("monolith") && !spec.roles().isEmpty();
    }

    private static boolean readsEverything(RehearsalPlan p) {
        return p.importUser().equals(RehearsalPlan.SOURCE_SUPERUSER)
                || p.scenario().source().grants().contains("pg_read_all_data")
                || p.scenario().source().grants().contains("superuser");
    }

    /** Spilo-only extensions of the scenario's source that its preparation does not drop. */
    private static List<String> spiloExtensionsLeft(RehearsalPlan p) {
        return p.scenario().source().extensions().stream()
                .filter(StandInExtensions.names()::contains)
                .filter(e -> !prepared(p).contains("drop extension " + e))
                .toList();
    }

    @Test
    void theDeclaredScenariosAreInTheCatalogAndInTheReadme() throws Exception {
        Set<String> catalog = new TreeSet<>(
                ScenarioCatalog.builtIn().all().stream().map(Scenario::name).toList());
        Map<String, String> declared = new LinkedHashMap<>(NOT_ON_PAPER);
        declared.putAll(AWAITING_RULE);
        for (String name : declared.keySet()) {
            assertTrue(catalog.contains(name), name + " is declared but no longer in scenarios/: remove its entry");
        }
        String readme = Files.readString(ProjectPaths.root().resolve("README.md"));
        for (String name : catalog) {
            assertTrue(
                    readme.contains("| `" + name + "` |"),
                    "README.md's table of what only a real cluster shows has no row for " + name);
        }
    }
}
