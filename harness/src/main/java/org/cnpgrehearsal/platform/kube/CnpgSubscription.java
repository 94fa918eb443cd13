package org.cnpgrehearsal.platform.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.StrategyManifests;
import org.cnpgrehearsal.strategy.StepFailed;
import org.cnpgrehearsal.strategy.Subscriber;

/**
 * The online strategy's subscription on Kubernetes: CNPG's {@code Subscription} resource (postgresql.cnpg.io/v1)
 * written from the user's manifest, which the instance manager turns into {@code CREATE SUBSCRIPTION} through the
 * Cluster's externalClusters entry; applied when {@code status.applied} is true, refused with {@code status.message}.
 * Deleted after the cutover ({@code subscriptionReclaimPolicy: delete}, so PostgreSQL drops it and its slot).
 */
public final class CnpgSubscription implements Subscriber {

    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup("postgresql.cnpg.io")
            .withVersion("v1")
            .withKind("Subscription")
            .withPlural("subscriptions")
            .withNamespaced(true)
            .build();

    private final KubernetesClient client;
    private final String namespace;
    private final ClusterManifest manifest;
    private final Duration timeout;
    private final Duration poll;
    private final Supplier<List<String>> instanceErrors;
    private String resourceName;

    /**
     * @param manifest the user's Cluster (its name and externalClusters entry name the Subscription's)
     * @param instanceErrors the error lines of the primary's PostgreSQL log, as the instance manager writes it
     */
    public CnpgSubscription(
            KubernetesClient client,
            String namespace,
            ClusterManifest manifest,
            Duration timeout,
            Duration poll,
            Supplier<List<String>> instanceErrors) {
        this.client = client;
        this.namespace = namespace;
        this.manifest = manifest;
        this.timeout = timeout;
        this.poll = poll;
        this.instanceErrors = instanceErrors;
    }

    /** The resource as applied: the user's, in the rehearsal namespace. */
    @SuppressWarnings("unchecked")
    Map<String, Object> document(String database, String name, String publication) {
        Map<String, Object> doc = StrategyManifests.subscription(manifest, database, name, publication);
        ((Map<String, Object>) doc.get("metadata")).put("namespace", namespace);
        return doc;
    }

    @Override
    public void subscribe(String database, String name, String publication) throws Exception {
        Map<String, Object> doc = document(database, name, publication);
        GenericKubernetesResource resource =
                client.getKubernetesSerialization().convertValue(doc, GenericKubernetesResource.class);
        resourceName = resource.getMetadata().getName();
        client.genericKubernetesResources(CONTEXT)
                .inNamespace(namespace)
                .resource(resource)
                .create();
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < deadline) {
            Map<?, ?> status = status();
            if (Boolean.TRUE.equals(status.get("applied"))) {
                return;
            }
            if (Boolean.FALSE.equals(status.get("applied"))) {
                List<String> lines = new ArrayList<>(
                        List.of(String.valueOf(status.get("message")).split("\n")));
                lines.add("(Subscription " + resourceName + ": status.applied false)");
                throw new StepFailed(lines);
            }
            Thread.sleep(poll.toMillis());
        }
        throw new StepFailed(List.of("the Subscription " + resourceName + " was not applied within "
                + timeout.toSeconds() + " s (no status.applied from the instance manager)"));
    }

    private Map<?, ?> status() {
        GenericKubernetesResource r = client.genericKubernetesResources(CONTEXT)
                .inNamespace(namespace)
                .withName(resourceName)
                .get();
        Object status = r == null ? null : r.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> m ? m : Map.of();
    }

    /** Deletes the resource; with reclaim policy delete, the instance manager drops the subscription first. */
    @Override
    public void unsubscribe(String database, String name) throws Exception {
        client.genericKubernetesResources(CONTEXT)
                .inNamespace(namespace)
                .withName(resourceName)
                .delete();
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (client.genericKubernetesResources(CONTEXT)
                        .inNamespace(namespace)
                        .withName(resourceName)
                        .get()
                != null) {
            if (System.currentTimeMillis() > deadline) {
                throw new StepFailed(List.of("the Subscription " + resourceName + " was not removed within "
                        + timeout.toSeconds() + " s (its finalizer waits for DROP SUBSCRIPTION)"));
            }
            Thread.sleep(poll.toMillis());
        }
    }

    @Override
    public List<String> workerErrors() {
        List<String> errors = instanceErrors.get();
        return errors.subList(Math.max(0, errors.size() - 10), errors.size());
    }

    @Override
    public String connection(String database) {
        return "externalClusters " + manifest.importSource().name() + " (CNPG's instance manager builds it: the "
                + "entry's connection parameters, dbname=" + database + ", its CA as sslrootcert, a passfile)";
    }
}
