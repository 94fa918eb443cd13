package org.cnpgrehearsal.platform.kube;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.cnpgrehearsal.importer.ImportResult;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.BadInputException;

/** Runs CNPG's import: the user's Cluster, rewritten for the rehearsal, applied and followed to its end. */
public final class CnpgImport {

    /** How long a new Cluster may go without any status before the harness says no operator reconciles it. */
    public static final Duration OPERATOR_GRACE = Duration.ofSeconds(60);

    private final KubernetesClient client;
    private final String namespace;
    private final Duration phaseTimeout;
    private final Duration pollInterval;
    private final Duration operatorGrace;
    private final Clock clock;

    public CnpgImport(
            KubernetesClient client,
            String namespace,
            Duration phaseTimeout,
            Duration pollInterval,
            Duration operatorGrace,
            Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.phaseTimeout = phaseTimeout;
        this.pollInterval = pollInterval;
        this.operatorGrace = operatorGrace;
        this.clock = clock;
    }

    public CnpgCluster cluster(RehearsalPlan plan) {
        return new CnpgCluster(client, namespace, plan.manifest().name());
    }

    public ImportResult run(RehearsalPlan plan, ClusterRewriter.Target target, Timeline timeline) {
        Map<String, Object> document = ClusterRewriter.rewrite(plan.manifest(), plan.importUser(), target)
                .document();
        CnpgAdmission.requireAccepted(document, plan.manifest().file());
        CnpgCluster cluster = cluster(plan);
        ImportWatcher watcher = new ImportWatcher(
                cluster, phaseTimeout, pollInterval, operatorGrace, plan.credentials()::redact, clock);
        String notAccepted = apply(cluster, document, plan);
        if (notAccepted != null) {
            return watcher.failBeforeStart(timeline, List.of(notAccepted));
        }
        return watcher.watch(timeline);
    }

    /**
     * Creates the Cluster. The API server answers with an error while it cannot reach CNPG's webhooks yet, a little
     * after the operator's Deployment reports ready (CNPG internal/cmd/manager/controller/controller.go:388-397): that
     * is retried for the per-phase timeout. A refusal (the webhook's or the CRD's verdict) is the manifest's: bad input
     * at once. Returns why the Cluster was never accepted, or null.
     */
    private String apply(CnpgCluster cluster, Map<String, Object> document, RehearsalPlan plan) {
        AtomicReference<String> lastError = new AtomicReference<>();
        try {
            await("the CNPG webhook to accept the Cluster")
                    .atMost(phaseTimeout)
                    .pollInterval(pollInterval)
                    .until(() -> {
                        try {
                            return cluster.get().isPresent() || cluster.apply(document) != null;
                        } catch (KubernetesClientException e) {
                            if (e.getCode() == 409) {
                                return true;
                            }
                            if (!retried(e)) {
                                throw new BadInputException("CloudNativePG refused the Cluster of manifest "
                                        + plan.manifest().file() + ": " + message(e));
                            }
                            lastError.set(message(e));
                            return false;
                        }
                    });
            return null;
        } catch (ConditionTimeoutException e) {
            return "the Cluster was not accepted within " + phaseTimeout.toSeconds() + "s: " + lastError.get();
        }
    }

    /** Transport errors, throttling and the API server's own failures (a webhook it cannot call yet) pass. */
    private static boolean retried(KubernetesClientException e) {
        return e.getCode() == 0 || e.getCode() == 429 || e.getCode() >= 500;
    }

    private static String message(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : String.valueOf(e.getMessage());
    }
}
