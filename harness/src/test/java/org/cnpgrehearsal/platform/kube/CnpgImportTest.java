package org.cnpgrehearsal.platform.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.diagnose.Diagnoser;
import org.cnpgrehearsal.importer.ImportResult;
import org.cnpgrehearsal.model.Credentials;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.PhaseStatus;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.Sizes;
import org.junit.jupiter.api.Test;

/** The import orchestration against the mock API server, with {@link FakeCnpgOperator} playing the operator. */
@EnableKubernetesMockClient(crud = true)
class CnpgImportTest {

    private static final String NS = "rehearsal-ab12";

    KubernetesMockServer server;
    KubernetesClient client;

    private static RehearsalPlan plan() {
        return new RehearsalPlan(
                new Scenario("happy-path", null, null, null, null, null),
                ClusterRewriterTest.seedManifest(),
                10_000_000L,
                17,
                17,
                new Credentials(),
                false);
    }

    private ImportResult run(
            String logText,
            FakeCnpgOperator.Ending ending,
            Duration phaseTimeout,
            Timeline timeline,
            ClusterRewriter.Target target)
            throws Exception {
        try (FakeCnpgOperator cnpg = new FakeCnpgOperator(server, client, NS, logText, ending).start()) {
            ImportResult result = new CnpgImport(client, NS, phaseTimeout, Duration.ofMillis(20), Clock.systemUTC())
                    .run(plan(), target, timeline);
            cnpg.check();
            return result;
        }
    }

    private static ClusterRewriter.Target target(String size, String storageClass) {
        return new ClusterRewriter.Target(NS, ClusterRewriterTest.SOURCE, size, storageClass, null, null, true);
    }

    private static List<String> names(Timeline timeline) {
        return timeline.phases().stream().map(PhaseRecord::name).toList();
    }

    @Test
    void successPutsEveryImportPhaseOnTheTimeline() throws Exception {
        CnpgLogLines log =
                new CnpgLogLines(Instant.now()).monolithUntilAnalyze("mastodon").finalizeSteps();
        Timeline timeline = new Timeline();

        ImportResult result =
                run(log.text(), FakeCnpgOperator.Ending.SUCCEED, Duration.ofSeconds(10), timeline, target("2Gi", null));

        assertTrue(result.succeeded(), () -> String.join("\n", result.errorLines()));
        assertEquals(Phases.IMPORT, names(timeline));
        assertTrue(timeline.phases().stream().allMatch(p -> p.status() == PhaseStatus.SUCCEEDED));
        assertEquals(5000, timeline.find(Phases.RESTORE_PRE_DATA).orElseThrow().durationMs());
        assertEquals("pg_dump", result.commands().get(0).argv().get(0));
        assertEquals(4, result.commands().size());
        assertFalse(
                String.join("\n", result.log()).contains("SCRAM-SHA-256$4096"), "the role query's hash is redacted");

        GenericKubernetesResource applied =
                new CnpgCluster(client, NS, "mastodon-db").get().orElseThrow();
        Map<?, ?> spec = (Map<?, ?>) applied.getAdditionalProperties().get("spec");
        assertEquals(1, spec.get("instances"));
        assertEquals(
                Map.of("size", "2Gi", "storageClass", "fast-ssd"),
                spec.get("storage"),
                "the class is kept unless the platform names one");
    }

    @Test
    void aFailedImportJobEndsWithTheLogTailEventsAndADiagnosis() throws Exception {
        CnpgLogLines log = new CnpgLogLines(Instant.now())
                .info("starting monolith clone process", "")
                .after(100)
                .info("exporting database", "\"databaseName\":\"mastodon\"")
                .after(1000)
                .info("executing database importing section", "\"databaseName\":\"mastodon\",\"section\":\"pre-data\"")
                .after(1000)
                .tool(
                        "pg_restore",
                        "pg_restore: error: could not execute query: ERROR:  role \\\"robot_zmon\\\" does not exist")
                .after(10)
                .tool("pg_restore", "pg_restore: warning: errors ignored on restore: 2")
                .after(10)
                .error(
                        ImportLog.FAILURE_MARKER,
                        "while executing logical import: error while executing pg_restore, section:pre-data, exit status 1");
        Timeline timeline = new Timeline();

        ImportResult result =
                run(log.text(), FakeCnpgOperator.Ending.FAIL, Duration.ofSeconds(10), timeline, target(null, null));

        assertFalse(result.succeeded());
        assertEquals(Phases.RESTORE_PRE_DATA, result.failedPhase());
        assertEquals(List.of(Phases.DUMP, Phases.RESTORE_PRE_DATA), names(timeline));
        assertEquals(
                PhaseStatus.FAILED,
                timeline.find(Phases.RESTORE_PRE_DATA).orElseThrow().status());
        String errors = String.join("\n", result.errorLines());
        String context = String.join("\n", result.contextLines());
        assertTrue(context.contains("last 40 lines of the import pod's log"), context);
        assertTrue(errors.contains("section:pre-data, exit status 1"), errors);
        assertTrue(
                context.contains("event Normal CreatingInstance Cluster/mastodon-db: Primary instance (initdb)"),
                context);
        assertTrue(context.contains("event Warning BackOff Pod/mastodon-db-1-import-x7k2p"), context);
        assertEquals(
                Cause.MISSING_ROLE,
                Diagnoser.diagnose(result.failedPhase(), result.errorLines(), result.contextLines())
                        .cause());
    }

    @Test
    void aPhaseWithoutProgressTimesOut() throws Exception {
        CnpgLogLines log = new CnpgLogLines(Instant.now())
                .info("starting monolith clone process", "")
                .after(100)
                .info("exporting database", "\"databaseName\":\"mastodon\"")
                .after(10)
                .tool("pg_dump", "pg_dump: reading extensions");
        Timeline timeline = new Timeline();

        ImportResult result =
                run(log.text(), FakeCnpgOperator.Ending.STALL, Duration.ofSeconds(1), timeline, target(null, null));

        assertFalse(result.succeeded());
        assertEquals(Phases.DUMP, result.failedPhase());
        assertTrue(
                result.errorLines().get(0).startsWith("no progress in dump for 1s"),
                result.errorLines().get(0));
        assertEquals(
                PhaseStatus.FAILED, timeline.find(Phases.DUMP).orElseThrow().status());
    }

    @Test
    void aFullDiskFillsTheSizedVolumeAndIsDiagnosed() throws Exception {
        List<String> nodeCommands = new ArrayList<>();
        long size = Sizes.parse("50MB");
        SizedVolume volume = new SizedVolume(client, argv -> nodeCommands.add(String.join(" ", argv)), NS, size);
        volume.create();
        CnpgLogLines log = new CnpgLogLines(Instant.now())
                .info("starting monolith clone process", "")
                .after(100)
                .info("exporting database", "\"databaseName\":\"mastodon\"")
                .after(3000)
                .info("executing database importing section", "\"databaseName\":\"mastodon\",\"section\":\"pre-data\"")
                .after(500)
                .info("executing database importing section", "\"databaseName\":\"mastodon\",\"section\":\"data\"")
                .after(2000)
                .tool(
                        "pg_restore",
                        "pg_restore: error: COPY failed for table \\\"statuses\\\": ERROR:  could not extend file \\\"base/16384/16500\\\": No space left on device")
                .after(10)
                .error(
                        ImportLog.FAILURE_MARKER,
                        "while executing logical import: error while executing pg_restore, section:data, exit status 1");
        Timeline timeline = new Timeline();

        ImportResult result = run(
                log.text(),
                FakeCnpgOperator.Ending.FAIL,
                Duration.ofSeconds(10),
                timeline,
                target(Sizes.kubernetesQuantity(size), SizedVolume.STORAGE_CLASS));

        assertEquals(
                List.of(
                        "mkdir -p /var/lib/cnpg-rehearsal/rehearsal-ab12-pgdata",
                        "mount -t tmpfs -o size=48m,mode=0777 tmpfs /var/lib/cnpg-rehearsal/rehearsal-ab12-pgdata"),
                nodeCommands);
        PersistentVolume pv =
                client.persistentVolumes().withName("rehearsal-ab12-pgdata").get();
        assertEquals(SizedVolume.STORAGE_CLASS, pv.getSpec().getStorageClassName());
        assertEquals("48Mi", pv.getSpec().getCapacity().get("storage").toString());
        assertEquals(volume.path(), pv.getSpec().getHostPath().getPath());
        Map<?, ?> spec = (Map<?, ?>) new CnpgCluster(client, NS, "mastodon-db")
                .get()
                .orElseThrow()
                .getAdditionalProperties()
                .get("spec");
        assertEquals(Map.of("size", "48Mi", "storageClass", SizedVolume.STORAGE_CLASS), spec.get("storage"));

        assertFalse(result.succeeded());
        assertEquals(Phases.RESTORE_DATA, result.failedPhase());
        assertEquals(
                Cause.DISK_FULL,
                Diagnoser.diagnose(result.failedPhase(), result.errorLines(), result.contextLines())
                        .cause());

        volume.delete();
        assertEquals(
                null,
                client.persistentVolumes().withName("rehearsal-ab12-pgdata").get());
        assertEquals("umount /var/lib/cnpg-rehearsal/rehearsal-ab12-pgdata", nodeCommands.get(2));
    }
}
