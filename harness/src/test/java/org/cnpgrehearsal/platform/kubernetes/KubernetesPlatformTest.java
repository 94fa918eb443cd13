package org.cnpgrehearsal.platform.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.cnpgrehearsal.platform.kube.KubernetesOptions;
import org.cnpgrehearsal.platform.kube.OperatorOptions;
import org.cnpgrehearsal.platform.kube.SourceFlavor;
import org.cnpgrehearsal.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The existing-cluster platform's namespace and operator rules, against the mock API server. */
@EnableKubernetesMockClient(crud = true)
class KubernetesPlatformTest {

    KubernetesClient client;

    private KubernetesPlatform platform(boolean skipOperatorInstall, SourceFlavor flavor) {
        OperatorOptions operators = new OperatorOptions(null, null, null, null, flavor, null);
        return new KubernetesPlatform(new KubernetesOptions(null, null, skipOperatorInstall, operators), client, "kubeconfig: unused");
    }

    private static CustomResourceDefinition crd(String group, String plural, String kind) {
        return new CustomResourceDefinitionBuilder().withNewMetadata().withName(plural + "." + group).endMetadata()
                .withNewSpec().withGroup(group).withScope("Namespaced")
                .withNewNames().withKind(kind).withPlural(plural).endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true).endVersion().endSpec().build();
    }

    @Test
    void usesANamespaceOfItsOwnAndRemovesOnlyThat() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("mastodon").endMetadata().build()).create();
        KubernetesPlatform platform = platform(false, SourceFlavor.LITE);

        String ns = platform.createNamespace();
        Namespace created = client.namespaces().withName(ns).get();
        assertTrue(ns.startsWith("cnpg-rehearsal-"), ns);
        assertEquals("cnpg-rehearsal", created.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertNotNull(created.getMetadata().getAnnotations().get(KubernetesPlatform.RUN_ANNOTATION));

        platform.deleteOwnNamespace("mastodon");
        assertNotNull(client.namespaces().withName("mastodon").get(), "a namespace it did not create is never touched");
        assertThrows(IllegalStateException.class, () -> platform.createOwnNamespace("mastodon"));

        platform.deleteOwnNamespace(ns);
        assertNull(client.namespaces().withName(ns).get());
        assertNotNull(client.namespaces().withName("mastodon").get());
    }

    @Test
    void aMissingOperatorWithSkipOperatorInstallIsBadInput() {
        KubernetesPlatform platform = platform(true, SourceFlavor.LITE);
        BadInputException e = assertThrows(BadInputException.class, () -> platform.installOperators(null, null));
        assertTrue(e.getMessage().startsWith("CloudNativePG is not installed in this cluster"), e.getMessage());
    }

    @Test
    void installedOperatorsAreLeftAlone() {
        client.apiextensions().v1().customResourceDefinitions().resource(crd("postgresql.cnpg.io", "clusters", "Cluster")).create();
        client.apiextensions().v1().customResourceDefinitions().resource(crd("acid.zalan.do", "postgresqls", "postgresql")).create();
        KubernetesPlatform platform = platform(true, SourceFlavor.ZALANDO);
        platform.installOperators(null, null); // no chart is installed: a null installer would fail if it were used
        assertEquals(Set.of("clusters.postgresql.cnpg.io", "postgresqls.acid.zalan.do"), platform.operatorCrds());
    }

    @Test
    void removesOnlyTheCrdsItsRunBrought() {
        client.apiextensions().v1().customResourceDefinitions().resource(crd("postgresql.cnpg.io", "clusters", "Cluster")).create();
        KubernetesPlatform platform = platform(false, SourceFlavor.LITE);
        platform.installOperators(null, null);
        client.apiextensions().v1().customResourceDefinitions().resource(crd("acid.zalan.do", "postgresqls", "postgresql")).create();
        client.apiextensions().v1().customResourceDefinitions().resource(crd("example.com", "widgets", "Widget")).create();

        platform.deleteNewCrds();

        assertNotNull(client.apiextensions().v1().customResourceDefinitions().withName("clusters.postgresql.cnpg.io").get());
        assertNull(client.apiextensions().v1().customResourceDefinitions().withName("postgresqls.acid.zalan.do").get());
        assertNotNull(client.apiextensions().v1().customResourceDefinitions().withName("widgets.example.com").get());
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
        assertTrue(staging.yaml().contains("current-context: \"staging\"") || staging.yaml().contains("current-context: staging"), staging.yaml());
        assertEquals("prod", Kubeconfig.load(null, null, file.toString(), Path.of("/nowhere")).context());
        BadInputException e = assertThrows(BadInputException.class, () -> Kubeconfig.load(file, "qa", null, home));
        assertTrue(e.getMessage().contains("has no context 'qa' (contexts: prod, staging)"), e.getMessage());
        assertThrows(BadInputException.class, () -> Kubeconfig.load(home.resolve("missing"), null, null, home));
    }
}
