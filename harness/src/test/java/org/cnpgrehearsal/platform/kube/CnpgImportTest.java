package org.cnpgrehearsal.platform.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import org.cnpgrehearsal.util.BadInputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The import orchestration against the mock API server, with {@link FakeCnpgOperator} playing CNPG v1.30.0 in its
 * own words: success, each way an import fails or waits for nothing, and what the API server answers on the way.
 */
class CnpgImportTest {

    private static final String NS = "rehearsal-ab12";
    private static final UpstreamData UPSTREAM = UpstreamData.CNPG_1_30;

    private final FakeApiServer api = new FakeApiServer();

    @AfterEach
    void close() {
        api.close();
    }

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

    private ImportResult run(FakeCnpgOperator.Script script, Duration phaseTimeout, Timeline timeline)
            throws Exception {
        return run(script, phaseTimeout, Duration.ofSeconds(30), timeline, target("2Gi", null));
    }

    private ImportResult run(
            FakeCnpgOperator.Script script,
            Duration phaseTimeout,
            Duration operatorGrace,
            Timeline timeline,
            ClusterRewriter.Target target)
            throws Exception {
        try (FakeCnpgOperator cnpg = new FakeCnpgOperator(api, NS, script).start()) {
            ImportResult result = new CnpgImport(
                            api.client(), NS, phaseTimeout, Duration.ofMillis(20), operatorGrace, Clock.systemUTC())
                    .run(plan(), target, timeline);
            cnpg.check();
            return result;
        }
    }

    private static ClusterRewriter.Target target(String size, String storageClass) {
        return new ClusterRewriter.Target(NS, ClusterRewriterTest.SOURCE, size, storageClass, null, null, true, false);
    }

    private static List<String> names(Timeline timeline) {
        return timeline.phases().stream().map(PhaseRecord::name).toList();
    }

    private static Cause diagnosed(ImportResult result) {
        return Diagnoser.diagnose(result.failedPhase(), result.errorLines(), result.contextLines())
                .cause();
    }

    @Test
    void successPutsEveryImportPhaseOnTheTimelineThoughCnpgDeletesTheJobAndItsLog() throws Exception {
        Timeline timeline = new Timeline();

        ImportResult result = run(FakeCnpgOperator.Script.succeed(), Duration.ofSeconds(10), timeline);

        assertTrue(result.succeeded(), () -> String.join("\n", result.errorLines()));
        assertEquals(Phases.IMPORT, names(timeline));
        assertTrue(timeline.phases().stream().allMatch(p -> p.status() == PhaseStatus.SUCCEEDED));
        assertEquals("pg_dump", result.commands().get(0).argv().get(0));
        assertEquals(4, result.commands().size());
        assertFalse(
                String.join("\n", result.log()).contains(CnpgStream.ROLE_HASH), "the role query's hash is redacted");
        assertNull(api.client()
                .batch()
                .v1()
                .jobs()
                .inNamespace(NS)
                .withName("mastodon-db-1-import")
                .get());

        GenericKubernetesResource applied =
                new CnpgCluster(api.client(), NS, "mastodon-db").get().orElseThrow();
        Map<?, ?> spec = (Map<?, ?>) applied.getAdditionalProperties().get("spec");
        assertEquals(1, spec.get("instances"));
        assertEquals(
                Map.of("size", "2Gi", "storageClass", "fast-ssd"),
                spec.get("storage"),
                "the class is kept unless the platform names one");
    }

    @Test
    void aFailedRestoreIsDiagnosedFromItsOwnLinesWithTheLogTailAndTheNamespacesEventsAsContext() throws Exception {
        Timeline timeline = new Timeline();

        ImportResult result = run(FakeCnpgOperator.Script.fail("extension-missing"), Duration.ofSeconds(10), timeline);

        assertFalse(result.succeeded());
        assertEquals(Phases.RESTORE_PRE_DATA, result.failedPhase());
        assertEquals(List.of(Phases.ROLES, Phases.DUMP, Phases.RESTORE_PRE_DATA), names(timeline));
        assertEquals(
                PhaseStatus.FAILED,
                timeline.find(Phases.RESTORE_PRE_DATA).orElseThrow().status());
        assertEquals(
                "pg_restore: error: could not execute query: ERROR:  extension \"pg_stat_kcache\" is not available",
                result.errorLines().get(0));
        assertTrue(result.errorLines().get(result.errorLines().size() - 1).endsWith("section:pre-data, exit status 1"));
        assertTrue(result.errorLines().stream().noneMatch(l -> l.contains("checkpoint")), "the shutdown is context");
        String context = String.join("\n", result.contextLines());
        assertTrue(context.contains("--- last 40 lines of the import pod's log ---"), context);
        assertTrue(context.contains("Attempting checkpoint before shutdown"), context);
        assertTrue(
                context.contains("event Normal CreatingInstance Cluster/mastodon-db: Primary instance (initdb)"),
                context);
        assertTrue(
                context.contains("event Warning Unhealthy Pod/mastodon-postgresql-0: Readiness probe failed"),
                "events of the namespace's other pods are context too: " + context);
        assertEquals(Cause.EXTENSION_MISSING, diagnosed(result));
    }

    @Test
    void aRoleStepThatCannotReadPgAuthidIsDiagnosedInRoles() throws Exception {
        ImportResult result =
                run(FakeCnpgOperator.Script.fail("role-catalog-denied"), Duration.ofSeconds(10), new Timeline());

        assertEquals(Phases.ROLES, result.failedPhase());
        assertEquals(Cause.ROLE_CATALOG_DENIED, diagnosed(result));
    }

    @Test
    void aFullDiskIsDiagnosedInTheDataSection() throws Exception {
        ImportResult result = run(FakeCnpgOperator.Script.fail("disk-full"), Duration.ofSeconds(10), new Timeline());

        assertEquals(Phases.RESTORE_DATA, result.failedPhase());
        assertEquals(Cause.DISK_FULL, diagnosed(result));
    }

    @Test
    void aPhaseWithoutProgressTimesOut() throws Exception {
        Timeline timeline = new Timeline();

        ImportResult result =
                run(FakeCnpgOperator.Script.of(FakeCnpgOperator.Outcome.STALL), Duration.ofSeconds(3), timeline);

        assertFalse(result.succeeded());
        assertEquals(Phases.DUMP, result.failedPhase());
        assertTrue(
                result.errorLines().get(0).startsWith("no progress in dump for 3s"),
                result.errorLines().get(0));
        assertEquals(
                PhaseStatus.FAILED, timeline.find(Phases.DUMP).orElseThrow().status());
    }

    @Test
    void theLogIsReadOnFromWhereItWasAfterTheKubeletRotatesIt() throws Exception {
        Timeline timeline = new Timeline();

        ImportResult result =
                run(FakeCnpgOperator.Script.succeed().rotatingAfter(25), Duration.ofSeconds(10), timeline);

        assertTrue(result.succeeded(), () -> String.join("\n", result.errorLines()));
        assertEquals(Phases.IMPORT, names(timeline), "the markers written after the rotation are read too");
        assertTrue(
                api.logQueries().stream().anyMatch(q -> q.contains("sinceTime") && q.contains("timestamps=true")),
                api.logQueries().toString());
    }

    @Test
    void aWebhookNotYetReachableIsWaitedFor() throws Exception {
        api.answerClusterCreates(admission("unreachable"), admission("unreachable"));

        ImportResult result = run(FakeCnpgOperator.Script.succeed(), Duration.ofSeconds(10), new Timeline());

        assertTrue(result.succeeded(), () -> String.join("\n", result.errorLines()));
    }

    @Test
    void aWebhookRefusalIsBadInputAtOnceWithTheWebhooksWords() {
        api.answerClusterCreates(admission("denied"));
        Instant start = Instant.now();

        BadInputException e = assertThrows(
                BadInputException.class,
                () -> run(FakeCnpgOperator.Script.succeed(), Duration.ofSeconds(30), new Timeline()));

        assertTrue(
                e.getMessage().contains("postImportApplicationSQL is not allowed for the `monolith` import type"),
                e.getMessage());
        assertTrue(Duration.between(start, Instant.now()).toSeconds() < 10, "not retried for the phase timeout");
    }

    @Test
    void aClusterPhaseCnpgDoesNotLeaveEndsTheRehearsalWithItsReason() throws Exception {
        Instant start = Instant.now();

        ImportResult result = run(
                FakeCnpgOperator.Script.of(FakeCnpgOperator.Outcome.CANNOT_CREATE_OBJECTS),
                Duration.ofSeconds(30),
                new Timeline());

        assertEquals(Phases.PROVISION, result.failedPhase());
        assertTrue(
                result.errorLines()
                        .get(0)
                        .contains("'Unable to create required cluster objects' (missing specified"
                                + " server CA secret mastodon-db-server-ca"),
                result.errorLines().get(0));
        assertTrue(Duration.between(start, Instant.now()).toSeconds() < 10, "not waited out");
    }

    @Test
    void anImportContainerWhoseImageCannotBePulledSaysSo() throws Exception {
        ImportResult result = run(
                FakeCnpgOperator.Script.of(FakeCnpgOperator.Outcome.IMAGE_PULL_BACKOFF),
                Duration.ofSeconds(10),
                new Timeline());

        assertEquals(Phases.PROVISION, result.failedPhase());
        assertTrue(
                String.join("\n", result.errorLines())
                        .contains("container import is ImagePullBackOff: Back-off pulling"),
                String.join("\n", result.errorLines()));
    }

    @Test
    void aClusterNoOperatorReconcilesEndsAfterTheGrace() throws Exception {
        Instant start = Instant.now();

        ImportResult result = run(
                FakeCnpgOperator.Script.of(FakeCnpgOperator.Outcome.NEVER_RECONCILES),
                Duration.ofSeconds(30),
                Duration.ofSeconds(1),
                new Timeline(),
                target(null, null));

        assertTrue(result.errorLines().get(0).contains("got no status from CloudNativePG within 1s"));
        assertTrue(result.errorLines().get(0).contains("does not reconcile namespace " + NS));
        assertTrue(Duration.between(start, Instant.now()).toSeconds() < 10, "not waited out");
    }

    @Test
    void exhaustedRetriesEndAsTheFailureTheLogShows() throws Exception {
        ImportResult result = run(
                new FakeCnpgOperator.Script(
                        FakeCnpgOperator.Outcome.EXHAUST_RETRIES, "missing-role", CnpgStream.Facts.defaults(), -1),
                Duration.ofSeconds(10),
                new Timeline());

        assertEquals(Phases.RESTORE_PRE_DATA, result.failedPhase());
        assertEquals(Cause.MISSING_ROLE, diagnosed(result));
    }

    private static JsonNode admission(String answer) {
        return UPSTREAM.kubernetes().path("admission").path(answer);
    }
}
