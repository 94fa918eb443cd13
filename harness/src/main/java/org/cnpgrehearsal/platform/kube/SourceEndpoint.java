package org.cnpgrehearsal.platform.kube;

/**
 * The rehearsal's Zalando-style source as the import Job reaches it: the in-cluster host, the pod behind it (for
 * port-forwards), and the secrets named the way the Zalando operator names them.
 */
public record SourceEndpoint(String clusterName, String namespace, String podName, String caSecret) {

    public static final int PORT = 5432;
    public static final String CA_KEY = "ca.crt";

    /** The primary service's DNS name inside the cluster. */
    public String host() {
        return clusterName + "." + namespace + ".svc";
    }

    /** The Zalando operator's secret of a user: {@code <user>.<cluster>.credentials.postgresql.acid.zalan.do}. */
    public String credentialsSecret(String user) {
        return credentialsSecret(user, clusterName);
    }

    public static String credentialsSecret(String user, String cluster) {
        return user.replace('_', '-') + "." + cluster + ".credentials.postgresql.acid.zalan.do";
    }
}
