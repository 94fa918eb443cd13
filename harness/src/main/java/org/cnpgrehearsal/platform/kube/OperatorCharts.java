package org.cnpgrehearsal.platform.kube;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cnpgrehearsal.util.BadInputException;

/**
 * Installs and removes the operators with helm-java (Helm as a library: no helm binary needed). The values passed are
 * built by {@link #cnpgValues} and {@link #zalandoValues}, so that what is installed can be rendered offline.
 */
public final class OperatorCharts {

    private final String kubeconfig;
    private final Path repositoryConfig;

    /** @param kubeconfig the kubeconfig YAML Helm talks to the cluster with */
    public OperatorCharts(String kubeconfig, Path workDir) throws IOException {
        this.kubeconfig = kubeconfig;
        this.repositoryConfig = Files.createDirectories(workDir).resolve("helm-repositories.yaml");
    }

    /**
     * The CNPG chart's values: the operator image (also the init container of every database pod, so air-gapped
     * nodes need it mirrored; null keeps the chart's), the default operand image, and whether the chart creates the
     * CRDs (not when they are already in the cluster).
     */
    public static Map<String, Object> cnpgValues(String operatorImage, String postgresImage, boolean createCrds) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (operatorImage != null) {
            int colon = operatorImage.lastIndexOf(':');
            boolean tagged = colon > operatorImage.lastIndexOf('/');
            values.put("image.repository", tagged ? operatorImage.substring(0, colon) : operatorImage);
            if (tagged) {
                values.put("image.tag", operatorImage.substring(colon + 1));
            }
        }
        if (postgresImage != null) {
            values.put("config.data.POSTGRES_IMAGE_NAME", postgresImage);
        }
        values.put("crds.create", createCrds);
        return values;
    }

    /**
     * The Zalando chart's values: the operator watches only the rehearsal's namespace (it never acts on another
     * namespace's clusters) and runs {@code spiloImage} when given (null keeps the chart's).
     */
    public static Map<String, Object> zalandoValues(String watchedNamespace, String spiloImage) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("configKubernetes.watched_namespace", watchedNamespace);
        if (spiloImage != null) {
            values.put("configGeneral.docker_image", spiloImage);
        }
        return values;
    }

    /** Installs {@code chart} as {@code release} in {@code namespace} (created when missing) and waits until it is ready. */
    public void install(
            String release, String namespace, ChartRef chart, Map<String, Object> values, Duration timeout) {
        InstallCommand install;
        if (chart.archive() != null) {
            if (!Files.exists(chart.archive())) {
                throw new BadInputException("chart archive " + chart.archive() + " does not exist");
            }
            install = new Helm(chart.archive()).install();
        } else {
            addRepository(chart);
            install = Helm.install(chart.repositoryName() + "/" + chart.chart()).withRepositoryConfig(repositoryConfig);
            if (chart.version() != null) {
                install.withVersion(chart.version());
            }
        }
        install.withName(release)
                .withNamespace(namespace)
                .createNamespace()
                .withKubeConfigContents(kubeconfig)
                .waitReady()
                .withTimeout((int) timeout.toSeconds());
        values.forEach(install::set);
        try {
            install.call();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("helm install of " + chart.describe() + " failed: " + e.getMessage(), e);
        }
    }

    public void uninstall(String release, String namespace) {
        Helm.uninstall(release)
                .withNamespace(namespace)
                .withKubeConfigContents(kubeconfig)
                .ignoreNotFound()
                .call();
    }

    private void addRepository(ChartRef chart) {
        try {
            Helm.repo()
                    .add()
                    .withRepositoryConfig(repositoryConfig)
                    .withName(chart.repositoryName())
                    .withUrl(URI.create(chart.repositoryUrl()))
                    .call();
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    "cannot read the Helm repository " + chart.repositoryUrl() + " (" + e.getMessage()
                            + "); without network access pass a local chart archive (--cnpg-chart / --zalando-chart)",
                    e);
        }
    }
}
