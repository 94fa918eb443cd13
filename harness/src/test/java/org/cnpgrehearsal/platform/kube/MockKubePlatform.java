package org.cnpgrehearsal.platform.kube;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.cnpgrehearsal.model.RehearsalPlan;

/**
 * The shared Kubernetes platform on {@link FakeApiServer}: everything {@link KubePlatform} does, against the mock API
 * server. Where the mock cannot carry data (a port-forward), the test says where the pod's PostgreSQL is; where a
 * platform would run commands on its node (the sized volume), they are recorded.
 */
final class MockKubePlatform extends KubePlatform {

    static final String NAMESPACE = "cnpg-rehearsal";

    private final FakeApiServer api;
    private final Function<String, InetSocketAddress> podAddress;
    private final boolean sizedVolumes;
    final List<String> nodeCommands = Collections.synchronizedList(new ArrayList<>());
    final List<String> forwardedPods = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param podAddress where a pod's PostgreSQL answers (a local server standing for it), by pod name
     * @param sizedVolumes whether the platform makes truly sized volumes on its node (k3s does)
     */
    MockKubePlatform(
            FakeApiServer api,
            OperatorOptions operators,
            Function<String, InetSocketAddress> podAddress,
            boolean sizedVolumes) {
        super(operators);
        this.api = api;
        this.podAddress = podAddress;
        this.sizedVolumes = sizedVolumes;
    }

    @Override
    public String name() {
        return "k3s";
    }

    @Override
    protected void startCluster() {
        client = api.client();
        kubeconfig = "apiVersion: v1\nkind: Config\n";
    }

    @Override
    protected String createNamespace() {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NAMESPACE)
                        .endMetadata()
                        .build())
                .create();
        return NAMESPACE;
    }

    @Override
    protected void installOperators(RehearsalPlan plan, OperatorCharts charts) {}

    @Override
    protected String storageClass() {
        return "local-path";
    }

    @Override
    protected boolean dropResources() {
        return true;
    }

    @Override
    protected SizedVolume.NodeShell nodeShell() {
        return sizedVolumes ? argv -> nodeCommands.add(String.join(" ", argv)) : null;
    }

    @Override
    protected Duration pollInterval() {
        return Duration.ofMillis(20);
    }

    @Override
    protected Duration operatorGrace() {
        return Duration.ofSeconds(2);
    }

    @Override
    protected InetSocketAddress forward(String pod) {
        forwardedPods.add(pod);
        return podAddress.apply(pod);
    }

    String namespace() {
        return namespace;
    }

    @Override
    protected void teardown() {
        deleteRecursively(workDir);
    }
}
