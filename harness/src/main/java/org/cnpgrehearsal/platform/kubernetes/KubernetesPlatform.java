package org.cnpgrehearsal.platform.kubernetes;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.cnpgrehearsal.engine.RehearsalPlan;
import org.cnpgrehearsal.platform.kube.CnpgCluster;
import org.cnpgrehearsal.platform.kube.KubePlatform;
import org.cnpgrehearsal.platform.kube.KubernetesOptions;
import org.cnpgrehearsal.platform.kube.OperatorCharts;
import org.cnpgrehearsal.platform.kube.SourceFlavor;
import org.cnpgrehearsal.platform.kube.ZalandoOperatorSource;
import org.cnpgrehearsal.util.BadInputException;

/**
 * {@code --platform kubernetes}: the rehearsal on an existing cluster (the staging cluster users already have). It
 * runs in a namespace it creates, installs an operator only when the cluster has none (never with
 * {@code --skip-operator-install}), and removes all it created at the end: its namespaces, its Helm releases, and the
 * operators' CRDs when they were not there before. It deletes nothing in a namespace it did not create.
 */
public final class KubernetesPlatform extends KubePlatform {

    static final String RUN_ANNOTATION = "cnpg-rehearsal/run";
    private static final Set<String> OPERATOR_GROUPS = Set.of("postgresql.cnpg.io", "acid.zalan.do");

    private final KubernetesOptions options;
    private final String runId = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private final List<String> createdNamespaces = new ArrayList<>();
    private Set<String> crdsBefore = Set.of();
    private OperatorCharts charts;
    private String cnpgRelease;
    private String zalandoRelease;
    private Kubeconfig config;

    public KubernetesPlatform(KubernetesOptions options) {
        super(options.operators());
        this.options = options;
    }

    /** For tests: a platform on a client that is already connected. */
    KubernetesPlatform(KubernetesOptions options, KubernetesClient client, String kubeconfigYaml) {
        this(options);
        this.client = client;
        this.kubeconfig = kubeconfigYaml;
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    protected void startCluster() {
        if (client == null) {
            config = Kubeconfig.load(options.kubeconfig(), options.context(), System.getenv("KUBECONFIG"), Path.of(System.getProperty("user.home")));
            kubeconfig = config.yaml();
            client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(config.context(), config.yaml(), config.file().toString())).build();
        }
        try {
            client.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            throw new BadInputException("the cluster of " + (config == null ? "the kubeconfig" : "context '" + config.context() + "'")
                    + " cannot be reached: " + e.getMessage());
        }
    }

    @Override
    protected String createNamespace() {
        return createOwnNamespace("cnpg-rehearsal-" + runId);
    }

    /** Creates a namespace that must not exist yet, marked as the rehearsal's; only such namespaces are ever deleted. */
    String createOwnNamespace(String name) {
        if (client.namespaces().withName(name).get() != null) {
            throw new IllegalStateException("namespace " + name + " exists already: the rehearsal only uses namespaces it creates");
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).addToLabels(MANAGED_BY, MANAGER)
                .addToAnnotations(RUN_ANNOTATION, runId).endMetadata().build()).create();
        createdNamespaces.add(name);
        return name;
    }

    @Override
    protected void installOperators(RehearsalPlan plan, OperatorCharts operatorCharts) {
        charts = operatorCharts;
        crdsBefore = operatorCrds();
        if (!crdsBefore.contains(CnpgCluster.CRD)) {
            requireInstallAllowed("CloudNativePG");
            String cnpgNamespace = createOwnNamespace(cnpgNamespace());
            cnpgRelease = "cnpg-" + runId;
            charts.install(cnpgRelease, cnpgNamespace, operators.cnpgChartRef(),
                    OperatorCharts.cnpgValues(operators.cnpgOperatorImage(), targetImage(plan), true), operators.phaseTimeout());
        }
        if (operators.sourceFlavor() == SourceFlavor.ZALANDO && !crdsBefore.contains(ZalandoOperatorSource.CRD)) {
            requireInstallAllowed("the Zalando postgres-operator");
            zalandoRelease = "postgres-operator-" + runId;
            charts.install(zalandoRelease, namespace, operators.zalandoChartRef(), OperatorCharts.zalandoValues(namespace, null),
                    operators.phaseTimeout());
        }
    }

    private void requireInstallAllowed(String operator) {
        if (options.skipOperatorInstall()) {
            throw new BadInputException(operator + " is not installed in this cluster (its CRDs are missing) and --skip-operator-install "
                    + "forbids installing it: install it first, or drop --skip-operator-install");
        }
    }

    /** The CRDs of CNPG and of the Zalando operator present in the cluster. */
    Set<String> operatorCrds() {
        return client.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
                .filter(crd -> OPERATOR_GROUPS.contains(crd.getSpec().getGroup()))
                .map(crd -> crd.getMetadata().getName()).collect(Collectors.toSet());
    }

    @Override
    protected String storageClass() {
        return null;
    }

    @Override
    protected boolean dropResources() {
        return false;
    }

    @Override
    protected String kubeconfigHint() {
        return config == null ? "" : "; kubeconfig " + config.file() + ", context " + config.context();
    }

    /**
     * In order: the Zalando release, the rehearsal namespace (while CNPG still runs to let its resources go), the CNPG
     * release (Helm keeps its record in its namespace), the CNPG namespace, then the CRDs this run brought.
     */
    @Override
    protected void teardown() {
        if (zalandoRelease != null) {
            quietly(() -> charts.uninstall(zalandoRelease, namespace));
        }
        if (namespace != null) {
            quietly(() -> deleteOwnNamespace(namespace));
        }
        if (cnpgRelease != null) {
            quietly(() -> charts.uninstall(cnpgRelease, cnpgNamespace()));
            quietly(() -> deleteOwnNamespace(cnpgNamespace()));
        }
        quietly(this::deleteNewCrds);
        deleteRecursively(workDir);
    }

    private String cnpgNamespace() {
        return "cnpg-rehearsal-system-" + runId;
    }

    /** Deletes a namespace only when this run created it and it carries this run's mark. */
    void deleteOwnNamespace(String name) {
        if (!createdNamespaces.contains(name)) {
            return;
        }
        Namespace ns = client.namespaces().withName(name).get();
        if (ns == null || ns.getMetadata().getAnnotations() == null || !runId.equals(ns.getMetadata().getAnnotations().get(RUN_ANNOTATION))) {
            return;
        }
        client.namespaces().withName(name).delete();
        client.namespaces().withName(name).waitUntilCondition(n -> n == null, 3, TimeUnit.MINUTES);
    }

    /** The operators' CRDs this run brought (Helm keeps CRDs on uninstall), once no resource of theirs is left. */
    void deleteNewCrds() {
        for (String name : operatorCrds()) {
            if (crdsBefore.contains(name)) {
                continue;
            }
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
            ResourceDefinitionContext context = new ResourceDefinitionContext.Builder().withGroup(crd.getSpec().getGroup())
                    .withVersion(crd.getSpec().getVersions().get(0).getName()).withKind(crd.getSpec().getNames().getKind())
                    .withPlural(crd.getSpec().getNames().getPlural()).withNamespaced("Namespaced".equals(crd.getSpec().getScope())).build();
            boolean empty = client.genericKubernetesResources(context).inAnyNamespace().list().getItems().isEmpty();
            if (empty) {
                client.apiextensions().v1().customResourceDefinitions().withName(name).delete();
            }
        }
    }

    private static void quietly(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            System.err.println("cleanup: " + e.getMessage());
        }
    }
}
