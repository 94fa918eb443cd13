package org.cnpgrehearsal.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.cnpgrehearsal.engine.PlatformChoice;
import org.cnpgrehearsal.platform.k3s.ContainerEngine;
import org.cnpgrehearsal.platform.kube.K3sOptions;
import org.cnpgrehearsal.platform.kube.Kubeconfig;
import org.cnpgrehearsal.platform.kube.KubernetesOptions;
import org.cnpgrehearsal.platform.kube.OperatorOptions;
import org.cnpgrehearsal.platform.kube.SourceFlavor;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.Durations;
import org.cnpgrehearsal.util.InputFiles;
import picocli.CommandLine.Option;

/**
 * Where the rehearsal runs (--platform) and the options of the Kubernetes platforms. Each of those options belongs
 * to k3s, to an existing cluster, or to both; given with a platform it does not belong to, it is bad input rather
 * than silently ignored.
 */
public final class PlatformOptions {

    @Option(
            names = "--platform",
            paramLabel = "PLATFORM",
            description = "auto, local, k3s or kubernetes (default: ${DEFAULT-VALUE}: k3s when a container "
                    + "engine is reachable, else local)",
            defaultValue = "auto")
    String platform;

    @Option(
            names = "--k3s-image",
            paramLabel = "IMAGE",
            description = "k3s node image (default: " + K3sOptions.DEFAULT_IMAGE + ")")
    String k3sImage;

    @Option(
            names = "--images-dir",
            paramLabel = "DIR",
            description = "folder of image tarballs preloaded into k3s before boot (air-gapped)")
    Path imagesDir;

    @Option(
            names = "--cnpg-chart-version",
            paramLabel = "VERSION",
            description = "cloudnative-pg chart version (default: the pinned one)")
    String cnpgChartVersion;

    @Option(
            names = "--cnpg-chart",
            paramLabel = "FILE.tgz",
            description = "local cloudnative-pg chart archive or folder (air-gapped)")
    Path cnpgChart;

    @Option(
            names = "--cnpg-operator-image",
            paramLabel = "IMAGE",
            description = "operator image, repository:tag (mirror it for air-gapped nodes)")
    String cnpgOperatorImage;

    @Option(
            names = "--zalando-chart",
            paramLabel = "FILE.tgz",
            description = "local postgres-operator chart archive or folder (air-gapped)")
    Path zalandoChart;

    @Option(
            names = "--source-flavor",
            paramLabel = "FLAVOR",
            description = "lite (a Zalando-style StatefulSet, default) or zalando (the Zalando operator)")
    String sourceFlavor;

    @Option(
            names = "--phase-timeout",
            paramLabel = "DURATION",
            description = "longest wait for one phase on Kubernetes, such as 15m or 900s (default: 15m)")
    String phaseTimeout;

    @Option(
            names = "--kubeconfig",
            paramLabel = "FILE",
            description =
                    "kubeconfig of an existing cluster (--platform kubernetes; default: $KUBECONFIG or ~/.kube/config)")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "kubeconfig context (default: the current one)")
    String context;

    @Option(
            names = "--skip-operator-install",
            description = "never install operators on an existing cluster (they must be there)")
    boolean skipOperatorInstall;

    /** Decides the platform after checking every option given for it; prints one line when auto chose. */
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
        requireOnly(name);
        if (name.equals("local")) {
            return PlatformChoice.local();
        }
        OperatorOptions operators = new OperatorOptions(
                cnpgChartVersion,
                cnpgChart == null ? null : existing("--cnpg-chart", cnpgChart),
                cnpgOperatorImage,
                zalandoChart == null ? null : existing("--zalando-chart", zalandoChart),
                SourceFlavor.parse(sourceFlavor == null ? "lite" : sourceFlavor),
                phaseTimeout == null ? Duration.ofMinutes(15) : Durations.parse("--phase-timeout", phaseTimeout, "m"));
        if (name.equals("k3s")) {
            if (imagesDir != null) {
                InputFiles.readableFolder("--images-dir", imagesDir);
            }
            return PlatformChoice.k3s(new K3sOptions(k3sImage, imagesDir, operators));
        }
        // read now, so that a missing file or an unknown context stops the run before anything starts
        Kubeconfig.load(kubeconfig, context, System.getenv("KUBECONFIG"), Path.of(System.getProperty("user.home")));
        return PlatformChoice.kubernetes(new KubernetesOptions(kubeconfig, context, skipOperatorInstall, operators));
    }

    /** The options given that {@code chosen} does not use: bad input, with the platform they belong to. */
    private void requireOnly(String chosen) {
        List<String> wrong = new ArrayList<>();
        boolean kube = !chosen.equals("local");
        check(wrong, k3sImage != null && !chosen.equals("k3s"), "--k3s-image (k3s)");
        check(wrong, imagesDir != null && !chosen.equals("k3s"), "--images-dir (k3s)");
        check(wrong, kubeconfig != null && !chosen.equals("kubernetes"), "--kubeconfig (kubernetes)");
        check(wrong, context != null && !chosen.equals("kubernetes"), "--context (kubernetes)");
        check(wrong, skipOperatorInstall && !chosen.equals("kubernetes"), "--skip-operator-install (kubernetes)");
        check(wrong, cnpgChartVersion != null && !kube, "--cnpg-chart-version (k3s, kubernetes)");
        check(wrong, cnpgChart != null && !kube, "--cnpg-chart (k3s, kubernetes)");
        check(wrong, cnpgOperatorImage != null && !kube, "--cnpg-operator-image (k3s, kubernetes)");
        check(wrong, zalandoChart != null && !kube, "--zalando-chart (k3s, kubernetes)");
        check(wrong, sourceFlavor != null && !kube, "--source-flavor (k3s, kubernetes)");
        check(wrong, phaseTimeout != null && !kube, "--phase-timeout (k3s, kubernetes)");
        if (!wrong.isEmpty()) {
            throw new BadInputException(String.join(", ", wrong) + (wrong.size() == 1 ? " does" : " do")
                    + " not apply to the " + chosen + " platform: leave "
                    + (wrong.size() == 1 ? "it" : "them") + " out or pass --platform");
        }
    }

    private static void check(List<String> wrong, boolean given, String option) {
        if (given) {
            wrong.add(option);
        }
    }

    private static Path existing(String option, Path p) {
        return Files.isDirectory(p) ? InputFiles.readableFolder(option, p) : InputFiles.readableFile(option, p);
    }
}
