package org.cnpgrehearsal.platform.kube;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.awaitility.core.ConditionTimeoutException;
import org.cnpgrehearsal.importer.ImportResult;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.PhaseStatus;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.timeline.Timeline;

/**
 * Follows CNPG's import Job to its end and puts its phases on the timeline as they finish. Each wait is bounded by
 * the per-phase timeout: a phase that shows no progress for that long ends the rehearsal. The first failed attempt
 * ends it too (CNPG would retry the whole import, pg_dump included). A failure carries the pod's log tail and the
 * namespace's events.
 */
public final class ImportWatcher {

    static final String IMPORT_CONTAINER = "import";
    private static final int TAIL_LINES = 40;

    private final CnpgCluster cluster;
    private final Duration phaseTimeout;
    private final Duration pollInterval;
    private final UnaryOperator<String> redact;
    private final Clock clock;

    private volatile Observation latest = Observation.NONE;
    private String lastLogText = "";
    private boolean podSeen;
    private int published;
    private Instant watchStart;
    /** Where live progress goes while the import runs. */
    private Timeline progressTo;

    public ImportWatcher(
            CnpgCluster cluster,
            Duration phaseTimeout,
            Duration pollInterval,
            UnaryOperator<String> redact,
            Clock clock) {
        this.cluster = cluster;
        this.phaseTimeout = phaseTimeout;
        this.pollInterval = pollInterval;
        this.redact = redact;
        this.clock = clock;
    }

    /** What one look at the cluster showed. */
    private record Observation(
            Pod pod, ImportLog log, Job job, boolean podGone, boolean healthy, boolean unrecoverable) {
        static final Observation NONE = new Observation(null, null, null, false, false, false);

        Optional<ContainerStateTerminated> terminated() {
            return importContainer(pod)
                    .map(c -> c.getState() == null ? null : c.getState().getTerminated());
        }

        boolean failed() {
            boolean exitedWithError = terminated()
                    .map(t -> t.getExitCode() != null && t.getExitCode() != 0)
                    .orElse(false);
            boolean podFailed = pod != null
                    && pod.getStatus() != null
                    && "Failed".equals(pod.getStatus().getPhase());
            boolean jobFailed = job != null
                    && job.getStatus() != null
                    && job.getStatus().getConditions() != null
                    && job.getStatus().getConditions().stream()
                            .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()));
            return exitedWithError || podFailed || jobFailed || unrecoverable;
        }

        boolean succeeded() {
            boolean exitedClean =
                    terminated().map(t -> Objects.equals(t.getExitCode(), 0)).orElse(false);
            boolean jobSucceeded = job != null
                    && job.getStatus() != null
                    && job.getStatus().getSucceeded() != null
                    && job.getStatus().getSucceeded() > 0;
            return !failed() && (exitedClean || jobSucceeded || healthy || podGone);
        }

        boolean ended() {
            return failed() || succeeded();
        }

        Optional<String> phase() {
            return log == null ? Optional.empty() : log.currentPhase();
        }
    }

    public ImportResult watch(Timeline timeline) {
        watchStart = clock.instant();
        progressTo = timeline;
        try {
            await("the import Job's pod")
                    .atMost(phaseTimeout)
                    .pollInterval(pollInterval)
                    .until(() -> observe().pod() != null || latest.ended());
        } catch (ConditionTimeoutException e) {
            return failure(
                    timeline,
                    Phases.PROVISION,
                    List.of("the import Job " + cluster.importJob() + " did not start within "
                            + phaseTimeout.toSeconds() + "s (Cluster phase: '"
                            + cluster.state().phase() + "')"),
                    clock.instant());
        }
        while (!latest.ended()) {
            Optional<String> before = latest.phase();
            try {
                await("progress of the import")
                        .atMost(phaseTimeout)
                        .pollInterval(pollInterval)
                        .until(() -> observe().ended() || !latest.phase().equals(before));
            } catch (ConditionTimeoutException e) {
                String stalled = before.orElse(Phases.ROLES);
                return failure(
                        timeline,
                        stalled,
                        List.of("no progress in " + stalled + " for " + phaseTimeout.toSeconds()
                                + "s: the rehearsal timed out (raise the per-phase timeout for large databases)"),
                        clock.instant());
            }
            publishFinished(timeline);
        }
        if (latest.failed()) {
            return failure(timeline, latest.phase().orElse(Phases.ROLES), List.of(), endOfJob());
        }
        try {
            await("the Cluster to become healthy")
                    .atMost(phaseTimeout)
                    .pollInterval(pollInterval)
                    .until(() -> cluster.state().healthy());
        } catch (ConditionTimeoutException e) {
            return failure(
                    timeline,
                    Phases.FINALIZE,
                    List.of("the import finished but the Cluster did not become healthy within "
                            + phaseTimeout.toSeconds() + "s (phase: '"
                            + cluster.state().phase() + "')"),
                    clock.instant());
        }
        ImportLog log = currentLog();
        Instant end = clock.instant();
        log.phases(end, false).stream().skip(published).forEach(timeline::add);
        return new ImportResult(true, null, List.of(), List.of(), log.commands(end, false), log.lines(), null);
    }

    private Observation observe() {
        Pod pod = importPod().orElse(null);
        podSeen |= pod != null;
        if (pod != null
                && importContainer(pod)
                        .map(c -> c.getState() != null && c.getState().getWaiting() == null)
                        .orElse(false)) {
            readLog(pod);
        }
        Job job = cluster.client()
                .batch()
                .v1()
                .jobs()
                .inNamespace(cluster.namespace())
                .withName(cluster.importJob())
                .get();
        CnpgCluster.State state = cluster.state();
        latest =
                new Observation(pod, currentLog(), job, podSeen && pod == null, state.healthy(), state.unrecoverable());
        progressTo.progress(
                latest.phase().orElse("import"),
                "Cluster '" + state.phase() + "', "
                        + Duration.between(watchStart, clock.instant()).toSeconds() + " s into the import Job");
        return latest;
    }

    private void readLog(Pod pod) {
        try {
            String text = cluster.client()
                    .pods()
                    .inNamespace(cluster.namespace())
                    .withName(pod.getMetadata().getName())
                    .inContainer(IMPORT_CONTAINER)
                    .getLog();
            if (text != null && text.length() >= lastLogText.length()) {
                lastLogText = text;
            }
        } catch (KubernetesClientException e) {
            // the pod went away between two looks: keep what was read
        }
    }

    private ImportLog currentLog() {
        return ImportLog.of(lastLogText, redact);
    }

    /** The first attempt's pod: CNPG retries a failed import with a new pod, which redoes everything. */
    private Optional<Pod> importPod() {
        return cluster
                .client()
                .pods()
                .inNamespace(cluster.namespace())
                .withLabels(cluster.importPodLabels())
                .list()
                .getItems()
                .stream()
                .min(Comparator.comparing(
                                (Pod p) -> Objects.toString(p.getMetadata().getCreationTimestamp(), ""))
                        .thenComparing(p -> p.getMetadata().getName()));
    }

    private static Optional<ContainerStatus> importContainer(Pod pod) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(c -> IMPORT_CONTAINER.equals(c.getName()))
                .findFirst();
    }

    private void publishFinished(Timeline timeline) {
        List<PhaseRecord> phases = latest.log().phases(clock.instant(), false);
        for (; published < phases.size() - 1; published++) {
            timeline.add(phases.get(published));
        }
    }

    private Instant endOfJob() {
        return latest.terminated()
                .map(ContainerStateTerminated::getFinishedAt)
                .filter(Objects::nonNull)
                .map(Instant::parse)
                .or(() -> currentLog().lastTimestamp())
                .orElse(clock.instant());
    }

    private ImportResult failure(Timeline timeline, String phase, List<String> reasons, Instant end) {
        if (latest.pod() != null) {
            readLog(latest.pod());
        }
        ImportLog log = currentLog();
        List<PhaseRecord> phases = log.phases(end, true);
        phases.stream().skip(published).forEach(timeline::add);
        if (phases.isEmpty()) {
            timeline.add(new PhaseRecord(
                    phase, watchStart, end, PhaseStatus.FAILED, null, reasons.isEmpty() ? null : reasons.get(0)));
        }
        List<String> events = NamespaceEvents.lines(cluster.client(), cluster.namespace()).stream()
                .map(redact)
                .toList();
        List<String> errorLines = new ArrayList<>(reasons);
        errorLines.addAll(log.errorLines());
        List<String> context = new ArrayList<>();
        context.add("--- last " + TAIL_LINES + " lines of the import pod's log ---");
        context.addAll(log.tail(TAIL_LINES));
        context.add("--- events in namespace " + cluster.namespace() + " ---");
        context.addAll(events);
        List<String> all = new ArrayList<>(log.lines());
        all.addAll(events);
        String failedPhase =
                phases.isEmpty() ? phase : phases.get(phases.size() - 1).name();
        return new ImportResult(false, failedPhase, errorLines, context, log.commands(end, true), all, null);
    }
}
