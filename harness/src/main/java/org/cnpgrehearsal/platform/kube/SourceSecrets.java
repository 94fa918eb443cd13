package org.cnpgrehearsal.platform.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.source.Certificates;

/**
 * The source's TLS material and user secrets. The CA secret holds what the manifest trusts: the CA that signed the
 * server certificate when the scenario's {@code source.tls} is {@code matching-ca}, an unrelated CA otherwise (as
 * with Spilo's self-signed certificate, which no CA verifies).
 */
final class SourceSecrets {

    static final String MATCHING_CA = "matching-ca";

    private final KubernetesClient client;
    private final String namespace;

    SourceSecrets(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    static String tlsSecret(String cluster) {
        return cluster + "-tls";
    }

    static String caSecret(String cluster) {
        return cluster + "-ca";
    }

    /** Creates {@code <cluster>-tls} (tls.crt, tls.key, ca.crt) and {@code <cluster>-ca} (ca.crt). */
    void createTls(String cluster, RehearsalPlan plan) throws Exception {
        Certificates ca = new Certificates("cnpg-rehearsal source CA");
        Certificates.Pem server = ca.server(
                cluster,
                cluster,
                cluster + "." + namespace,
                cluster + "." + namespace + ".svc",
                cluster + "." + namespace + ".svc.cluster.local",
                "localhost",
                "127.0.0.1");
        create(
                tlsSecret(cluster),
                Map.of("tls.crt", server.certificate(), "tls.key", server.privateKey(), "ca.crt", ca.caPem()));
        String trusted = MATCHING_CA.equals(plan.scenario().source().tls())
                ? ca.caPem()
                : new Certificates("unrelated CA").caPem();
        create(caSecret(cluster), Map.of(SourceEndpoint.CA_KEY, trusted));
    }

    /** A user's secret named and keyed as the Zalando operator does ({@code username}, {@code password}). */
    void createCredentials(String cluster, String user, String password) {
        create(SourceEndpoint.credentialsSecret(user, cluster), Map.of("username", user, "password", password));
    }

    void updatePassword(String cluster, String user, String password) {
        client.secrets()
                .inNamespace(namespace)
                .withName(SourceEndpoint.credentialsSecret(user, cluster))
                .edit(s -> new SecretBuilder(s)
                        .addToData("password", base64(password))
                        .build());
    }

    String password(String cluster, String user) {
        Secret secret = client.secrets()
                .inNamespace(namespace)
                .withName(SourceEndpoint.credentialsSecret(user, cluster))
                .get();
        return new String(Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8);
    }

    private void create(String name, Map<String, String> values) {
        SecretBuilder b = new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels(KubePlatform.MANAGED_BY, KubePlatform.MANAGER)
                .endMetadata();
        values.forEach((k, v) -> b.addToData(k, base64(v)));
        client.secrets().inNamespace(namespace).resource(b.build()).create();
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
