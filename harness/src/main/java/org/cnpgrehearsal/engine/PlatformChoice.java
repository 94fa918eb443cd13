package org.cnpgrehearsal.engine;

import java.util.function.Function;
import org.cnpgrehearsal.platform.Platform;
import org.cnpgrehearsal.platform.k3s.ContainerEngine;
import org.cnpgrehearsal.platform.k3s.K3sPlatform;
import org.cnpgrehearsal.platform.kube.K3sOptions;
import org.cnpgrehearsal.platform.kube.KubernetesOptions;
import org.cnpgrehearsal.platform.kubernetes.KubernetesPlatform;
import org.cnpgrehearsal.platform.local.LocalPlatform;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.ClientTools;
import org.cnpgrehearsal.util.OsUser;

/**
 * The platform a run uses, decided once from --platform: its name, whether the import runs with this machine's
 * pg_dump/pg_restore (local) or in the operator's image, and how to create a fresh platform for each rehearsal. The
 * one place where platforms are made.
 */
public record PlatformChoice(String name, boolean usesLocalClientTools, Function<ClientTools, Platform> factory) {

    /** The local platform: embedded servers, this machine's pg_dump/pg_restore. */
    public static PlatformChoice local() {
        return new PlatformChoice("local", true, tools -> new LocalPlatform(tools, OsUser.forServers()));
    }

    /** {@code --platform k3s}; bad input (one line, exit 2) when no container engine is reachable. */
    public static PlatformChoice k3s(K3sOptions options) {
        if (!ContainerEngine.available()) {
            throw new BadInputException(
                    "--platform k3s needs a container engine (Docker or a Docker-compatible socket) and none is "
                            + "reachable: start one, or use --platform local, or --platform kubernetes with a kubeconfig");
        }
        return new PlatformChoice("k3s", false, tools -> new K3sPlatform(options));
    }

    /** {@code --platform kubernetes}: the kubeconfig and context are read when the platform provisions. */
    public static PlatformChoice kubernetes(KubernetesOptions options) {
        return new PlatformChoice("kubernetes", false, tools -> new KubernetesPlatform(options));
    }

    /** A fresh platform for one rehearsal; {@code tools} is null when the platform does not use local client tools. */
    public Platform create(ClientTools tools) {
        return factory.apply(tools);
    }
}
