package org.cnpgrehearsal.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import org.cnpgrehearsal.engine.PlatformChoice;
import org.cnpgrehearsal.platform.k3s.ContainerEngine;
import org.cnpgrehearsal.platform.kube.K3sOptions;
import org.cnpgrehearsal.platform.kube.KubernetesOptions;
import org.cnpgrehearsal.platform.kube.OperatorOptions;
import org.cnpgrehearsal.platform.kube.SourceFlavor;
import org.cnpgrehearsal.util.BadInputException;
import picocli.CommandLine.Option;

/** Where the rehearsal runs (--platform) and the options of the Kubernetes platforms. */
public final class PlatformOptions {

    @Option(
            names = "--platform",
            description = "auto, local, k3s or kubernetes (default: ${DEFAULT-VALUE}: k3s when a container "
                    + "engine is reachable, else local)",
            defaultValue = "auto")
    String platform;

    @Option(names = "--k3s-image", description = "k3s node image (default: " + K3sOptions.DEFAULT_IMAGE + ")")
    String k3sImage;

    @Option(
            names = "--images-dir",
            description = "folder of image tarballs preloaded into k3s before boot (air-gapped)")
    Path imagesDir;

    @Option(names = "--cnpg-chart-version", description = "cloudnative-pg chart version (default: the pinned one)")
    String cnpgChartVersion;

    @Option(names = "--cnpg-chart", description = "local cloudnative-pg chart archive or folder (air-gapped)")
    Path cnpgChart;

    @Option(
            names = "--cnpg-operator-image",
            description = "operator image, repository:tag (mirror it for air-gapped nodes)")
    String cnpgOperatorImage;

    @Option(names = "--zalando-chart", description = "local postgres-operator chart archive or folder (air-gapped)")
    Path zalandoChart;

    @Option(
            names = "--source-flavor",
            description = "lite (a Zalando-style StatefulSet, default) or zalando (the Zalando operator)",
            defaultValue = "lite")
    String sourceFlavor;

    @Option(
            names = "--phase-timeout",
            description = "longest wait for one phase on Kubernetes, in minutes (default: ${DEFAULT-VALUE})",
            defaultValue = "15")
    long phaseTimeoutMinutes;

    @Option(
            names = "--kubeconfig",
            description =
                    "kubeconfig of an existing cluster (--platform kubernetes; default: $KUBECONFIG or ~/.kube/config)")
    Path kubeconfig;

    @Option(names = "--context", description = "kubeconfig context (default: the current one)")
    String context;

    @Option(
            names = "--skip-operator-install",
            description = "never install operators on an existing cluster (they must be there)")
    boolean skipOperatorInstall;

    /** Decides the platform; prints one line when auto chose. */
    public PlatformChoice choose(PrintStream out) {
        String name = switch (platform) {
            case "auto" -> {
                boolean engine = ContainerEngine.available();
                out.println(
                        engine
                                ? "platform auto: a container engine is reachable, rehearsing on k3s"
                                : "platform auto: no container engine reachable, rehearsing on the local platform (embedded PostgreSQL)");
                yield engine ? "k3s" : "local";
            }
            case "local", "k3s", "kubernetes" -> platform;
            default ->
                throw new BadInputException(
                        "--platform " + platform + " is unknown: use auto, local, k3s or kubernetes");
        };
        if (phaseTimeoutMinutes < 1) {
            throw new BadInputException("--phase-timeout must be at least 1 minute");
        }
        OperatorOptions operators = new OperatorOptions(
                cnpgChartVersion,
                cnpgChart,
                cnpgOperatorImage,
                zalandoChart,
                SourceFlavor.parse(sourceFlavor),
                Duration.ofMinutes(phaseTimeoutMinutes));
        return switch (name) {
            case "local" -> PlatformChoice.local();
            case "k3s" -> PlatformChoice.k3s(new K3sOptions(k3sImage, imagesDir, operators));
            default ->
                PlatformChoice.kubernetes(new KubernetesOptions(kubeconfig, context, skipOperatorInstall, operators));
        };
    }
}
