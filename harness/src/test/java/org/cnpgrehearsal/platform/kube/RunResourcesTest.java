package org.cnpgrehearsal.platform.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnpgrehearsal.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The existing-cluster rules (own namespaces only, operators only if missing, cleanup), against the mock API server. */
@EnableKubernetesMockClient(crud = true)
class RunResourcesTest {

    KubernetesClient client;

    private static CustomResourceDefinition crd(String group, String plural, String kind) {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName(plural + "." + group)
                .endMetadata()
                .withNewSpec()
                .withGroup(group)
                .withScope("Namespaced")
                .withNewNames()
                .withKind(kind)
                .withPlural(plural)
                .endNames()
                .addNewVersion()
                .withName("v1")
                .withServed(true)
                .withStorage(true)
                .endVersion()
                .endSpec()
                .build();
    }

    private void createCrd(String group, String plural, String kind) {
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(crd(group, plural, kind))
                .create();
    }

    @Test
    void usesNamespacesOfItsOwnAndRemovesOnlyThose() {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("mastodon")
                        .endMetadata()
                        .build())
                .create();
        RunResources run = new RunResources(client, "ab12cd");

        String ns = run.createNamespace("cnpg-rehearsal-ab12cd");
        Namespace created = client.namespaces().withName(ns).get();
        assertEquals("cnpg-rehearsal", created.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals("ab12cd", created.getMetadata().getAnnotations().get(RunResources.RUN_ANNOTATION));

        run.deleteNamespace("mastodon");
        assertNotNull(client.namespaces().withName("mastodon").get(), "a namespace it did not create is never touched");
        assertThrows(IllegalStateException.class, () -> run.createNamespace("mastodon"));
        new RunResources(client, "other1").deleteNamespace(ns);
        assertNotNull(client.namespaces().withName(ns).get(), "another run's namespace is not this run's");

        run.deleteNamespace(ns);
        assertNull(client.namespaces().withName(ns).get());
        assertNotNull(client.namespaces().withName("mastodon").get());
    }

    @Test
    void aMissingOperatorWithSkipOperatorInstallIsBadInput() {
        RunResources run = new RunResources(client, "ab12cd");
        BadInputException e =
                assertThrows(BadInputException.class, () -> run.needsInstall(CnpgCluster.CRD, "CloudNativePG", true));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "CloudNativePG is not installed in this cluster (CRD clusters.postgresql.cnpg.io is missing)"),
                e.getMessage());
        assertTrue(new RunResources(client, "ab12cd").needsInstall(CnpgCluster.CRD, "CloudNativePG", false));
    }

    @Test
    void installedOperatorsAreLeftAlone() {
        createCrd("postgresql.cnpg.io", "clusters", "Cluster");
        createCrd("acid.zalan.do", "postgresqls", "postgresql");
        RunResources run = new RunResources(client, "ab12cd");
        assertFalse(run.needsInstall(CnpgCluster.CRD, "CloudNativePG", true));
        assertFalse(run.needsInstall(ZalandoOperatorSource.CRD, "The Zalando postgres-operator", true));
        assertEquals(Set.of("clusters.postgresql.cnpg.io", "postgresqls.acid.zalan.do"), run.operatorCrds());
    }

    @Test
    void removesOnlyTheOperatorCrdsItsRunBrought() {
        createCrd("postgresql.cnpg.io", "clusters", "Cluster");
        RunResources run = new RunResources(client, "ab12cd");
        run.needsInstall(ZalandoOperatorSource.CRD, "The Zalando postgres-operator", false);
        createCrd("acid.zalan.do", "postgresqls", "postgresql");
        createCrd("example.com", "widgets", "Widget");

        run.deleteNewCrds();

        assertNotNull(client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("clusters.postgresql.cnpg.io")
                .get());
        assertNull(client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("postgresqls.acid.zalan.do")
                .get());
        assertNotNull(client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("widgets.example.com")
                .get());
    }

    @Test
    void readsTheKubeconfigTheWayKubectlDoes(@TempDir Path home) throws Exception {
        Path file = Files.createDirectories(home.resolve(".kube")).resolve("config");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                current-context: prod
                contexts:
                  - name: prod
                    context: {cluster: prod, user: me}
                  - name: staging
                    context: {cluster: staging, user: me}
                clusters: []
                users: []
                """);
        Kubeconfig staging = Kubeconfig.load(null, "staging", null, home);
        assertEquals(file, staging.file());
        assertTrue(staging.yaml().matches("(?s).*current-context: \"?staging\"?.*"), staging.yaml());
        assertEquals(
                "prod",
                Kubeconfig.load(null, null, file.toString(), Path.of("/nowhere"))
                        .context());
        BadInputException e = assertThrows(BadInputException.class, () -> Kubeconfig.load(file, "qa", null, home));
        assertTrue(e.getMessage().contains("has no context 'qa' (contexts: prod, staging)"), e.getMessage());
        assertThrows(BadInputException.class, () -> Kubeconfig.load(home.resolve("missing"), null, null, home));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theKubeconfigHelmReadsHasItsRelativePathsResolvedAgainstItsFolder(@TempDir Path home) throws Exception {
        Path file = Files.createDirectories(home.resolve(".kube")).resolve("config");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                current-context: staging
                contexts:
                  - name: staging
                    context: {cluster: staging, user: me}
                clusters:
                  - name: staging
                    cluster: {server: "https://staging:6443", certificate-authority: certs/ca.crt}
                users:
                  - name: me
                    user:
                      client-certificate: certs/me.crt
                      client-key: /etc/keys/me.key
                      exec: {command: ./bin/token-helper, apiVersion: client.authentication.k8s.io/v1}
                """);

        Map<String, Object> yaml = new ObjectMapper(new YAMLFactory())
                .readValue(Kubeconfig.load(file, null, null, home).yaml(), Map.class);

        Map<String, Object> cluster =
                (Map<String, Object>) ((Map<String, Object>) ((List<?>) yaml.get("clusters")).get(0)).get("cluster");
        Map<String, Object> user =
                (Map<String, Object>) ((Map<String, Object>) ((List<?>) yaml.get("users")).get(0)).get("user");
        Path dir = file.getParent().toAbsolutePath();
        assertEquals(dir.resolve("certs/ca.crt").toString(), cluster.get("certificate-authority"));
        assertEquals(dir.resolve("certs/me.crt").toString(), user.get("client-certificate"));
        assertEquals("/etc/keys/me.key", user.get("client-key"));
        assertEquals(
                dir.resolve("bin/token-helper").toString(), ((Map<String, Object>) user.get("exec")).get("command"));
    }
}
