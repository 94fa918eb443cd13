package org.cnpgrehearsal.platform.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.cnpgrehearsal.strategy.StepFailed;
import org.junit.jupiter.api.Test;

/** The online strategy's Subscription resource against the mock API server, the instance manager played by the test. */
@EnableKubernetesMockClient(crud = true)
class CnpgSubscriptionTest {

    private static final String NS = "rehearsal-ab12";

    KubernetesClient client;

    private CnpgSubscription subscription(List<String> errors) {
        return new CnpgSubscription(
                client,
                NS,
                ClusterRewriterTest.seedManifest(),
                Duration.ofSeconds(5),
                Duration.ofMillis(20),
                () -> errors);
    }

    /** The instance manager's answer: status.applied (and a message) once the resource appears. */
    private CompletableFuture<Void> instanceManager(boolean applied, String message) {
        return CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 250; i++) {
                List<GenericKubernetesResource> items = client.genericKubernetesResources(CnpgSubscription.CONTEXT)
                        .inNamespace(NS)
                        .list()
                        .getItems();
                if (!items.isEmpty()) {
                    client.genericKubernetesResources(CnpgSubscription.CONTEXT)
                            .inNamespace(NS)
                            .withName(items.get(0).getMetadata().getName())
                            .editStatus(r -> {
                                Map<String, Object> status = new LinkedHashMap<>();
                                status.put("applied", applied);
                                if (message != null) {
                                    status.put("message", message);
                                }
                                r.setAdditionalProperty("status", status);
                                return r;
                            });
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSubscriptionIsWrittenFromTheManifestAndAppliedWhenTheInstanceManagerSaysSo() throws Exception {
        CompletableFuture<Void> cnpg = instanceManager(true, null);
        CnpgSubscription s = subscription(List.of());
        s.subscribe("mastodon", "cnpg_migration", "cnpg_migration");
        cnpg.get();
        GenericKubernetesResource r = client.genericKubernetesResources(CnpgSubscription.CONTEXT)
                .inNamespace(NS)
                .withName("mastodon-db-cnpg-migration")
                .get();
        Map<String, Object> spec =
                (Map<String, Object>) r.getAdditionalProperties().get("spec");
        assertEquals(Map.of("name", "mastodon-db"), spec.get("cluster"));
        assertEquals("zalando-cluster", spec.get("externalClusterName"));
        assertEquals("cnpg_migration", spec.get("publicationName"));
        assertEquals("mastodon", spec.get("dbname"));
        assertEquals("delete", spec.get("subscriptionReclaimPolicy"));

        s.unsubscribe("mastodon", "cnpg_migration");
        assertNull(client.genericKubernetesResources(CnpgSubscription.CONTEXT)
                .inNamespace(NS)
                .withName("mastodon-db-cnpg-migration")
                .get());
    }

    @Test
    void aRefusalCarriesTheInstanceManagersMessageToTheDiagnosis() {
        CompletableFuture<Void> cnpg = instanceManager(
                false,
                "could not create replication slot \"cnpg_migration\": ERROR:  logical decoding requires wal_level "
                        + ">= logical");
        StepFailed e = assertThrows(
                StepFailed.class, () -> subscription(List.of()).subscribe("mastodon", "cnpg_migration", "p"));
        cnpg.join();
        assertTrue(e.errorLines().get(0).contains("logical decoding requires wal_level >= logical"), e.getMessage());
    }

    @Test
    void anInstanceManagerThatNeverAnswersEndsInATimeoutThatSaysSo() {
        StepFailed e = assertThrows(
                StepFailed.class, () -> subscription(List.of()).subscribe("mastodon", "cnpg_migration", "p"));
        assertTrue(e.getMessage().contains("was not applied within 5 s"), e.getMessage());
    }

    @Test
    void workerErrorsAreTheLastTenErrorsOfThePrimarysLog() {
        List<String> errors = java.util.stream.IntStream.range(0, 15)
                .mapToObj(i -> "ERROR: " + i)
                .toList();
        assertEquals(errors.subList(5, 15), subscription(errors).workerErrors());
    }

    @Test
    void thePrimarysLogYieldsPostgresErrorRecordsAndTheInstanceManagersErrors() {
        String log = String.join(
                "\n",
                "{\"level\":\"info\",\"ts\":\"2026-12-04T06:00:00Z\",\"logger\":\"postgres\",\"msg\":\"record\","
                        + "\"record\":{\"error_severity\":\"LOG\",\"message\":\"logical replication apply worker "
                        + "started\"}}",
                "{\"level\":\"info\",\"ts\":\"2026-12-04T06:00:01Z\",\"logger\":\"postgres\",\"msg\":\"record\","
                        + "\"record\":{\"error_severity\":\"ERROR\",\"message\":\"could not start initial contents "
                        + "copy for table \\\"public.accounts\\\": ERROR:  permission denied for table accounts\"}}",
                "{\"level\":\"error\",\"ts\":\"2026-12-04T06:00:02Z\",\"logger\":\"subscription_reconciler\","
                        + "\"msg\":\"while reconciling subscription\",\"error\":\"boom\"}",
                "not json");
        assertEquals(
                List.of(
                        "ERROR: could not start initial contents copy for table \"public.accounts\": ERROR:  "
                                + "permission denied for table accounts",
                        "while reconciling subscription: boom"),
                PrimaryLog.errors(log));
    }
}
