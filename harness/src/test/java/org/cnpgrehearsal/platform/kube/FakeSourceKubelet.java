package org.cnpgrehearsal.platform.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cnpgrehearsal.platform.local.LocalServer;
import org.cnpgrehearsal.platform.local.ServerBinaries;
import org.cnpgrehearsal.source.SpiloTemplate;
import org.cnpgrehearsal.source.StandInExtensions;
import org.cnpgrehearsal.source.ZalandoSource;
import org.cnpgrehearsal.util.OsUser;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.Processes;
import org.cnpgrehearsal.util.Sql;

/**
 * Plays the kubelet (and, for a {@code postgresql} resource, the Zalando operator and Spilo) for the source, with a
 * real PostgreSQL server standing for the pod, configured from what the harness asked Kubernetes for: the lite
 * StatefulSet's image major, password secret, {@code -c} settings, pg_hba config map, TLS secret and the files its
 * volume mounts place in the image's extension folder (the official image has no others of Spilo's); or the
 * {@code postgresql} resource's major, TLS and parameters, with Spilo's bootstrap (post_init.sh's roles and extensions,
 * Patroni's replication user) and the operator's users, databases and secrets ({@link UpstreamData}). A Spilo whose
 * resource has {@code spec.tls} but no {@code spiloFSGroup} never gets ready: PostgreSQL cannot read the key.
 */
final class FakeSourceKubelet implements AutoCloseable {

    private static final UpstreamData UPSTREAM = UpstreamData.CNPG_1_30;
    private static final Map<Integer, Path> TEMPLATES = new ConcurrentHashMap<>();
    /** Binaries with extension files added, by major and files: the same image is the same folder. */
    private static final Map<String, Path> IMAGES = new ConcurrentHashMap<>();

    private final KubernetesClient client;
    private final String namespace;
    private final OsUser user = OsUser.forServers();
    private final Path work;
    private final Map<String, LocalServer> servers = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private Future<?> running;
    private volatile boolean closed;

    FakeSourceKubelet(FakeApiServer api, String namespace) throws IOException {
        this.client = api.client();
        this.namespace = namespace;
        // short: a server's socket path must stay under 108 bytes
        this.work = Files.createTempDirectory("kp");
        user.own(work);
    }

    FakeSourceKubelet start() {
        running = executor.submit(() -> {
            try {
                play();
            } catch (Exception | Error e) {
                if (closed) {
                    return null;
                }
                // the harness waits for a pod that never comes: say why at once, the test fails on check()
                System.err.println("FakeSourceKubelet failed: " + e);
                for (LocalServer server : servers.values()) {
                    System.err.println(Files.exists(server.logFile()) ? Files.readString(server.logFile()) : "");
                }
                throw e;
            }
            return null;
        });
        return this;
    }

    /** Where the pod's PostgreSQL answers; an unused port for a pod this double does not run (nothing answers there). */
    InetSocketAddress address(String pod) {
        LocalServer server = servers.get(pod);
        return new InetSocketAddress("127.0.0.1", server != null ? server.port() : unusedPort());
    }

    private void play() throws Exception {
        for (int i = 0; i < 3000; i++) {
            List<StatefulSet> sets =
                    client.apps().statefulSets().inNamespace(namespace).list().getItems();
            if (!sets.isEmpty()) {
                runLite(sets.get(0));
                return;
            }
            List<GenericKubernetesResource> clusters = client.genericKubernetesResources(ZalandoOperatorSource.CONTEXT)
                    .inNamespace(namespace)
                    .list()
                    .getItems();
            if (!clusters.isEmpty()) {
                runSpilo(clusters.get(0));
                return;
            }
            Thread.sleep(20);
        }
    }

    private void runLite(StatefulSet set) throws Exception {
        String cluster = set.getMetadata().getName();
        Container container =
                set.getSpec().getTemplate().getSpec().getContainers().get(0);
        int major = Integer.parseInt(
                container.getImage().substring(container.getImage().indexOf(':') + 1));
        String password = secret(
                container.getEnv().stream()
                        .filter(e -> e.getName().equals("POSTGRES_PASSWORD"))
                        .findFirst()
                        .orElseThrow()
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getName(),
                "password");
        Path binaries = binaries(major, mountedExtensionFiles(set, container, major));
        Map<String, String> settings = new LinkedHashMap<>();
        List<String> args = container.getArgs();
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("-c")) {
                String[] kv = args.get(i + 1).split("=", 2);
                settings.put(kv[0], kv[1]);
            }
        }
        String hba = client.configMaps()
                .inNamespace(namespace)
                .withName(cluster + "-hba")
                .get()
                .getData()
                .get("pg_hba.conf");
        Secret tls = client.secrets()
                .inNamespace(namespace)
                .withName(cluster + "-tls")
                .get();
        serve(cluster + "-0", binaries, major, password, tls, hba, settings);
        podReady(cluster + "-0", Map.of("application", "spilo", "cluster-name", cluster, "spilo-role", "master"));
    }

    /** The stand-in files the lite pod mounts into its image's extension folder, by subPath from its config map. */
    private Map<String, String> mountedExtensionFiles(StatefulSet set, Container container, int major) {
        Map<String, String> files = new HashMap<>();
        String folder = LiteSource.EXTENSION_DIR.formatted(major);
        for (VolumeMount mount : container.getVolumeMounts()) {
            if (!mount.getMountPath().startsWith(folder) || mount.getSubPath() == null) {
                continue;
            }
            Volume volume = set.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(v -> v.getName().equals(mount.getName()))
                    .findFirst()
                    .orElseThrow();
            ConfigMap map = client.configMaps()
                    .inNamespace(namespace)
                    .withName(volume.getConfigMap().getName())
                    .get();
            files.put(
                    mount.getMountPath().substring(folder.length()),
                    map.getData().get(mount.getSubPath()));
        }
        return files;
    }

    @SuppressWarnings("unchecked")
    private void runSpilo(GenericKubernetesResource resource) throws Exception {
        String cluster = resource.getMetadata().getName();
        Map<String, Object> spec =
                (Map<String, Object>) resource.getAdditionalProperties().get("spec");
        Map<String, Object> postgresql = (Map<String, Object>) spec.get("postgresql");
        int major = Integer.parseInt(String.valueOf(postgresql.get("version")));
        Map<String, Object> tls = (Map<String, Object>) spec.get("tls");
        if (tls != null && spec.get("spiloFSGroup") == null) {
            // the key is mounted root:root 0640 (k8sres.go generateTlsMounts) and Spilo's postgres cannot read it
            return;
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("ssl", "on");
        settings.put("shared_preload_libraries", "pg_stat_statements");
        ((Map<String, Object>) postgresql.getOrDefault("parameters", Map.of()))
                .forEach((k, v) -> settings.put(k, String.valueOf(v)));
        Map<String, String> spiloShips = new HashMap<>();
        for (JsonNode e : UPSTREAM.zalando().path("imageShips")) {
            spiloShips.putAll(StandInExtensions.files(e.get("name").asText()));
        }
        String superuserPassword = UUID.randomUUID().toString();
        Secret tlsSecret = client.secrets()
                .inNamespace(namespace)
                .withName(String.valueOf(tls.get("secretName")))
                .get();
        String pod = cluster + "-0";
        serve(pod, binaries(major, spiloShips), major, superuserPassword, tlsSecret, ZalandoSource.HBA, settings);
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put("postgres", superuserPassword);
        passwords.put(
                UPSTREAM.zalando().path("replicationUser").asText(),
                UUID.randomUUID().toString());
        ((Map<String, Object>) spec.getOrDefault("users", Map.of()))
                .keySet()
                .forEach(u -> passwords.put(u, UUID.randomUUID().toString()));
        spiloBootstrap(servers.get(pod), superuserPassword, spec, passwords);
        for (Map.Entry<String, String> p : passwords.entrySet()) {
            String name = UPSTREAM.zalando()
                    .path("secretName")
                    .asText()
                    .replace("{username}", p.getKey().replace('_', '-'))
                    .replace("{cluster}", cluster);
            client.secrets()
                    .inNamespace(namespace)
                    .resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .endMetadata()
                            .addToData("username", base64(p.getKey()))
                            .addToData("password", base64(p.getValue()))
                            .build())
                    .create();
        }
        client.genericKubernetesResources(ZalandoOperatorSource.CONTEXT)
                .inNamespace(namespace)
                .withName(cluster)
                .editStatus(r -> {
                    r.setAdditionalProperty(
                            "status",
                            Map.of(
                                    "PostgresClusterStatus",
                                    UPSTREAM.zalando()
                                            .path("status")
                                            .path("running")
                                            .path("PostgresClusterStatus")
                                            .asText()));
                    return r;
                });
        Map<String, String> labels = new LinkedHashMap<>();
        UPSTREAM.zalando()
                .path("podLabels")
                .fields()
                .forEachRemaining(
                        e -> labels.put(e.getKey(), e.getValue().asText().replace("${cluster}", cluster)));
        podReady(pod, labels);
    }

    /**
     * What a Spilo cluster holds before anyone else touches it: Patroni's replication user, post_init.sh's roles,
     * extensions and template objects in template1 and postgres, then the operator's users and databases.
     */
    @SuppressWarnings("unchecked")
    private void spiloBootstrap(
            LocalServer server, String superuserPassword, Map<String, Object> spec, Map<String, String> passwords)
            throws Exception {
        PgConnection superuser = new PgConnection(
                "127.0.0.1", server.port(), "postgres", "postgres", superuserPassword, "require", null);
        try (Connection c = superuser.open();
                Statement s = c.createStatement()) {
            String standby = UPSTREAM.zalando().path("replicationUser").asText();
            s.execute("CREATE ROLE " + standby + " WITH REPLICATION LOGIN PASSWORD "
                    + Sql.literal(passwords.get(standby)));
            for (JsonNode role : UPSTREAM.zalando().path("spiloBootstrap").path("roles")) {
                s.execute(role.get("sql").asText());
            }
        }
        for (String db : List.of("template1", "postgres")) {
            try (Connection c = superuser.withDatabase(db).open();
                    Statement s = c.createStatement()) {
                for (JsonNode e : UPSTREAM.zalando().path("spiloBootstrap").path("extensions")) {
                    s.execute("CREATE EXTENSION IF NOT EXISTS " + e.get("name").asText() + " SCHEMA public");
                }
                for (String sql : SpiloTemplate.statements()) {
                    s.execute(sql);
                }
            }
        }
        try (Connection c = superuser.open();
                Statement s = c.createStatement()) {
            for (Map.Entry<String, Object> u :
                    ((Map<String, Object>) spec.getOrDefault("users", Map.of())).entrySet()) {
                String flags = String.join(
                        " ",
                        ((List<String>) u.getValue())
                                .stream().map(String::toUpperCase).toList());
                s.execute("CREATE ROLE " + Sql.ident(u.getKey()) + " WITH LOGIN " + flags + " PASSWORD "
                        + Sql.literal(passwords.get(u.getKey())));
            }
            for (Map.Entry<String, Object> d :
                    ((Map<String, Object>) spec.getOrDefault("databases", Map.of())).entrySet()) {
                s.execute("CREATE DATABASE " + Sql.ident(d.getKey()) + " OWNER "
                        + Sql.ident(String.valueOf(d.getValue())));
            }
        }
    }

    private void serve(
            String pod,
            Path binaries,
            int major,
            String superuserPassword,
            Secret tls,
            String hba,
            Map<String, String> settings)
            throws Exception {
        Path home = Files.createDirectory(work.resolve("s" + servers.size()));
        LocalServer server = new LocalServer(pod, binaries, home, user);
        Processes.check(
                OsUser.SELF,
                List.of("cp", "-a", template(major).toString(), server.dataDir().toString()),
                Map.of());
        server.writeFile("server.crt", decoded(tls, "tls.crt"));
        server.writeFile("server.key", decoded(tls, "tls.key"));
        server.writeFile("pg_hba.conf", hba);
        List<String> conf = new ArrayList<>();
        settings.forEach((k, v) -> {
            switch (k) {
                case "ssl_cert_file", "ssl_key_file", "ssl_ca_file", "hba_file" -> {}
                default -> conf.add(k + " = '" + v + "'");
            }
        });
        conf.add("ssl_cert_file = 'server.crt'");
        conf.add("ssl_key_file = 'server.key'");
        server.configure(String.join("\n", conf));
        servers.put(pod, server);
        server.start();
        try (Connection c = new PgConnection(
                                "127.0.0.1", server.port(), "postgres", "postgres", "template", "require", null)
                        .open();
                Statement s = c.createStatement()) {
            s.execute("ALTER ROLE postgres PASSWORD " + Sql.literal(superuserPassword));
        }
    }

    /** An initdb'd data folder per major (superuser password "template"), copied for every pod. */
    private static synchronized Path template(int major) throws Exception {
        Path existing = TEMPLATES.get(major);
        if (existing != null) {
            return existing;
        }
        OsUser user = OsUser.forServers();
        Path home = Files.createTempDirectory("kube-paper-template-" + major + "-");
        user.own(home);
        LocalServer server = new LocalServer("template", ServerBinaries.forMajor(major), home, user);
        // 1 MB WAL segments: the copy each pod starts from stays small
        server.initdb("template", List.of("--auth-local=trust", "--auth-host=md5", "--wal-segsize=1"));
        TEMPLATES.put(major, server.dataDir());
        return server.dataDir();
    }

    /** The image's binaries, with the given files added to its extension folder (a hard-linked copy, kept for reuse). */
    private static synchronized Path binaries(int major, Map<String, String> extensionFiles) throws Exception {
        Path pristine = ServerBinaries.forMajor(major);
        if (extensionFiles.isEmpty()) {
            return pristine;
        }
        String key = major + "/" + new TreeMap<>(extensionFiles);
        Path cached = IMAGES.get(key);
        if (cached != null) {
            return cached;
        }
        Path folder = Files.createTempDirectory("kp-image-");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path copy = folder.resolve("pg");
        Processes.check(OsUser.SELF, List.of("cp", "-al", pristine.toString(), copy.toString()), Map.of());
        for (Map.Entry<String, String> f : extensionFiles.entrySet()) {
            Files.writeString(copy.resolve("share/postgresql/extension").resolve(f.getKey()), f.getValue());
        }
        IMAGES.put(key, copy);
        return copy;
    }

    private void podReady(String pod, Map<String, String> labels) {
        client.pods()
                .inNamespace(namespace)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(pod)
                        .withLabels(labels)
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
    }

    private String secret(String name, String key) {
        return decoded(client.secrets().inNamespace(namespace).withName(name).get(), key);
    }

    private static String decoded(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static int unusedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rethrows what went wrong in the double. */
    void check() throws Exception {
        if (running.isDone()) {
            running.get();
        }
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        servers.values().forEach(LocalServer::stopImmediately);
        try {
            Processes.check(OsUser.SELF, List.of("rm", "-rf", work.toString()), Map.of());
        } catch (Exception e) {
            // a folder left under target/ is harmless
        }
    }
}
