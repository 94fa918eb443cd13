package org.cnpgrehearsal.platform.kube;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.source.StandInExtensions;
import org.cnpgrehearsal.source.ZalandoSource;
import org.cnpgrehearsal.util.PgConnection;

/**
 * The lite source: the official PostgreSQL image as a one-pod StatefulSet, set up the way the Zalando operator sets
 * up Spilo: services {@code <cluster>} and {@code <cluster>-repl} with port {@code postgresql}, the Zalando pod labels,
 * user secrets named as Zalando names them, {@code ssl=on} with a certificate from a per-rehearsal CA, Spilo's
 * pg_hba rules (no plain connections, md5 over TLS), PGDATA where Spilo keeps it. The official image ships only the
 * server package (docker-library/postgres Dockerfile-debian.template), so Spilo's own extensions get the harness's
 * stand-ins, mounted file by file into the image's extension folder. Roles, grants and template objects come from
 * {@code ZalandoSource}, run by the platform through a port-forward.
 */
public final class LiteSource implements SourceCluster {

    static final String PGDATA = "/home/postgres/pgdata/pgroot/data";
    /** Where the Debian packages of the official image keep a major's extensions (postgresql-<major>). */
    static final String EXTENSION_DIR = "/usr/share/postgresql/%d/extension/";
    /** The postgres user of the official Debian-based image. */
    private static final long POSTGRES_UID = 999L;

    private final KubernetesClient client;
    private final String namespace;
    private final Duration timeout;
    private final Duration pollInterval;
    private String cluster;

    public LiteSource(KubernetesClient client, String namespace, Duration timeout, Duration pollInterval) {
        this.client = client;
        this.namespace = namespace;
        this.timeout = timeout;
        this.pollInterval = pollInterval;
    }

    @Override
    public SourceEndpoint create(RehearsalPlan plan) throws Exception {
        cluster = SourceCluster.clusterName(plan);
        SourceSecrets secrets = new SourceSecrets(client, namespace);
        secrets.createTls(cluster, plan);
        for (String user : List.of(RehearsalPlan.SOURCE_SUPERUSER, plan.importUser(), plan.appOwner())) {
            if (client.secrets()
                            .inNamespace(namespace)
                            .withName(SourceEndpoint.credentialsSecret(user, cluster))
                            .get()
                    == null) {
                secrets.createCredentials(cluster, user, plan.credentials().password(user));
            }
        }
        client.configMaps()
                .inNamespace(namespace)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(cluster + "-hba")
                        .endMetadata()
                        .addToData("pg_hba.conf", ZalandoSource.HBA)
                        .build())
                .create();
        client.configMaps().inNamespace(namespace).resource(standIns()).create();
        client.apps()
                .statefulSets()
                .inNamespace(namespace)
                .resource(statefulSet(plan))
                .create();
        service(cluster, "master");
        service(cluster + "-repl", "replica");
        String pod = cluster + "-0";
        await("the source pod " + pod + " to be ready")
                .atMost(timeout)
                .pollInterval(pollInterval)
                .until(() -> {
                    Pod p = client.pods().inNamespace(namespace).withName(pod).get();
                    return p != null && Readiness.isPodReady(p);
                });
        return new SourceEndpoint(cluster, namespace, pod, SourceSecrets.caSecret(cluster));
    }

    @Override
    public String setUp(PgConnection superuser, RehearsalPlan plan) throws Exception {
        ZalandoSource.setUp(superuser, plan);
        return "Spilo roles, template objects and extensions "
                + ZalandoSource.extensions(plan.scenario().source());
    }

    /** Spilo's extensions the official image lacks, as the harness's stand-ins: one config map key per file. */
    private ConfigMap standIns() {
        Map<String, String> files = new TreeMap<>();
        StandInExtensions.names().forEach(name -> files.putAll(StandInExtensions.files(name)));
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(standInsName())
                .endMetadata()
                .withData(files)
                .build();
    }

    private String standInsName() {
        return cluster + "-stand-in-extensions";
    }

    @Override
    public String superuserPassword() {
        return new SourceSecrets(client, namespace).password(cluster, RehearsalPlan.SOURCE_SUPERUSER);
    }

    private Map<String, String> labels(String role) {
        return Map.of("application", "spilo", "cluster-name", cluster, "spilo-role", role);
    }

    StatefulSet statefulSet(RehearsalPlan plan) {
        String superuserSecret = SourceEndpoint.credentialsSecret(RehearsalPlan.SOURCE_SUPERUSER, cluster);
        return new StatefulSetBuilder()
                .withNewMetadata()
                .withName(cluster)
                .withLabels(labels("master"))
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withServiceName(cluster)
                .withNewSelector()
                .withMatchLabels(labels("master"))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels("master"))
                .endMetadata()
                .withNewSpec()
                .withNewSecurityContext()
                .withFsGroup(POSTGRES_UID)
                .endSecurityContext()
                .addNewContainer()
                .withName("postgres")
                .withImage("postgres:" + plan.sourceMajor())
                .withArgs(
                        "postgres",
                        "-c",
                        "ssl=on",
                        "-c",
                        "ssl_cert_file=/tls/tls.crt",
                        "-c",
                        "ssl_key_file=/tls/tls.key",
                        "-c",
                        "ssl_ca_file=/tls/ca.crt",
                        "-c",
                        "hba_file=/etc/zalando-style/pg_hba.conf",
                        "-c",
                        "password_encryption=" + plan.scenario().source().passwordEncryption(),
                        "-c",
                        "shared_preload_libraries=pg_stat_statements")
                .addNewEnv()
                .withName("PGDATA")
                .withValue(PGDATA)
                .endEnv()
                .addNewEnv()
                .withName("POSTGRES_PASSWORD")
                .withNewValueFrom()
                .withNewSecretKeyRef("password", superuserSecret, false)
                .endValueFrom()
                .endEnv()
                .addNewPort()
                .withName("postgresql")
                .withContainerPort(SourceEndpoint.PORT)
                .endPort()
                // TCP, not the socket: docker-entrypoint.sh's temporary server during initialisation listens on the
                // socket only (listen_addresses=''), and the port-forward needs the real one
                .withNewReadinessProbe()
                .withNewExec()
                .withCommand(
                        "pg_isready", "-h", "127.0.0.1", "-p", String.valueOf(SourceEndpoint.PORT), "-U", "postgres")
                .endExec()
                .withPeriodSeconds(2)
                .endReadinessProbe()
                .addNewVolumeMount()
                .withName("pgdata")
                .withMountPath("/home/postgres/pgdata")
                .endVolumeMount()
                .addNewVolumeMount()
                .withName("tls")
                .withMountPath("/tls")
                .withReadOnly(true)
                .endVolumeMount()
                .addNewVolumeMount()
                .withName("hba")
                .withMountPath("/etc/zalando-style")
                .withReadOnly(true)
                .endVolumeMount()
                .addAllToVolumeMounts(standInMounts(plan.sourceMajor()))
                .endContainer()
                .addNewVolume()
                .withName("pgdata")
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                // PostgreSQL accepts a root-owned key readable by its group only
                .addNewVolume()
                .withName("tls")
                .withNewSecret()
                .withSecretName(SourceSecrets.tlsSecret(cluster))
                .withDefaultMode(0640)
                .endSecret()
                .endVolume()
                .addNewVolume()
                .withName("hba")
                .withNewConfigMap()
                .withName(cluster + "-hba")
                .endConfigMap()
                .endVolume()
                .addNewVolume()
                .withName("stand-in-extensions")
                .withNewConfigMap()
                .withName(standInsName())
                .endConfigMap()
                .endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** One mount per file: a mount of the whole folder would hide the image's own extensions. */
    private static List<VolumeMount> standInMounts(int major) {
        List<VolumeMount> mounts = new ArrayList<>();
        for (String name : new TreeSet<>(StandInExtensions.names())) {
            for (String file : new TreeSet<>(StandInExtensions.files(name).keySet())) {
                mounts.add(new VolumeMountBuilder()
                        .withName("stand-in-extensions")
                        .withMountPath(EXTENSION_DIR.formatted(major) + file)
                        .withSubPath(file)
                        .withReadOnly(true)
                        .build());
            }
        }
        return mounts;
    }

    private void service(String name, String role) {
        client.services()
                .inNamespace(namespace)
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(labels(role))
                        .endMetadata()
                        .withNewSpec()
                        .withSelector(labels(role))
                        .addNewPort()
                        .withName("postgresql")
                        .withPort(SourceEndpoint.PORT)
                        .withTargetPort(new IntOrString(SourceEndpoint.PORT))
                        .endPort()
                        .endSpec()
                        .build())
                .create();
    }
}
