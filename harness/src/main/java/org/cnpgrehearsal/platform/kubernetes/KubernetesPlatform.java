package org.cnpgrehearsal.platform.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.platform.kube.CnpgCluster;
import org.cnpgrehearsal.platform.kube.KubePlatform;
import org.cnpgrehearsal.platform.kube.Kubeconfig;
import org.cnpgrehearsal.platform.kube.KubernetesOptions;
import org.cnpgrehearsal.platform.kube.OperatorCharts;
import org.cnpgrehearsal.platform.kube.RunResources;
import org.cnpgrehearsal.platform.kube.SourceFlavor;
import org.cnpgrehearsal.platform.kube.ZalandoOperatorSource;
import org.cnpgrehearsal.util.BadInputException;

/**
 * {@code --platform kubernetes}: the rehearsal on an existing cluster (the staging cluster users already have). It
 * runs in a namespace it creates, installs an operator only when the cluster has none (never with
 * {@code --skip-operator-install}), and removes all it created at the end (see {@link RunResources}). It deletes
 * nothing in a namespace it did not create.
 */
public final class KubernetesPlatform extends KubePlatform {

    private final KubernetesOptions options;
    private final String runId = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private RunResources resources;
    private OperatorCharts charts;
    private String cnpgRelease;
    private String zalandoRelease;
    private Kubeconfig config;

    public KubernetesPlatform(KubernetesOptions options) {
        super(options.operators());
        this.options = options;
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    protected void startCluster() {
        config = Kubeconfig.load(
                options.kubeconfig(),
                options.context(),
                System.getenv("KUBECONFIG"),
                Path.of(System.getProperty("user.home")));
        kubeconfig = config.yaml();
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(
                        config.context(), config.yaml(), config.file().toString()))
                .build();
        try {
            client.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            throw new BadInputException("the cluster of context '" + config.context() + "' (" + config.file()
                    + ") cannot be reached: " + e.getMessage());
        }
        resources = new RunResources(client, runId);
    }

    @Override
    protected String createNamespace() {
        return resources.createNamespace("cnpg-rehearsal-" + runId);
    }

    @Override
    protected void installOperators(RehearsalPlan plan, OperatorCharts operatorCharts) {
        charts = operatorCharts;
        if (resources.needsInstall(CnpgCluster.CRD, "CloudNativePG", options.skipOperatorInstall())) {
            cnpgRelease = "cnpg-" + runId;
            charts.install(
                    cnpgRelease,
                    resources.createNamespace(cnpgNamespace()),
                    operators.cnpgChartRef(),
                    OperatorCharts.cnpgValues(operators.cnpgOperatorImage(), targetImage(plan), true),
                    operators.phaseTimeout());
        }
        if (operators.sourceFlavor() == SourceFlavor.ZALANDO
                && resources.needsInstall(
                        ZalandoOperatorSource.CRD, "The Zalando postgres-operator", options.skipOperatorInstall())) {
            zalandoRelease = "postgres-operator-" + runId;
            charts.install(
                    zalandoRelease,
                    namespace,
                    operators.zalandoChartRef(),
                    OperatorCharts.zalandoValues(namespace, null),
                    operators.phaseTimeout());
        }
    }

    private String cnpgNamespace() {
        return "cnpg-rehearsal-system-" + runId;
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
        if (resources == null) {
            return;
        }
        if (zalandoRelease != null) {
            quietly(() -> charts.uninstall(zalandoRelease, namespace));
        }
        if (namespace != null) {
            quietly(() -> resources.deleteNamespace(namespace));
        }
        if (cnpgRelease != null) {
            quietly(() -> charts.uninstall(cnpgRelease, cnpgNamespace()));
            quietly(() -> resources.deleteNamespace(cnpgNamespace()));
        }
        quietly(resources::deleteNewCrds);
        deleteRecursively(workDir);
    }

    private static void quietly(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            System.err.println("cleanup: " + e.getMessage());
        }
    }
}
