package org.cnpgrehearsal.platform.k3s;

import org.testcontainers.DockerClientFactory;

/** Whether a container engine is reachable, as Testcontainers finds one (what k3s needs, and what --platform auto asks). */
public final class ContainerEngine {

    public static boolean available() {
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
        for (String[] level : new String[][] {
            {"org.testcontainers.dockerclient", "off"}, {"org.testcontainers.DockerClientFactory", "warn"}
        }) {
            if (System.getProperty(prefix + level[0]) == null) {
                System.setProperty(prefix + level[0], level[1]);
            }
        }
    }

    private ContainerEngine() {}
}
