package org.cnpgrehearsal.platform.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.importer.ImportResult;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.scenario.ScenarioCatalog;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.Sizes;
import org.junit.jupiter.api.Test;

/**
 * The shared Kubernetes platform from provisioning to the end of the import, on paper ({@link PaperRun}): the
 * sources set up for real on a PostgreSQL server standing for the pod, the import played by CNPG's double.
 */
class KubePlatformTest {

    private static Scenario scenario(String name) {
        return ScenarioCatalog.builtIn().find(name);
    }

    private static List<String> extensions(PgConnection superuser, String db) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = superuser.withDatabase(db).open();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT extname FROM pg_extension ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    @Test
    void theLiteSourceCreatesSpilosExtensionsOnTheOfficialImage() throws Exception {
        RehearsalPlan plan = PaperRun.plan(scenario("spilo-extensions"));
        try (PaperRun run = new PaperRun(SourceFlavor.LITE, false)) {
            run.provision(plan, new Timeline());

            assertEquals(
                    List.of("pg_stat_kcache", "pg_stat_statements", "plpgsql", "set_user"),
                    extensions(run.platform.sourceSuperuser(), plan.appDatabase()));
        }
    }

    @Test
    void theZalandoSourceKeepsWhatSpiloMadeAndAlignsItsExtensionsWithTheScenario() throws Exception {
        RehearsalPlan plan = PaperRun.plan(scenario("happy-path"));
        Timeline timeline = new Timeline();
        try (PaperRun run = new PaperRun(SourceFlavor.ZALANDO, false)) {
            run.provision(plan, timeline);

            assertEquals(
                    List.of("pg_stat_statements", "plpgsql"),
                    extensions(run.platform.sourceSuperuser(), plan.appDatabase()),
                    "the scenario's source has only pg_stat_statements: Spilo's others are dropped");
            assertTrue(
                    timeline.find(Phases.SOURCE_SETUP).orElseThrow().detail().contains("[pg_stat_kcache, set_user]"));
            try (Connection c = run.platform
                            .sourceAsImportUser(plan)
                            .withDatabase("postgres")
                            .open();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT rolreplication FROM pg_roles WHERE rolname = current_user")) {
                rs.next();
                assertTrue(rs.getBoolean(1), "standby is Patroni's, with the plan's password");
            }
        }
    }

    @Test
    void aRelativeVolumeSizeIsResolvedAndThePersistentVolumeMatchesTheClaim() throws Exception {
        RehearsalPlan plan = PaperRun.plan(scenario("full-disk"));
        RehearsalPlan importPlan = PaperRun.importPlan(plan);
        String size = importPlan.manifest().storageSize();
        try (PaperRun run = new PaperRun(SourceFlavor.LITE, true)) {
            run.provision(plan, new Timeline());

            ImportResult result = run.importWith(importPlan, FakeCnpgOperator.Script.fail("disk-full"), new Timeline());

            assertEquals(Sizes.kubernetesQuantity(Math.round(0.6 * PaperRun.FIXTURE_BYTES)), size);
            PersistentVolume pv = run.api
                    .client()
                    .persistentVolumes()
                    .withName(MockKubePlatform.NAMESPACE + "-pgdata")
                    .get();
            assertEquals(size, pv.getSpec().getCapacity().get("storage").toString());
            Map<?, ?> storage = (Map<?, ?>) ((Map<?, ?>) new CnpgCluster(
                                    run.api.client(),
                                    MockKubePlatform.NAMESPACE,
                                    plan.manifest().name())
                            .get()
                            .orElseThrow()
                            .getAdditionalProperties()
                            .get("spec"))
                    .get("storage");
            assertEquals(Map.of("size", size, "storageClass", SizedVolume.STORAGE_CLASS), storage);
            assertTrue(
                    run.platform.nodeCommands.contains("mount -t tmpfs -o size=" + Sizes.parse(size)
                            + ",mode=0777 tmpfs /var/lib/cnpg-rehearsal/cnpg-rehearsal-pgdata"),
                    run.platform.nodeCommands.toString());
            assertEquals(Phases.RESTORE_DATA, result.failedPhase());
        }
    }

    @Test
    void aSuccessfulImportReachesTheSuperuserCnpgMakesWhateverTheManifestSaid() throws Exception {
        Scenario happy = scenario("happy-path");
        RehearsalPlan plan = PaperRun.plan(happy);
        try (PaperRun run = new PaperRun(SourceFlavor.LITE, false)) {
            run.provision(plan, new Timeline());

            ImportResult result = run.importWith(plan, FakeCnpgOperator.Script.succeed(), new Timeline());

            assertTrue(result.succeeded(), () -> String.join("\n", result.errorLines()));
            assertEquals(
                    "superuser-password-made-by-cnpg",
                    run.platform.targetSuperuser().password());
            assertTrue(run.platform.forwardedPods.contains(plan.manifest().name() + "-1"));
        }
    }

    @Test
    void aClusterCnpgWouldRefuseStopsBeforeAnythingIsStarted() throws Exception {
        Scenario monolithWithSql = new Scenario(
                "monolith-with-sql",
                null,
                null,
                null,
                new Scenario.Target(null, null, null, Map.of("postImportApplicationSQL", List.of("SELECT 1"))),
                null);
        try (PaperRun run = new PaperRun(SourceFlavor.LITE, false)) {
            BadInputException e = assertThrows(
                    BadInputException.class, () -> run.provision(PaperRun.plan(monolithWithSql), new Timeline()));

            assertTrue(
                    e.getMessage()
                            .contains("spec.bootstrap.initdb.import.postImportApplicationSQL: postImportApplicationSQL"
                                    + " is not allowed for the `monolith` import type"),
                    e.getMessage());
            assertFalse(run.api.client().namespaces().list().getItems().stream()
                    .anyMatch(n -> n.getMetadata().getName().equals(MockKubePlatform.NAMESPACE)));
        }
    }

    @Test
    void portForwardsListenOnTheLoopbackInterfaceOnly() throws Exception {
        try (FakeApiServer api = new FakeApiServer();
                ForwardingPlatform platform = new ForwardingPlatform(api)) {
            InetSocketAddress address = platform.forwardTo("mastodon-postgresql-0");

            assertTrue(address.getAddress().isLoopbackAddress(), address.toString());
        }
    }

    /** The platform with the real port-forward (fabric8's, which needs no answer from the pod to listen). */
    private static final class ForwardingPlatform extends KubePlatform {
        ForwardingPlatform(FakeApiServer api) {
            super(OperatorOptions.defaults());
            client = api.client();
            namespace = MockKubePlatform.NAMESPACE;
        }

        InetSocketAddress forwardTo(String pod) {
            return forward(pod);
        }

        @Override
        public String name() {
            return "kubernetes";
        }

        @Override
        protected void startCluster() {}

        @Override
        protected String createNamespace() {
            return namespace;
        }

        @Override
        protected void installOperators(RehearsalPlan plan, OperatorCharts charts) {}

        @Override
        protected String storageClass() {
            return null;
        }

        @Override
        protected boolean dropResources() {
            return false;
        }

        @Override
        protected void teardown() {}
    }
}
