package org.cnpgrehearsal.platform.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.cnpgrehearsal.importer.CommandRecord;
import org.cnpgrehearsal.manifest.StrategyManifests;
import org.cnpgrehearsal.strategy.StandbyTarget;
import org.cnpgrehearsal.strategy.StepFailed;
import org.cnpgrehearsal.timeline.PhaseHandle;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;

/**
 * The physical strategy on Kubernetes: the user's Cluster, rewritten for the rehearsal, bootstrapped with
 * {@code pg_basebackup} from its externalClusters entry and kept as a replica cluster
 * ({@code replica.enabled: true}, which CNPG streams from the source); healthy once its designated primary follows
 * the source. Promotion at the cutover sets {@code replica.enabled: false} and waits until the instance leaves
 * recovery. CNPG runs pg_basebackup in its own Job: the size copied is not known here.
 */
public final class ReplicaClusterStandby implements StandbyTarget {

    private final CnpgCluster cluster;
    private final Map<String, Object> document;
    private final Duration timeout;
    private final Duration poll;
    private final Supplier<PgConnection> primary;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private PgConnection superuser;

    /**
     * @param rewritten the Cluster as the platform rewrote it for the rehearsal ({@link ClusterRewriter})
     * @param source the externalClusters entry it copies and streams from
     * @param primary a superuser connection to the Cluster's first instance, opened once it runs (its password is
     *     the source's: the copy carries the source's roles)
     */
    public ReplicaClusterStandby(
            CnpgCluster cluster,
            Map<String, Object> rewritten,
            String source,
            Duration timeout,
            Duration poll,
            Supplier<PgConnection> primary) {
        this.cluster = cluster;
        this.document = StrategyManifests.replicaCluster(rewritten, source);
        this.timeout = timeout;
        this.poll = poll;
        this.primary = primary;
    }

    /** The Cluster as applied. */
    Map<String, Object> document() {
        return document;
    }

    @Override
    public Long baseBackup(PhaseHandle h) throws Exception {
        cluster.apply(document);
        log.add("Cluster " + cluster.name() + " applied: bootstrap.pg_basebackup, replica.enabled true");
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        CnpgCluster.State state = cluster.state();
        while (!state.healthy()) {
            if (state.terminal() || System.currentTimeMillis() > deadline) {
                throw new StepFailed(List.of("the replica cluster " + cluster.name() + " did not become healthy"
                        + (state.phase().isEmpty() ? "" : ": " + state.describe())
                        + (state.terminal() ? "" : " within " + timeout.toSeconds() + " s")));
            }
            h.progress(state.phase().isEmpty() ? "waiting for the operator" : state.phase());
            Thread.sleep(poll.toMillis());
            state = cluster.state();
        }
        h.detail("replica cluster " + cluster.name() + " healthy: " + state.phase());
        return null;
    }

    /** CNPG starts the replica cluster's instance itself, as soon as its base backup is done. */
    @Override
    public void startStandby() {
        log.add("the designated primary streams from the source");
    }

    @Override
    @SuppressWarnings("unchecked")
    public void promote() throws Exception {
        cluster.client()
                .genericKubernetesResources(CnpgCluster.CONTEXT)
                .inNamespace(cluster.namespace())
                .withName(cluster.name())
                .edit(r -> promoted(r));
        log.add("replica.enabled set to false: promotion requested");
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (inRecovery()) {
            if (System.currentTimeMillis() > deadline) {
                throw new StepFailed(List.of("the replica cluster was not promoted within " + timeout.toSeconds()
                        + " s (replica.enabled false, the instance still in recovery)"));
            }
            Thread.sleep(poll.toMillis());
        }
        log.add("promoted: the instance left recovery");
    }

    @SuppressWarnings("unchecked")
    private static GenericKubernetesResource promoted(GenericKubernetesResource r) {
        Map<String, Object> spec =
                (Map<String, Object>) r.getAdditionalProperties().get("spec");
        Map<String, Object> replica = new LinkedHashMap<>((Map<String, Object>) spec.get("replica"));
        replica.put("enabled", false);
        spec.put("replica", replica);
        return r;
    }

    private boolean inRecovery() throws Exception {
        try (Connection c = superuser().withDatabase("postgres").open(true)) {
            return "t"
                    .equals(PgCatalog.rows(c, "SELECT pg_is_in_recovery()")
                            .get(0)
                            .get(0));
        }
    }

    @Override
    public synchronized PgConnection superuser() {
        if (superuser == null) {
            superuser = primary.get();
        }
        return superuser;
    }

    /** CNPG runs pg_basebackup in its own Job: no command of the harness's. */
    @Override
    public List<CommandRecord> commands() {
        return List.of();
    }

    @Override
    public List<String> log() {
        return List.copyOf(log);
    }
}
