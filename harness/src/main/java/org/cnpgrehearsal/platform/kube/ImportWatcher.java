package org.cnpgrehearsal.platform.kube;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.cnpgrehearsal.importer.ImportResult;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.PhaseStatus;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.timeline.Timeline;

/**
 * Follows CNPG's import Job to its end and puts its phases on the timeline as they finish. Each wait is bounded by
 * the per-phase timeout: a phase that shows no progress for that long ends the rehearsal. It also ends, without
 * waiting the timeout out, on what does not recover: the first failed attempt (CNPG would retry the whole import,
 * pg_dump included), a Cluster phase CNPG does not leave by itself, an import container that cannot start, and a
 * Cluster no operator gives a status. A failure's error lines are the failing step's own (the instance manager's
 * failure line, the failing tool's errors, or why the harness gave up); its context is the pod's log tail and the
 * namespace's events.
 */
public final class ImportWatcher {

    static final String IMPORT_CONTAINER = "import";
    private static final int TAIL_LINES = 40;
    /** Waiting reasons the kubelet keeps without a change to the pod or the cluster. */
    private static final Set<String> STUCK =
            Set.of("InvalidImageName", "CreateContainerConfigError", "CreateContainerError", "ErrImageNeverPull");
    /** Pull failures the kubelet retries with a back-off: given up on after {@link #PULL_GRACE}. */
    private static final Set<String> PULL_FAILING = Set.of("ErrImagePull", "ImagePullBackOff");

    private static final Duration PULL_GRACE = Duration.ofMinutes(2);

    private final CnpgCluster cluster;
    private final Duration phaseTimeout;
    private final Duration pollInterval;
    private final Duration operatorGrace;
    private final UnaryOperator<String> redact;
    private final Clock clock;
    private final ImportLog log;

    private volatile Observation latest = Observation.NONE;
    private ContainerLogReader reader;
    private boolean podSeen;
    private int published;
    private Instant watchStart;
    private Instant waitingSince;
    /** Where live progress goes while the import runs. */
    private Timeline progressTo;

    /**
     * @param operatorGrace how long a Cluster may stay without any status before the harness concludes that no
     *     operator reconciles it
     */
    public ImportWatcher(
            CnpgCluster cluster,
            Duration phaseTimeout,
            Duration pollInterval,
            Duration operatorGrace,
            UnaryOperator<String> redact,
            Clock clock) {
        this.cluster = cluster;
        this.phaseTimeout = phaseTimeout;
        this.pollInterval = pollInterval;
        this.operatorGrace = operatorGrace;
        this.redact = redact;
        this.clock = clock;
        this.log = new ImportLog(redact);
    }

    /** What one look at the cluster showed. */
    private record Observation(Pod pod, Job job, CnpgCluster.State state, boolean podGone) {
        static final Observation NONE = new Observation(null, null, new CnpgCluster.State("", "", false), false);

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
            return exitedWithError || podFailed || jobFailed || state.terminal();
        }

        boolean succeeded() {
            boolean exitedClean =
                    terminated().map(t -> Objects.equals(t.getExitCode(), 0)).orElse(false);
            boolean jobSucceeded = job != null
                    && job.getStatus() != null
                    && job.getStatus().getSucceeded() != null
                    && job.getStatus().getSucceeded() > 0;
            return !failed() && (exitedClean || jobSucceeded || state.healthy() || podGone);
        }

        boolean ended() {
            return failed() || succeeded();
        }

        /** A container of the import pod (the init container included) that waits, with the kubelet's reason. */
        Optional<String> waiting(Set<String> reasons) {
            if (pod == null || pod.getStatus() == null) {
                return Optional.empty();
            }
            return Stream.concat(
                            Stream.ofNullable(pod.getStatus().getInitContainerStatuses())
                                    .flatMap(List::stream),
                            Stream.ofNullable(pod.getStatus().getContainerStatuses())
                                    .flatMap(List::stream))
                    .filter(c -> c.getState() != null && c.getState().getWaiting() != null)
                    .filter(c -> reasons.contains(c.getState().getWaiting().getReason()))
                    .map(c -> describe(pod, c, c.getState().getWaiting()))
                    .findFirst();
        }
    }

    private static String describe(Pod pod, ContainerStatus c, ContainerStateWaiting waiting) {
        return "the import pod " + pod.getMetadata().getName() + " cannot start: container " + c.getName() + " is "
                + waiting.getReason() + (waiting.getMessage() == null ? "" : ": " + waiting.getMessage());
    }

    public ImportResult watch(Timeline timeline) {
        watchStart = clock.instant();
        progressTo = timeline;
        boolean started = waitFor("the import Job's pod", () -> {
            Observation o = observe();
            return o.pod() != null || o.ended() || noStatusYet(o) || stuck(o).isPresent();
        });
        if (noStatusYet(latest)) {
            return failBeforeStart(
                    timeline,
                    List.of("the Cluster " + cluster.name() + " got no status from CloudNativePG within "
                            + operatorGrace.toSeconds() + "s: the operator does not reconcile namespace "
                            + cluster.namespace() + " (an operator installed with the chart value config.clusterWide="
                            + "false watches only its own namespace: WATCH_NAMESPACE), or it is not running"));
        }
        if (latest.pod() == null && latest.state().terminal()) {
            return failBeforeStart(timeline, List.of(clusterPhaseLine()));
        }
        if (!started) {
            return failBeforeStart(
                    timeline,
                    List.of("the import Job " + cluster.importJob() + " did not start within "
                            + phaseTimeout.toSeconds() + "s (Cluster phase "
                            + latest.state().describe() + ")"));
        }
        while (!latest.ended() && stuck(latest).isEmpty()) {
            Optional<String> before = log.currentPhase();
            boolean progressed = waitFor("progress of the import", () -> {
                Observation o = observe();
                return o.ended() || stuck(o).isPresent() || !log.currentPhase().equals(before);
            });
            if (!progressed) {
                Optional<String> waiting = latest.waiting(PULL_FAILING);
                if (waiting.isPresent() && before.isEmpty()) {
                    return failBeforeStart(timeline, List.of(waiting.get()));
                }
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
        Optional<String> stuck = stuck(latest);
        if (stuck.isPresent() && !latest.ended()) {
            return failBeforeStart(timeline, List.of(stuck.get()));
        }
        if (latest.failed()) {
            List<String> reasons =
                    log.failure().isPresent() || !latest.state().terminal() ? List.of() : List.of(clusterPhaseLine());
            return failure(
                    timeline, log.failedPhase().orElse(log.currentPhase().orElse(Phases.ROLES)), reasons, endOfJob());
        }
        boolean healthy = waitFor("the Cluster to become healthy", () -> {
            readLog();
            return cluster.state().healthy();
        });
        if (!healthy) {
            return failure(
                    timeline,
                    Phases.FINALIZE,
                    List.of("the import finished but the Cluster did not become healthy within "
                            + phaseTimeout.toSeconds() + "s (phase "
                            + cluster.state().describe() + ")"),
                    clock.instant());
        }
        Instant end = clock.instant();
        log.phases(end, false).stream().skip(published).forEach(timeline::add);
        return new ImportResult(true, null, List.of(), List.of(), log.commands(end, false), log.lines(), null);
    }

    /** Waits (polling, bounded by the per-phase timeout) until {@code condition} holds; false when it never did. */
    private boolean waitFor(String what, Callable<Boolean> condition) {
        try {
            await(what).atMost(phaseTimeout).pollInterval(pollInterval).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private boolean noStatusYet(Observation o) {
        return o.state().phase().isEmpty()
                && o.pod() == null
                && Duration.between(watchStart, clock.instant()).compareTo(operatorGrace) >= 0;
    }

    /** Why the import container will not start, once that is certain (or the pull kept failing for a while). */
    private Optional<String> stuck(Observation o) {
        Optional<String> stuck = o.waiting(STUCK);
        if (stuck.isPresent()) {
            return stuck;
        }
        Optional<String> pulling = o.waiting(PULL_FAILING);
        if (pulling.isEmpty()) {
            waitingSince = null;
            return Optional.empty();
        }
        if (waitingSince == null) {
            waitingSince = clock.instant();
        }
        Duration grace = PULL_GRACE.compareTo(phaseTimeout) < 0 ? PULL_GRACE : phaseTimeout;
        return Duration.between(waitingSince, clock.instant()).compareTo(grace) >= 0 ? pulling : Optional.empty();
    }

    private String clusterPhaseLine() {
        return "the Cluster " + cluster.name() + " is in phase "
                + latest.state().describe() + ", which CloudNativePG does not leave by itself";
    }

    private Observation observe() {
        Pod pod = importPod().orElse(null);
        podSeen |= pod != null;
        // the logs API refuses a container that has not started (400): ask once it has
        if (reader == null && started(pod)) {
            reader = new ContainerLogReader(
                    cluster.client(), cluster.namespace(), pod.getMetadata().getName(), IMPORT_CONTAINER);
        }
        readLog();
        Job job = cluster.client()
                .batch()
                .v1()
                .jobs()
                .inNamespace(cluster.namespace())
                .withName(cluster.importJob())
                .get();
        CnpgCluster.State state = cluster.state();
        latest = new Observation(pod, job, state, podSeen && pod == null);
        progressTo.progress(
                log.currentPhase().orElse("import"),
                "Cluster '" + state.phase() + "', "
                        + Duration.between(watchStart, clock.instant()).toSeconds() + " s into the import Job");
        return latest;
    }

    private void readLog() {
        if (reader != null) {
            reader.readNew().forEach(log::accept);
        }
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

    private static boolean started(Pod pod) {
        return importContainer(pod)
                .map(c -> c.getState() != null
                        && (c.getState().getRunning() != null || c.getState().getTerminated() != null))
                .orElse(false);
    }

    private static Optional<ContainerStatus> importContainer(Pod pod) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(c -> IMPORT_CONTAINER.equals(c.getName()))
                .findFirst();
    }

    /**
     * Puts the phases that have ended on the timeline. The shutdown's checkpoint ends nothing yet: CNPG logs it before
     * a failure as well, so the phase before it is published once the Job's end says how it went.
     */
    private void publishFinished(Timeline timeline) {
        List<PhaseRecord> phases = log.phases(clock.instant(), false).stream()
                .filter(p -> !p.name().equals(Phases.FINALIZE))
                .toList();
        for (; published < phases.size() - 1; published++) {
            timeline.add(phases.get(published));
        }
    }

    private Instant endOfJob() {
        return latest.terminated()
                .map(ContainerStateTerminated::getFinishedAt)
                .filter(Objects::nonNull)
                .map(Instant::parse)
                .or(log::lastTimestamp)
                .orElse(clock.instant());
    }

    /** The import never got going: nothing of it is on the log, the failure is the harness's reason. */
    ImportResult failBeforeStart(Timeline timeline, List<String> reasons) {
        if (watchStart == null) {
            watchStart = clock.instant();
        }
        return failure(timeline, Phases.PROVISION, reasons, clock.instant());
    }

    private ImportResult failure(Timeline timeline, String phase, List<String> reasons, Instant end) {
        readLog();
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
