package org.cnpgrehearsal.platform.kube;

import org.cnpgrehearsal.platform.Platform;
import org.cnpgrehearsal.platform.k3s.K3sPlatform;
import org.cnpgrehearsal.platform.kubernetes.KubernetesPlatform;
import org.cnpgrehearsal.util.BadInputException;
import org.testcontainers.DockerClientFactory;

/** The Kubernetes platforms, as the CLI asks for them. */
public final class KubePlatforms {

    /** {@code --platform k3s}; bad input (one line, exit 2) when no container engine is reachable. */
    public static Platform k3s(K3sOptions options) {
        if (!containerEngineAvailable()) {
            throw new BadInputException("--platform k3s needs a container engine (Docker or a Docker-compatible socket) and none is "
                    + "reachable: start one, or use --platform local, or --platform kubernetes with a kubeconfig");
        }
        return new K3sPlatform(options);
    }

    /** {@code --platform kubernetes}: the kubeconfig and context are read when the platform provisions. */
    public static Platform kubernetes(KubernetesOptions options) {
        return new KubernetesPlatform(options);
    }

    /** Whether Testcontainers reaches a container engine (what {@code --platform auto} picks k3s on). */
    public static boolean containerEngineAvailable() {
        quietEngineDiscovery();
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * Testcontainers logs every failed discovery strategy as an error; without an engine the user should read one
     * line, not those. Levels set by the user (system properties) win.
     */
    private static void quietEngineDiscovery() {
        String prefix = "org.slf4j.simpleLogger.log.";
        for (String[] level : new String[][] {{"org.testcontainers.dockerclient", "off"}, {"org.testcontainers.DockerClientFactory", "warn"}}) {
            if (System.getProperty(prefix + level[0]) == null) {
                System.setProperty(prefix + level[0], level[1]);
            }
        }
    }

    private KubePlatforms() {
    }
}
