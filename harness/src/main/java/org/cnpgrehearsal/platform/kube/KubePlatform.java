package org.cnpgrehearsal.platform.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cnpgrehearsal.importer.ImportResult;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.platform.Platform;
import org.cnpgrehearsal.platform.VolumeUsage;
import org.cnpgrehearsal.strategy.StandbyTarget;
import org.cnpgrehearsal.strategy.Subscriber;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.PgConnection;

/**
 * What the k3s and kubernetes platforms share: the source set up Zalando-style, CNPG's import of the user's
 * manifest, port-forwards for seeding and verification over JDBC. Subclasses say where the cluster comes from, which
 * namespace and operators the rehearsal uses, and how everything is removed.
 */
public abstract class KubePlatform implements Platform {

    static final Duration POLL = Duration.ofSeconds(2);
    /** The label that marks what a run created: clean-up finds it by this label. */
    protected static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    protected static final String MANAGER = "cnpg-rehearsal";

    protected final OperatorOptions operators;
    protected final Clock clock = Clock.systemUTC();
    protected KubernetesClient client;
    /** The kubeconfig YAML Helm uses (its current context is the rehearsal's). */
    protected String kubeconfig;

    protected String namespace;
    protected Path workDir;
    private SizedVolume sizedVolume;

    private boolean closed;
    private RehearsalPlan plan;
    private SourceEndpoint source;
    private String sourcePassword;
    private String targetPassword;
    private final List<LocalPortForward> forwards = new ArrayList<>();
    private InetSocketAddress sourceForward;
    private InetSocketAddress targetForward;

    protected KubePlatform(OperatorOptions operators) {
        this.operators = operators;
    }

    /** Connects to (or starts) the cluster: sets {@link #client} and {@link #kubeconfig}. */
    protected abstract void startCluster() throws Exception;

    /** Creates the namespace the rehearsal runs in and returns its name. */
    protected abstract String createNamespace();

    /** Installs what is missing of CNPG (and of the Zalando operator for that flavour). */
    protected abstract void installOperators(RehearsalPlan plan, OperatorCharts charts) throws Exception;

    /** The storage class for the Cluster's volumes (a sized volume aside), or null to keep the manifest's. */
    protected abstract String storageClass();

    /** Whether the manifest's resource requests are dropped (a laptop cannot schedule production requests). */
    protected abstract boolean dropResources();

    /** A shell on the node for a truly size-limited volume, or null when the platform cannot make one. */
    protected SizedVolume.NodeShell nodeShell() {
        return null;
    }

    /**
     * Whether the cluster has this PriorityClass: the import Job's pod inherits the Cluster's (jobs.go:458-459), and
     * the Priority admission plugin refuses a pod whose class does not exist.
     */
    protected boolean hasPriorityClass(String name) {
        try {
            return client.scheduling().v1().priorityClasses().withName(name).get() != null;
        } catch (KubernetesClientException e) {
            // not allowed to read PriorityClasses: keep the manifest's, the pod's admission decides
            return true;
        }
    }

    /** How often the cluster is looked at while waiting. */
    protected Duration pollInterval() {
        return POLL;
    }

    /** How long a new Cluster may stay without status before no operator is assumed to reconcile it. */
    protected Duration operatorGrace() {
        return CnpgImport.OPERATOR_GRACE;
    }

    /** Removes everything the rehearsal created. */
    protected abstract void teardown();

    @Override
    public void provision(RehearsalPlan plan, Timeline timeline) throws Exception {
        this.plan = plan;
        checkBeforeStarting(plan);
        timeline.phase(Phases.PROVISION, handle -> {
            workDir = Files.createTempDirectory("cnpg-rehearsal-" + name());
            startCluster();
            namespace = createNamespace();
            installOperators(plan, new OperatorCharts(kubeconfig, workDir));
            List<String> detail = new ArrayList<>();
            detail.add("namespace " + namespace);
            detail.add(volumeNote(plan));
            detail.addAll(
                    ClusterRewriter.rewrite(plan.manifest(), plan.importUser(), provisionalTarget(plan, namespace))
                            .notes());
            handle.detail(
                    String.join("; ", detail.stream().filter(d -> !d.isEmpty()).toList()));
            return null;
        });
        timeline.phase(Phases.SOURCE_SETUP, handle -> {
            SourceCluster cluster = operators.sourceFlavor() == SourceFlavor.LITE
                    ? new LiteSource(client, namespace, operators.phaseTimeout(), pollInterval())
                    : new ZalandoOperatorSource(client, namespace, operators.phaseTimeout(), pollInterval());
            source = cluster.create(plan);
            sourcePassword = cluster.superuserPassword();
            sourceForward = forward(source.podName());
            String setUp = cluster.setUp(sourceSuperuser(), plan);
            try (Connection superuser =
                    sourceSuperuser().withDatabase("postgres").open()) {
                cluster.afterSetUp(superuser, plan);
            }
            handle.detail(operators.sourceFlavor().name().toLowerCase() + " source " + source.host() + ", PostgreSQL "
                    + plan.sourceMajor() + ": " + setUp);
            return null;
        });
    }

    /**
     * What can be known wrong before a cluster is started: a scenario key this platform does not set up, and a
     * Cluster that CNPG would refuse once rewritten for the rehearsal (bad input, one line).
     */
    private void checkBeforeStarting(RehearsalPlan plan) {
        ScenarioSupport.requireSupported(plan.scenario(), name());
        CnpgAdmission.requireAccepted(
                ClusterRewriter.rewrite(plan.manifest(), plan.importUser(), provisionalTarget(plan, "cnpg-rehearsal"))
                        .document(),
                plan.manifest().file());
    }

    /** The rewrite's target before the source exists: the names it will have. */
    private ClusterRewriter.Target provisionalTarget(RehearsalPlan plan, String ns) {
        String source = SourceCluster.clusterName(plan);
        return target(plan, ns, new SourceEndpoint(source, ns, source + "-0", source + "-ca"), null, false);
    }

    private String volumeNote(RehearsalPlan plan) {
        String size = plan.scenario().target().storageSize();
        if (size == null) {
            return "";
        }
        return nodeShell() == null
                ? "volume " + size + " requested: whether it is enforced depends on the storage class"
                : "data volume " + size + ": a tmpfs of that size on the node, made when the import starts";
    }

    @Override
    public PgConnection sourceSuperuser() {
        return local(sourceForward, RehearsalPlan.SOURCE_SUPERUSER, sourcePassword);
    }

    /**
     * The import. A scenario's volume size has been resolved into the manifest by then (a relative size against the
     * seeded database); the sized volume's tmpfs and PersistentVolume are made of exactly that size, so that the
     * claim (which asks for the same quantity) binds to it.
     */
    @Override
    public ImportResult runImport(RehearsalPlan plan, Timeline timeline) throws Exception {
        ClusterRewriter.Target target = target(plan);
        CnpgImport cnpg =
                new CnpgImport(client, namespace, operators.phaseTimeout(), pollInterval(), operatorGrace(), clock);
        ImportResult result = cnpg.run(plan, target, timeline);
        if (result.succeeded()) {
            CnpgCluster cluster = cnpg.cluster(plan);
            targetPassword = secretValue(cluster.superuserSecret(), "password");
            targetForward = forward(cluster.primaryPod());
        }
        return result;
    }

    /**
     * Where the rewritten Cluster runs in the rehearsal: its namespace and source, the scenario's volume size (made
     * first, once, as a sized volume of exactly that size where the node can), classes and image.
     */
    private ClusterRewriter.Target target(RehearsalPlan plan) throws Exception {
        String size = plan.scenario().target().storageSize() == null
                ? null
                : plan.manifest().storageSize();
        SizedVolume.NodeShell node = nodeShell();
        if (size != null && node != null && sizedVolume == null) {
            sizedVolume = new SizedVolume(client, node, namespace, size);
            sizedVolume.create();
        }
        return target(plan, namespace, source, size, sizedVolume != null);
    }

    private ClusterRewriter.Target target(
            RehearsalPlan plan, String ns, SourceEndpoint endpoint, String size, boolean sized) {
        String priorityClass = plan.manifest().raw().get("spec") instanceof Map<?, ?> spec
                        && spec.get("priorityClassName") instanceof String p
                ? p
                : null;
        return new ClusterRewriter.Target(
                ns,
                endpoint,
                size,
                sized ? SizedVolume.STORAGE_CLASS : storageClass(),
                storageClass(),
                image(plan),
                dropResources(),
                priorityClass != null && client != null && hasPriorityClass(priorityClass));
    }

    /** The online strategy's Subscription resource, once the schema-only import has made the Cluster. */
    @Override
    public Subscriber subscriber(RehearsalPlan plan) {
        CnpgCluster cluster = new CnpgCluster(client, namespace, plan.manifest().name());
        return new CnpgSubscription(
                client,
                namespace,
                plan.manifest(),
                operators.phaseTimeout(),
                pollInterval(),
                () -> PrimaryLog.errors(client, namespace, cluster.primaryPod()));
    }

    /** The physical strategy's replica cluster; its superuser is the source's (the copy carries its roles). */
    @Override
    public StandbyTarget standby(RehearsalPlan plan) throws Exception {
        CnpgCluster cluster = new CnpgCluster(client, namespace, plan.manifest().name());
        return new ReplicaClusterStandby(
                cluster,
                ClusterRewriter.rewrite(plan.manifest(), plan.importUser(), target(plan))
                        .document(),
                plan.manifest().importSource().name(),
                operators.phaseTimeout(),
                pollInterval(),
                () -> {
                    targetPassword = sourcePassword;
                    targetForward = forward(cluster.primaryPod());
                    return targetSuperuser();
                });
    }

    /** The image of the rehearsal's target major, when the manifest's image is of another major (else null: keep it). */
    static String image(RehearsalPlan plan) {
        return plan.manifest().imageMajor().orElse(-1) == plan.targetMajor()
                ? null
                : TargetImages.forMajor(plan.targetMajor());
    }

    /** The operand image the target runs: also the operator's default ({@code POSTGRES_IMAGE_NAME}). */
    protected static String targetImage(RehearsalPlan plan) {
        String replaced = image(plan);
        return replaced != null ? replaced : plan.manifest().imageName();
    }

    @Override
    public PgConnection targetSuperuser() {
        return local(targetForward, "postgres", targetPassword);
    }

    @Override
    public PgConnection targetAs(String role, String password) {
        return local(targetForward, role, password);
    }

    /** {@code df} in the primary's container: the data volume's size and use. */
    @Override
    public VolumeUsage targetVolume() {
        if (targetForward == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExecWatch exec = client.pods()
                .inNamespace(namespace)
                .withName(plan.manifest().name() + "-1")
                .inContainer("postgres")
                .writingOutput(out)
                .exec("df", "-B1", "--output=size,used", "/var/lib/postgresql/data")) {
            exec.exitCode().get(30, TimeUnit.SECONDS);
            String[] numbers = out.toString(StandardCharsets.UTF_8)
                    .lines()
                    .skip(1)
                    .findFirst()
                    .orElse("")
                    .trim()
                    .split("\\s+");
            return new VolumeUsage(Long.parseLong(numbers[0]), Long.parseLong(numbers[1]));
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public String connectionHelp() {
        String cluster = plan == null ? "<cluster>" : plan.manifest().name();
        String src = source == null ? "<source>" : source.clusterName();
        return String.join(
                "\n",
                "namespace " + namespace + " (" + name() + ")" + kubeconfigHint(),
                "  source: kubectl -n " + namespace + " port-forward pod/" + src
                        + "-0 5432:5432   (user postgres, password in secret "
                        + SourceEndpoint.credentialsSecret("postgres", src) + ")",
                "  target: kubectl -n " + namespace + " port-forward pod/" + cluster
                        + "-1 5433:5432   (user postgres, password in secret " + cluster + "-superuser)",
                "  read a password: kubectl -n " + namespace
                        + " get secret NAME -o jsonpath='{.data.password}' | base64 -d");
    }

    /** Where the kubeconfig of the cluster is, for {@link #connectionHelp()}. */
    protected String kubeconfigHint() {
        return "";
    }

    /** Idempotent, and safe to call from the Ctrl-C hook while the rehearsal's own thread also closes. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        forwards.forEach(KubePlatform::closeQuietly);
        forwards.clear();
        try {
            if (plan == null || !plan.keep()) {
                teardown();
            }
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }

    /**
     * A port-forward to the pod's PostgreSQL, listening on the loopback interface only: fabric8's default binds
     * every interface (PortForwarderWebsocket: {@code new InetSocketAddress(localPort)}), which would offer both
     * superusers to the whole network for the length of the run.
     */
    protected InetSocketAddress forward(String pod) {
        LocalPortForward forward = client.pods()
                .inNamespace(namespace)
                .withName(pod)
                .portForward(SourceEndpoint.PORT, InetAddress.getLoopbackAddress(), 0);
        forwards.add(forward);
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), forward.getLocalPort());
    }

    private PgConnection local(InetSocketAddress forward, String user, String password) {
        if (forward == null) {
            throw new IllegalStateException(
                    "not available yet: provision (source) or a successful import (target) comes first");
        }
        return new PgConnection(
                forward.getAddress().getHostAddress(),
                forward.getPort(),
                plan.appDatabase(),
                user,
                password,
                "require",
                null);
    }

    protected String secretValue(String secret, String key) {
        Secret s = client.secrets().inNamespace(namespace).withName(secret).get();
        if (s == null || s.getData() == null || !s.getData().containsKey(key)) {
            throw new IllegalStateException("secret " + namespace + "/" + secret + " has no key " + key);
        }
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }

    protected static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception | Error e) {
            // best effort while cleaning up
        }
    }

    protected static void deleteRecursively(Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
