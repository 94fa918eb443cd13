package org.cnpgrehearsal.platform.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.model.Credentials;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.source.StandInExtensions;
import org.junit.jupiter.api.Test;

/** The two source flavours as the mock API server stores them; a helper thread plays the kubelet (and Zalando's secrets). */
@EnableKubernetesMockClient(crud = true)
class SourceClustersTest {

    private static final String NS = "rehearsal-ab12";
    private static final String CLUSTER = "mastodon-postgresql";
    private static final Duration POLL = Duration.ofMillis(20);

    KubernetesClient client;

    private static RehearsalPlan plan(String tls) {
        Scenario.Source source = new Scenario.Source(null, null, null, null, null, null, tls);
        return new RehearsalPlan(
                new Scenario("happy-path", null, source, null, null, null),
                ClusterRewriterTest.seedManifest(),
                2_000_000_000L,
                17,
                17,
                new Credentials(),
                false);
    }

    private Thread kubelet(boolean zalandoSecret) {
        Thread t = new Thread(() -> {
            try {
                while (client.apps()
                                        .statefulSets()
                                        .inNamespace(NS)
                                        .withName(CLUSTER)
                                        .get()
                                == null
                        && client.genericKubernetesResources(ZalandoOperatorSource.CONTEXT)
                                        .inNamespace(NS)
                                        .withName(CLUSTER)
                                        .get()
                                == null) {
                    Thread.sleep(20);
                }
                client.pods()
                        .inNamespace(NS)
                        .resource(new PodBuilder()
                                .withNewMetadata()
                                .withName(CLUSTER + "-0")
                                .endMetadata()
                                .withNewStatus()
                                .withPhase("Running")
                                .addNewCondition()
                                .withType("Ready")
                                .withStatus("True")
                                .endCondition()
                                .endStatus()
                                .build())
                        .create();
                if (zalandoSecret) {
                    client.secrets()
                            .inNamespace(NS)
                            .resource(new SecretBuilder()
                                    .withNewMetadata()
                                    .withName("postgres." + CLUSTER + ".credentials.postgresql.acid.zalan.do")
                                    .endMetadata()
                                    .addToData("username", b64("postgres"))
                                    .addToData("password", b64("generated-by-operator"))
                                    .build())
                            .create();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        return t;
    }

    private String secret(String name, String key) {
        Secret s = client.secrets().inNamespace(NS).withName(name).get();
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void liteSourceLooksLikeAZalandoCluster() throws Exception {
        RehearsalPlan plan = plan("matching-ca");
        kubelet(false);
        LiteSource lite = new LiteSource(client, NS, Duration.ofSeconds(10), POLL);

        SourceEndpoint endpoint = lite.create(plan);

        assertEquals("mastodon-postgresql.rehearsal-ab12.svc", endpoint.host());
        assertEquals(CLUSTER + "-0", endpoint.podName());
        for (String name : List.of(CLUSTER, CLUSTER + "-repl")) {
            Service service = client.services().inNamespace(NS).withName(name).get();
            assertEquals("postgresql", service.getSpec().getPorts().get(0).getName());
            assertEquals(5432, service.getSpec().getPorts().get(0).getPort());
        }
        for (String user : List.of("postgres", "standby", "mastodon")) {
            String secret = user + "." + CLUSTER + ".credentials.postgresql.acid.zalan.do";
            assertEquals(user, secret(secret, "username"));
            assertEquals(plan.credentials().password(user), secret(secret, "password"));
        }
        assertEquals(plan.credentials().password("postgres"), lite.superuserPassword());
        assertEquals(
                secret(CLUSTER + "-tls", "ca.crt"),
                secret(CLUSTER + "-ca", "ca.crt"),
                "matching-ca: the manifest trusts the signing CA");
        assertTrue(secret(CLUSTER + "-tls", "tls.key").contains("PRIVATE KEY"));

        StatefulSet sts =
                client.apps().statefulSets().inNamespace(NS).withName(CLUSTER).get();
        List<String> args =
                sts.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        assertTrue(
                args.contains("ssl=on") && args.contains("hba_file=/etc/zalando-style/pg_hba.conf"), args.toString());
        assertTrue(args.contains("password_encryption=scram-sha-256"), args.toString());
        assertEquals(
                "postgres:17",
                sts.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertEquals(
                Map.of("application", "spilo", "cluster-name", CLUSTER, "spilo-role", "master"),
                sts.getSpec().getSelector().getMatchLabels());
        String hba = client.configMaps()
                .inNamespace(NS)
                .withName(CLUSTER + "-hba")
                .get()
                .getData()
                .get("pg_hba.conf");
        assertTrue(hba.contains("hostnossl all all all reject") && hba.contains("hostssl all all all md5"), hba);
        assertEquals(
                List.of("pg_isready", "-h", "127.0.0.1", "-p", "5432", "-U", "postgres"),
                sts.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getReadinessProbe()
                        .getExec()
                        .getCommand(),
                "over TCP: the entrypoint's temporary server answers on the socket only");
    }

    @Test
    void liteSourceCarriesSpilosExtensionsFileByFileIntoTheImagesExtensionFolder() throws Exception {
        kubelet(false);
        new LiteSource(client, NS, Duration.ofSeconds(10), POLL).create(plan("matching-ca"));

        StatefulSet sts =
                client.apps().statefulSets().inNamespace(NS).withName(CLUSTER).get();
        Map<String, String> data = client.configMaps()
                .inNamespace(NS)
                .withName(CLUSTER + "-stand-in-extensions")
                .get()
                .getData();
        List<VolumeMount> mounts =
                sts.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts().stream()
                        .filter(m -> m.getMountPath().startsWith("/usr/share/postgresql/17/extension/"))
                        .toList();
        for (String name : List.of("pg_stat_kcache", "set_user")) {
            StandInExtensions.files(name).forEach((file, content) -> {
                assertEquals(content, data.get(file), file);
                assertTrue(
                        mounts.stream()
                                .anyMatch(m -> m.getMountPath().equals("/usr/share/postgresql/17/extension/" + file)
                                        && file.equals(m.getSubPath())),
                        file + " is mounted by itself, beside the image's own extensions");
            });
        }
    }

    @Test
    void aSourceWithoutTheMatchingCaIsNotTrusted() throws Exception {
        kubelet(false);
        new LiteSource(client, NS, Duration.ofSeconds(10), POLL).create(plan("self-signed"));
        assertNotEquals(secret(CLUSTER + "-tls", "ca.crt"), secret(CLUSTER + "-ca", "ca.crt"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void zalandoSourceAsksTheOperatorForTheSameCluster() throws Exception {
        RehearsalPlan plan = plan("matching-ca");
        kubelet(true);
        ZalandoOperatorSource zalando = new ZalandoOperatorSource(client, NS, Duration.ofSeconds(10), POLL);

        SourceEndpoint endpoint = zalando.create(plan);

        assertEquals(CLUSTER + "-ca", endpoint.caSecret());
        assertEquals("generated-by-operator", zalando.superuserPassword());
        GenericKubernetesResource pg = client.genericKubernetesResources(ZalandoOperatorSource.CONTEXT)
                .inNamespace(NS)
                .withName(CLUSTER)
                .get();
        Map<String, Object> spec =
                (Map<String, Object>) pg.getAdditionalProperties().get("spec");
        assertEquals("mastodon", spec.get("teamId"));
        assertEquals(1, spec.get("numberOfInstances"));
        assertEquals(Map.of("size", "7630Mi"), spec.get("volume"));
        assertEquals("17", ((Map<String, Object>) spec.get("postgresql")).get("version"));
        assertEquals(Map.of("mastodon", List.of("createdb")), spec.get("users"));
        assertEquals(Map.of("mastodon", "mastodon"), spec.get("databases"));
        assertEquals(
                Map.of("secretName", CLUSTER + "-tls", "caSecretName", CLUSTER + "-ca", "caFile", "ca.crt"),
                spec.get("tls"));
        assertEquals(103, ((Number) spec.get("spiloFSGroup")).intValue(), "Spilo's postgres group reads the TLS key");
    }
}
