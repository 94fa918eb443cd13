package org.cnpgrehearsal.manifest;

import java.util.Map;

/** One {@code externalClusters} entry: the origin of the import. */
public record ExternalCluster(
        String name,
        Map<String, String> connectionParameters,
        SecretRef password,
        SecretRef sslCert,
        SecretRef sslKey,
        SecretRef sslRootCert) {

    public String parameter(String key) {
        return connectionParameters.get(key);
    }

    public String user() {
        return connectionParameters.getOrDefault("user", "postgres");
    }

    public String sslMode() {
        return connectionParameters.getOrDefault("sslmode", "prefer");
    }
}
