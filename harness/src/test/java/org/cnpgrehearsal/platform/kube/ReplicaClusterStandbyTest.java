package org.cnpgrehearsal.platform.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.cnpgrehearsal.timeline.PhaseHandle;
import org.junit.jupiter.api.Test;

/** The physical strategy's replica cluster against the mock API server, the operator played by the test. */
@EnableKubernetesMockClient(crud = true)
class ReplicaClusterStandbyTest {

    private static final String NS = "rehearsal-ab12";

    KubernetesClient client;

    private static final PhaseHandle HANDLE = new PhaseHandle() {
        @Override
        public void bytes(long bytes) {}

        @Override
        public void detail(String detail) {}

        @Override
        public void progress(String text) {}
    };

    private ReplicaClusterStandby standby() {
        CnpgCluster cluster = new CnpgCluster(client, NS, "mastodon-db");
        Map<String, Object> rewritten = ClusterRewriter.rewrite(
                        ClusterRewriterTest.seedManifest(),
                        "standby",
                        new ClusterRewriter.Target(NS, ClusterRewriterTest.SOURCE, null, null, null, null, true, false))
                .document();
        return new ReplicaClusterStandby(
                cluster, rewritten, "zalando-cluster", Duration.ofSeconds(5), Duration.ofMillis(20), () -> null);
    }

    /** The operator: the Cluster's phase once it appears. */
    private CompletableFuture<Void> operator(String phase, boolean ready) {
        return CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 250; i++) {
                if (new CnpgCluster(client, NS, "mastodon-db").get().isPresent()) {
                    client.genericKubernetesResources(CnpgCluster.CONTEXT)
                            .inNamespace(NS)
                            .withName("mastodon-db")
                            .editStatus(c -> {
                                Map<String, Object> status = new LinkedHashMap<>();
                                status.put("phase", phase);
                                status.put(
                                        "conditions",
                                        List.of(Map.of("type", "Ready", "status", ready ? "True" : "False")));
                                c.setAdditionalProperty("status", status);
                                return c;
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
    void theClusterIsBootstrappedByPgBasebackupAsAReplicaOfTheExternalClusterAndWaitedForUntilHealthy()
            throws Exception {
        CompletableFuture<Void> cnpg = operator(CnpgCluster.HEALTHY, true);
        assertNull(standby().baseBackup(HANDLE), "CNPG's Job copies: the size is not known here, not zero");
        cnpg.get();
        GenericKubernetesResource applied =
                new CnpgCluster(client, NS, "mastodon-db").get().orElseThrow();
        Map<String, Object> spec =
                (Map<String, Object>) applied.getAdditionalProperties().get("spec");
        assertEquals(Map.of("pg_basebackup", Map.of("source", "zalando-cluster")), spec.get("bootstrap"));
        assertEquals(Map.of("enabled", true, "source", "zalando-cluster"), spec.get("replica"));
        assertEquals(1, spec.get("instances"));
        assertEquals(NS, applied.getMetadata().getNamespace());
        assertFalse(spec.containsKey("backup"), "the rewrite still removes what reaches outside the rehearsal");
    }

    @Test
    void anUnrecoverableClusterFailsTheBaseBackupWithItsPhase() {
        CompletableFuture<Void> cnpg = operator("Cluster is unrecoverable and needs manual intervention", false);
        StepFailed e = assertThrows(StepFailed.class, () -> standby().baseBackup(HANDLE));
        cnpg.join();
        assertTrue(e.getMessage().contains("unrecoverable"), e.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void promotionSwitchesTheReplicaClusterOff() throws Exception {
        ReplicaClusterStandby s = standby();
        new CnpgCluster(client, NS, "mastodon-db").apply(s.document());
        // no instance to ask whether it left recovery: the promotion's request is what the mock can show
        assertThrows(Exception.class, s::promote);
        GenericKubernetesResource cluster =
                new CnpgCluster(client, NS, "mastodon-db").get().orElseThrow();
        Map<String, Object> spec =
                (Map<String, Object>) cluster.getAdditionalProperties().get("spec");
        assertEquals(false, ((Map<String, Object>) spec.get("replica")).get("enabled"));
    }
}
