package org.cnpgrehearsal.platform.kube;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.cnpgrehearsal.importer.ImportResult;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.timeline.Timeline;

/** Runs CNPG's import: the user's Cluster, rewritten for the rehearsal, applied and followed to its end. */
public final class CnpgImport {

    private final KubernetesClient client;
    private final String namespace;
    private final Duration phaseTimeout;
    private final Duration pollInterval;
    private final Clock clock;

    public CnpgImport(
            KubernetesClient client, String namespace, Duration phaseTimeout, Duration pollInterval, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.phaseTimeout = phaseTimeout;
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    public CnpgCluster cluster(RehearsalPlan plan) {
        return new CnpgCluster(client, namespace, plan.manifest().name());
    }

    public ImportResult run(RehearsalPlan plan, ClusterRewriter.Target target, Timeline timeline) {
        Map<String, Object> document = ClusterRewriter.rewrite(plan.manifest(), plan.importUser(), target);
        CnpgCluster cluster = cluster(plan);
        // the operator's admission webhook answers a little after its Deployment reports ready
        await("the CNPG webhook to accept the Cluster")
                .atMost(phaseTimeout)
                .pollInterval(pollInterval)
                .ignoreExceptions()
                .until(() -> cluster.get().isPresent() || cluster.apply(document) != null);
        return new ImportWatcher(cluster, phaseTimeout, pollInterval, plan.credentials()::redact, clock)
                .watch(timeline);
    }
}
