package org.cnpgrehearsal.platform.k3s;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.platform.kube.ImageTarballs;
import org.cnpgrehearsal.platform.kube.K3sOptions;
import org.cnpgrehearsal.platform.kube.KubePlatform;
import org.cnpgrehearsal.platform.kube.OperatorCharts;
import org.cnpgrehearsal.platform.kube.SizedVolume;
import org.cnpgrehearsal.platform.kube.SourceFlavor;
import org.testcontainers.containers.Container;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * {@code --platform k3s}: a throwaway k3s cluster in a container (Testcontainers), with the real CNPG operator and
 * the chosen source inside. The whole cluster is the rehearsal's, so removing the container removes everything.
 */
public final class K3sPlatform extends KubePlatform {

    /** Where k3s imports image tarballs from when it boots (air-gapped images). */
    static final String AIRGAP_IMAGES = "/var/lib/rancher/k3s/agent/images/";

    static final String NAMESPACE = "cnpg-rehearsal";
    static final String CNPG_NAMESPACE = "cnpg-system";

    private final K3sOptions options;
    private K3sContainer k3s;

    public K3sPlatform(K3sOptions options) {
        super(options.operators());
        this.options = options;
    }

    @Override
    public String name() {
        return "k3s";
    }

    @Override
    protected void startCluster() throws IOException {
        k3s = new K3sContainer(DockerImageName.parse(options.k3sImage()).asCompatibleSubstituteFor("rancher/k3s"));
        for (Path tarball : ImageTarballs.in(options.imagesDir())) {
            k3s.withCopyFileToContainer(MountableFile.forHostPath(tarball), AIRGAP_IMAGES + tarball.getFileName());
        }
        k3s.start();
        kubeconfig = k3s.getKubeConfigYaml();
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfig))
                .build();
    }

    @Override
    protected String createNamespace() {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NAMESPACE)
                        .addToLabels(MANAGED_BY, MANAGER)
                        .endMetadata()
                        .build())
                .create();
        return NAMESPACE;
    }

    @Override
    protected void installOperators(RehearsalPlan plan, OperatorCharts charts) {
        charts.install(
                "cnpg",
                CNPG_NAMESPACE,
                operators.cnpgChartRef(),
                OperatorCharts.cnpgValues(operators.cnpgOperatorImage(), targetImage(plan), true),
                operators.phaseTimeout());
        if (operators.sourceFlavor() == SourceFlavor.ZALANDO) {
            charts.install(
                    "postgres-operator",
                    namespace,
                    operators.zalandoChartRef(),
                    OperatorCharts.zalandoValues(namespace, null),
                    operators.phaseTimeout());
        }
    }

    @Override
    protected String storageClass() {
        return "local-path";
    }

    @Override
    protected boolean dropResources() {
        return true;
    }

    @Override
    protected SizedVolume.NodeShell nodeShell() {
        return argv -> {
            Container.ExecResult result = k3s.execInContainer(argv);
            if (result.getExitCode() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " failed on the k3s node: "
                        + result.getStderr().strip());
            }
        };
    }

    @Override
    protected String kubeconfigHint() {
        if (kubeconfig == null || workDir == null) {
            return "";
        }
        try {
            Path file = Files.writeString(workDir.resolve("kubeconfig.yaml"), kubeconfig);
            return "; kubeconfig " + file
                    + " (the k3s container stops when the harness exits unless TESTCONTAINERS_RYUK_DISABLED=true)";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    protected void teardown() {
        if (k3s != null) {
            k3s.stop();
        }
        deleteRecursively(workDir);
    }
}
