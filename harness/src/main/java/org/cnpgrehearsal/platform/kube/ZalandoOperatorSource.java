package org.cnpgrehearsal.platform.kube;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.util.Sizes;

/**
 * The source run by the Zalando postgres-operator itself: a {@code postgresql} resource with the application's user
 * and database, a volume sized for the fixture, the source major, and {@code spec.tls} with a CA generated for the
 * rehearsal (so that {@code sslmode=verify-ca} can work, as in production with a CA).
 */
public final class ZalandoOperatorSource implements SourceCluster {

    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup("acid.zalan.do")
            .withVersion("v1")
            .withKind("postgresql")
            .withPlural("postgresqls")
            .withNamespaced(true)
            .build();
    public static final String CRD = "postgresqls.acid.zalan.do";
    private static final long MIN_VOLUME = Sizes.parse("1Gi");

    private final KubernetesClient client;
    private final String namespace;
    private final Duration timeout;
    private String cluster;

    public ZalandoOperatorSource(KubernetesClient client, String namespace, Duration timeout) {
        this.client = client;
        this.namespace = namespace;
        this.timeout = timeout;
    }

    @Override
    public SourceEndpoint create(RehearsalPlan plan) throws Exception {
        cluster = SourceCluster.clusterName(plan);
        new SourceSecrets(client, namespace).createTls(cluster, plan);
        GenericKubernetesResource resource =
                client.getKubernetesSerialization().convertValue(resource(plan), GenericKubernetesResource.class);
        await("the Zalando operator to accept the postgresql resource")
                .atMost(timeout)
                .pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .until(() -> client.genericKubernetesResources(CONTEXT)
                                .inNamespace(namespace)
                                .resource(resource)
                                .create()
                        != null);
        String pod = cluster + "-0";
        String superuserSecret = SourceEndpoint.credentialsSecret(RehearsalPlan.SOURCE_SUPERUSER, cluster);
        await("the Zalando cluster " + cluster + " to be ready")
                .atMost(timeout)
                .pollInterval(Duration.ofSeconds(3))
                .until(() -> {
                    Pod p = client.pods().inNamespace(namespace).withName(pod).get();
                    return p != null
                            && Readiness.isPodReady(p)
                            && client.secrets()
                                            .inNamespace(namespace)
                                            .withName(superuserSecret)
                                            .get()
                                    != null;
                });
        return new SourceEndpoint(cluster, namespace, pod, SourceSecrets.caSecret(cluster));
    }

    /** The {@code postgresql} resource: team, one instance, version, volume, users, databases, TLS. */
    Map<String, Object> resource(RehearsalPlan plan) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("teamId", cluster.substring(0, cluster.indexOf('-')));
        spec.put("numberOfInstances", 1);
        spec.put("volume", Map.of("size", Sizes.kubernetesQuantity(Math.max(MIN_VOLUME, 4 * plan.fixtureBytes()))));
        spec.put(
                "postgresql",
                Map.of(
                        "version",
                        String.valueOf(plan.sourceMajor()),
                        "parameters",
                        Map.of("password_encryption", plan.scenario().source().passwordEncryption())));
        spec.put("users", Map.of(plan.appOwner(), List.of("createdb")));
        spec.put("databases", Map.of(plan.appDatabase(), plan.appOwner()));
        spec.put(
                "tls",
                Map.of(
                        "secretName",
                        SourceSecrets.tlsSecret(cluster),
                        "caSecretName",
                        SourceSecrets.caSecret(cluster),
                        "caFile",
                        SourceEndpoint.CA_KEY));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", "acid.zalan.do/v1");
        doc.put("kind", "postgresql");
        doc.put("metadata", Map.of("name", cluster, "namespace", namespace));
        doc.put("spec", spec);
        return doc;
    }

    @Override
    public String superuserPassword() {
        return new SourceSecrets(client, namespace).password(cluster, RehearsalPlan.SOURCE_SUPERUSER);
    }

    /**
     * The operator generated the passwords of its users; the rehearsal's are the plan's. Both the roles and the
     * operator's secrets get the plan's, so that the operator's next sync changes nothing. {@code postgres} keeps the
     * operator's (the platform is connected with it).
     */
    @Override
    public void afterSetUp(Connection superuser, RehearsalPlan plan) throws Exception {
        SourceSecrets secrets = new SourceSecrets(client, namespace);
        try (Statement st = superuser.createStatement()) {
            st.execute("SET password_encryption = '"
                    + plan.scenario().source().passwordEncryption().replace("'", "") + "'");
            for (String user : List.of(plan.importUser(), plan.appOwner())) {
                if (user.equals(RehearsalPlan.SOURCE_SUPERUSER)) {
                    continue;
                }
                String password = plan.credentials().password(user);
                st.execute("ALTER ROLE \"" + user.replace("\"", "\"\"") + "\" PASSWORD '" + password.replace("'", "''")
                        + "'");
                if (client.secrets()
                                .inNamespace(namespace)
                                .withName(SourceEndpoint.credentialsSecret(user, cluster))
                                .get()
                        == null) {
                    secrets.createCredentials(cluster, user, password);
                } else {
                    secrets.updatePassword(cluster, user, password);
                }
            }
        }
    }
}
