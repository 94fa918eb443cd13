package org.cnpgrehearsal.platform.kube;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.cnpgrehearsal.util.BadInputException;

/**
 * What one rehearsal run created in a cluster it does not own, so that exactly that is removed: namespaces it
 * created (marked with the run's id), and the operators' CRDs that were not there before it.
 */
public final class RunResources {

    public static final String RUN_ANNOTATION = "cnpg-rehearsal/run";
    private static final Set<String> OPERATOR_GROUPS = Set.of("postgresql.cnpg.io", "acid.zalan.do");

    private final KubernetesClient client;
    private final String runId;
    private final List<String> createdNamespaces = new ArrayList<>();
    private Set<String> crdsBefore;

    public RunResources(KubernetesClient client, String runId) {
        this.client = client;
        this.runId = runId;
    }

    /** Creates a namespace that must not exist yet, marked as this run's. */
    public String createNamespace(String name) {
        if (client.namespaces().withName(name).get() != null) {
            throw new IllegalStateException(
                    "namespace " + name + " exists already: the rehearsal only uses namespaces it creates");
        }
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .addToLabels(KubePlatform.MANAGED_BY, KubePlatform.MANAGER)
                        .addToAnnotations(RUN_ANNOTATION, runId)
                        .endMetadata()
                        .build())
                .create();
        createdNamespaces.add(name);
        return name;
    }

    /** Deletes a namespace only when this run created it and it still carries the run's mark; waits until it is gone. */
    public void deleteNamespace(String name) {
        if (!createdNamespaces.contains(name)) {
            return;
        }
        Namespace ns = client.namespaces().withName(name).get();
        if (ns == null
                || ns.getMetadata().getAnnotations() == null
                || !runId.equals(ns.getMetadata().getAnnotations().get(RUN_ANNOTATION))) {
            return;
        }
        client.namespaces().withName(name).delete();
        client.namespaces().withName(name).waitUntilCondition(n -> n == null, 3, TimeUnit.MINUTES);
    }

    /**
     * Whether an operator must be installed: not when its CRD is in the cluster. A missing operator with
     * {@code skipInstall} is bad input. The first call records the CRDs present before the run.
     */
    public boolean needsInstall(String crd, String operator, boolean skipInstall) {
        if (crdsBefore == null) {
            crdsBefore = operatorCrds();
        }
        if (crdsBefore.contains(crd)) {
            return false;
        }
        if (skipInstall) {
            throw new BadInputException(
                    operator + " is not installed in this cluster (CRD " + crd + " is missing) and "
                            + "--skip-operator-install forbids installing it: install it first, or drop --skip-operator-install");
        }
        return true;
    }

    /** The CRDs of CNPG and of the Zalando operator present in the cluster. */
    public Set<String> operatorCrds() {
        return client.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
                .filter(crd -> OPERATOR_GROUPS.contains(crd.getSpec().getGroup()))
                .map(crd -> crd.getMetadata().getName())
                .collect(Collectors.toSet());
    }

    /** Deletes the operators' CRDs this run brought (Helm keeps CRDs on uninstall), each once no resource of it is left. */
    public void deleteNewCrds() {
        if (crdsBefore == null) {
            return;
        }
        for (String name : operatorCrds()) {
            if (crdsBefore.contains(name)) {
                continue;
            }
            CustomResourceDefinition crd = client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(name)
                    .get();
            ResourceDefinitionContext context = new ResourceDefinitionContext.Builder()
                    .withGroup(crd.getSpec().getGroup())
                    .withVersion(crd.getSpec().getVersions().get(0).getName())
                    .withKind(crd.getSpec().getNames().getKind())
                    .withPlural(crd.getSpec().getNames().getPlural())
                    .withNamespaced("Namespaced".equals(crd.getSpec().getScope()))
                    .build();
            if (client.genericKubernetesResources(context)
                    .inAnyNamespace()
                    .list()
                    .getItems()
                    .isEmpty()) {
                client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(name)
                        .delete();
            }
        }
    }
}
