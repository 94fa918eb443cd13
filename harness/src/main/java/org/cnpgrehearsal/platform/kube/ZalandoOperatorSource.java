package org.cnpgrehearsal.platform.kube;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.source.StandInExtensions;
import org.cnpgrehearsal.source.ZalandoSource;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.Sizes;
import org.cnpgrehearsal.util.Sql;

/**
 * The source run by the Zalando postgres-operator itself: a {@code postgresql} resource with the application's user
 * and database, a volume sized for the fixture, the source major, and {@code spec.tls} with a CA generated for the
 * rehearsal (so that {@code sslmode=verify-ca} can work, as in production with a CA). Spilo and the operator make the
 * roles, template objects and database themselves (Spilo's post_init.sh, Patroni's replication user, the resource's
 * users and databases); setting up only aligns Spilo's extensions with the scenario's.
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
    /** The operator's replication_username (chart values.yaml:90): Patroni creates it at bootstrap. */
    static final String REPLICATION_USER = "standby";

    private static final long MIN_VOLUME = Sizes.parse("1Gi");
    /**
     * The postgres group of the Spilo image: with it, the TLS key the operator mounts (mode 0640, k8sres.go
     * generateTlsMounts) is readable by PostgreSQL (zalando docs/user.md, "Custom TLS certificates": "use 103").
     */
    static final long SPILO_FS_GROUP = 103L;

    private final KubernetesClient client;
    private final String namespace;
    private final Duration timeout;
    private final Duration pollInterval;
    private String cluster;

    public ZalandoOperatorSource(KubernetesClient client, String namespace, Duration timeout, Duration pollInterval) {
        this.client = client;
        this.namespace = namespace;
        this.timeout = timeout;
        this.pollInterval = pollInterval;
    }

    @Override
    public SourceEndpoint create(RehearsalPlan plan) throws Exception {
        cluster = SourceCluster.clusterName(plan);
        new SourceSecrets(client, namespace).createTls(cluster, plan);
        GenericKubernetesResource resource =
                client.getKubernetesSerialization().convertValue(resource(plan), GenericKubernetesResource.class);
        // right after the chart's install the CRD may not be served yet (404): retried, like the API server's own
        // failures; a refusal of the resource (the CRD's schema) is the harness's bug and stops at once
        await("the Zalando operator's CRD to accept the postgresql resource")
                .atMost(timeout)
                .pollInterval(pollInterval)
                .until(() -> {
                    try {
                        return client.genericKubernetesResources(CONTEXT)
                                        .inNamespace(namespace)
                                        .resource(resource)
                                        .create()
                                != null;
                    } catch (KubernetesClientException e) {
                        if (e.getCode() == 0 || e.getCode() == 404 || e.getCode() == 429 || e.getCode() >= 500) {
                            return false;
                        }
                        throw new IllegalStateException("the postgresql resource was refused: " + e.getMessage(), e);
                    }
                });
        String pod = cluster + "-0";
        String superuserSecret = SourceEndpoint.credentialsSecret(RehearsalPlan.SOURCE_SUPERUSER, cluster);
        await("the Zalando cluster " + cluster + " to be ready")
                .atMost(timeout)
                .pollInterval(pollInterval)
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
        Map<String, Object> users = new LinkedHashMap<>();
        users.put(plan.appOwner(), List.of("createdb"));
        if (!plan.importUser().equals(REPLICATION_USER) && !plan.importUser().equals(RehearsalPlan.SOURCE_SUPERUSER)) {
            users.putIfAbsent(plan.importUser(), List.of());
        }
        spec.put("users", users);
        spec.put("databases", Map.of(plan.appDatabase(), plan.appOwner()));
        spec.put("spiloFSGroup", SPILO_FS_GROUP);
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

    /**
     * Spilo's post_init.sh creates pg_stat_statements, pg_stat_kcache and set_user in every database (:317-319),
     * template1 included, so the operator's application database has them all. The scenario's source has the
     * extensions it lists: the listed ones are made sure of, Spilo's others dropped, in template1 and the application
     * database.
     */
    @Override
    public String setUp(PgConnection superuser, RehearsalPlan plan) throws Exception {
        Set<String> wanted = ZalandoSource.extensions(plan.scenario().source());
        Set<String> dropped = new TreeSet<>();
        for (String db : List.of("template1", plan.appDatabase())) {
            try (Connection c = superuser.withDatabase(db).open();
                    Statement st = c.createStatement()) {
                for (String extension : wanted) {
                    st.execute("CREATE EXTENSION IF NOT EXISTS " + Sql.ident(extension) + " SCHEMA public");
                }
                for (String extension : installed(st)) {
                    if (StandInExtensions.names().contains(extension) && !wanted.contains(extension)) {
                        st.execute("DROP EXTENSION " + Sql.ident(extension));
                        dropped.add(extension);
                    }
                }
            }
        }
        return "Spilo's roles and template objects, extensions " + wanted
                + (dropped.isEmpty() ? "" : " (Spilo's " + dropped + " dropped: not in the scenario's source)");
    }

    private static List<String> installed(Statement st) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT extname FROM pg_catalog.pg_extension ORDER BY extname")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
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
