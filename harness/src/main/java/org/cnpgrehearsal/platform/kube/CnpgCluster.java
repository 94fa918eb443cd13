package org.cnpgrehearsal.platform.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A CNPG {@code Cluster} in the rehearsal namespace, and the names CNPG derives from it. */
public record CnpgCluster(KubernetesClient client, String namespace, String name) {

    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup("postgresql.cnpg.io")
            .withVersion("v1")
            .withKind("Cluster")
            .withPlural("clusters")
            .withNamespaced(true)
            .build();
    public static final String HEALTHY = "Cluster in healthy state";
    public static final String CRD = "clusters.postgresql.cnpg.io";

    /**
     * The phases a Cluster does not leave by itself (CNPG v1.30.0 api/v1/cluster_types.go:734-766): the import Job's
     * retries ran out, or the Cluster names something the operator cannot find or make.
     */
    static final List<String> TERMINAL_PHASES = List.of(
            "Cluster is unrecoverable and needs manual intervention",
            "Unable to create required cluster objects",
            "Invalid cluster definition",
            "Cluster has incomplete or invalid image catalog",
            "Cluster cannot proceed to reconciliation due to an unknown plugin being required");

    public String importJob() {
        return name + "-1-import";
    }

    public String primaryPod() {
        return name + "-1";
    }

    public String superuserSecret() {
        return name + "-superuser";
    }

    /** The labels CNPG puts on the import Job's pod. */
    public Map<String, String> importPodLabels() {
        return Map.of("cnpg.io/jobRole", "import", "cnpg.io/cluster", name);
    }

    public GenericKubernetesResource apply(Map<String, Object> document) {
        GenericKubernetesResource resource =
                client.getKubernetesSerialization().convertValue(document, GenericKubernetesResource.class);
        return client.genericKubernetesResources(CONTEXT)
                .inNamespace(namespace)
                .resource(resource)
                .create();
    }

    public Optional<GenericKubernetesResource> get() {
        return Optional.ofNullable(client.genericKubernetesResources(CONTEXT)
                .inNamespace(namespace)
                .withName(name)
                .get());
    }

    /**
     * What the Cluster's status says: {@code status.phase} ("" before the operator wrote one), {@code
     * status.phaseReason} and its Ready condition.
     */
    public record State(String phase, String reason, boolean ready) {
        public boolean healthy() {
            return ready || HEALTHY.equals(phase);
        }

        public boolean terminal() {
            return TERMINAL_PHASES.contains(phase);
        }

        public String describe() {
            return "'" + phase + "'" + (reason.isEmpty() ? "" : " (" + reason + ")");
        }
    }

    public State state() {
        Optional<GenericKubernetesResource> cluster = get();
        if (cluster.isEmpty()) {
            return new State("", "", false);
        }
        Object conditions = status(cluster.get()).get("conditions");
        boolean ready = conditions instanceof List<?> list
                && list.stream()
                        .anyMatch(c -> c instanceof Map<?, ?> m
                                && "Ready".equals(m.get("type"))
                                && "True".equals(String.valueOf(m.get("status"))));
        return new State(statusField(cluster.get(), "phase"), statusField(cluster.get(), "phaseReason"), ready);
    }

    private static String statusField(GenericKubernetesResource cluster, String key) {
        Object v = status(cluster).get(key);
        return v == null ? "" : String.valueOf(v);
    }

    private static Map<?, ?> status(GenericKubernetesResource cluster) {
        Object status = cluster.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> m ? m : Map.of();
    }
}
