package org.cnpgrehearsal.platform.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.cnpgrehearsal.manifest.ClusterManifest;

/**
 * Plays CNPG v1.30.0 against {@link FakeApiServer}, in upstream's words ({@link UpstreamData}): when a Cluster is
 * applied it registers the Cluster's phase, records its events, creates the import Job and its pod with CNPG's names
 * and labels, writes the instance manager's log for that Cluster ({@link CnpgStream}) line by line, and ends the Job
 * as CNPG does. Success: the container exits 0, the Cluster waits for its instance, turns healthy, and the Job is
 * deleted with its pod and log. Failure: the failing step's lines, the deferred shutdown, the failure line, exit 1,
 * and the Job starts a new pod. The other endings are the ways a rehearsal can wait for nothing.
 */
final class FakeCnpgOperator implements AutoCloseable {

    private static final UpstreamData UPSTREAM = UpstreamData.CNPG_1_30;

    enum Outcome {
        SUCCEED,
        FAIL,
        /** The log stops after the dump started and nothing else happens. */
        STALL,
        /** The Job's retries ran out: the Job is Failed and the Cluster unrecoverable. */
        EXHAUST_RETRIES,
        /** No Job: the Cluster names something the namespace lacks (spec.certificates). */
        CANNOT_CREATE_OBJECTS,
        /** The import container never starts: its image cannot be pulled. */
        IMAGE_PULL_BACKOFF,
        /** An operator that does not watch the namespace: the Cluster never gets a status. */
        NEVER_RECONCILES
    }

    /** What the operator does with the next Cluster. */
    record Script(Outcome outcome, String failureId, CnpgStream.Facts facts, int rotateAfterLines) {
        static Script succeed() {
            return new Script(Outcome.SUCCEED, null, CnpgStream.Facts.defaults(), -1);
        }

        static Script fail(String failureId) {
            return new Script(Outcome.FAIL, failureId, CnpgStream.Facts.defaults(), -1);
        }

        static Script of(Outcome outcome) {
            return new Script(outcome, null, CnpgStream.Facts.defaults(), -1);
        }

        Script withFacts(CnpgStream.Facts f) {
            return new Script(outcome, failureId, f, rotateAfterLines);
        }

        /** The kubelet rotates the import container's log after this many lines. */
        Script rotatingAfter(int lines) {
            return new Script(outcome, failureId, facts, lines);
        }
    }

    private final FakeApiServer api;
    private final KubernetesClient client;
    private final String namespace;
    private final Script script;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final AtomicInteger written = new AtomicInteger();
    private Future<?> running;
    volatile GenericKubernetesResource appliedCluster;
    volatile List<String> writtenLog = List.of();

    FakeCnpgOperator(FakeApiServer api, String namespace, Script script) {
        this.api = api;
        this.client = api.client();
        this.namespace = namespace;
        this.script = script;
    }

    FakeCnpgOperator start() {
        running = executor.submit(() -> {
            play();
            return null;
        });
        return this;
    }

    private void play() throws Exception {
        GenericKubernetesResource cluster = awaitCluster();
        if (cluster == null || script.outcome() == Outcome.NEVER_RECONCILES) {
            return;
        }
        appliedCluster = cluster;
        String name = cluster.getMetadata().getName();
        Map<String, Object> params = Map.of(
                "cluster",
                name,
                "namespace",
                namespace,
                "job",
                name + "-1-import",
                "secret",
                name + "-server-ca",
                "sourcePod",
                "mastodon-postgresql-0");
        JsonNode phases = UPSTREAM.kubernetes().path("clusterPhases");
        if (script.outcome() == Outcome.CANNOT_CREATE_OBJECTS) {
            clusterStatus(name, phases.path("cannotCreateObjects"), params, false);
            return;
        }
        superuserSecret(cluster);
        clusterStatus(name, phases.path("settingUpPrimary"), params, false);
        event(name, UPSTREAM.kubernetes().path("events").path("creatingInstance"), params);
        for (JsonNode other : UPSTREAM.kubernetes().path("events").path("otherPods")) {
            event(UpstreamData.fill(other.get("name").asText(), params), other, params);
        }
        String job =
                UpstreamData.fill(UPSTREAM.kubernetes().path("job").path("name").asText(), params);
        createJob(job, name, params);
        String pod = job + "-x7k2p";
        createPod(pod, params, script.outcome() == Outcome.IMAGE_PULL_BACKOFF);
        if (script.outcome() == Outcome.IMAGE_PULL_BACKOFF) {
            return;
        }
        writeLog(pod, cluster);
        switch (script.outcome()) {
            case SUCCEED -> succeed(name, job, pod, phases, params);
            case FAIL -> {
                terminate(pod, 1);
                jobStatus(job, 0, 1, false);
                createPod(job + "-zz9q1", params, false);
            }
            case EXHAUST_RETRIES -> {
                terminate(pod, 1);
                jobStatus(job, 0, 1, true);
                clusterStatus(name, phases.path("unrecoverable"), params, false);
            }
            default -> {}
        }
    }

    private GenericKubernetesResource awaitCluster() throws InterruptedException {
        for (int i = 0; i < 1500; i++) {
            List<GenericKubernetesResource> items = client.genericKubernetesResources(CnpgCluster.CONTEXT)
                    .inNamespace(namespace)
                    .list()
                    .getItems();
            if (!items.isEmpty()) {
                return items.get(0);
            }
            Thread.sleep(20);
        }
        return null;
    }

    private void writeLog(String pod, GenericKubernetesResource cluster) throws InterruptedException {
        @SuppressWarnings("unchecked")
        Map<String, Object> document = client.getKubernetesSerialization().convertValue(cluster, Map.class);
        ClusterManifest applied = CnpgStream.applied(document);
        UpstreamData.Failure failure = script.failureId() == null ? null : UPSTREAM.failure(script.failureId());
        List<CnpgStream.Emit> emits = CnpgStream.of(applied, namespace, script.facts(), failure);
        if (script.outcome() == Outcome.STALL) {
            int dump = indexOf(emits, "Running pg_dump");
            emits = emits.subList(0, dump + 2);
        }
        Instant start = Instant.now();
        api.startLog(namespace, pod, ImportWatcher.IMPORT_CONTAINER);
        List<String> lines = new ArrayList<>();
        for (CnpgStream.Emit emit : emits) {
            String line = emit.render(start);
            lines.add(line);
            api.appendLog(namespace, pod, ImportWatcher.IMPORT_CONTAINER, line);
            if (written.incrementAndGet() == script.rotateAfterLines()) {
                Thread.sleep(1100);
                api.rotateLog(namespace, pod, ImportWatcher.IMPORT_CONTAINER);
            }
            Thread.sleep(5);
        }
        writtenLog = List.copyOf(lines);
    }

    private static int indexOf(List<CnpgStream.Emit> emits, String msg) {
        for (int i = 0; i < emits.size(); i++) {
            if (emits.get(i).entry().msg().equals(msg)) {
                return i;
            }
        }
        throw new IllegalStateException("no " + msg + " in the stream");
    }

    private void succeed(String name, String job, String pod, JsonNode phases, Map<String, Object> params)
            throws InterruptedException {
        terminate(pod, 0);
        jobStatus(job, 1, 0, false);
        Thread.sleep(30);
        clusterStatus(name, phases.path("waitingForInstances"), params, false);
        client.pods()
                .inNamespace(namespace)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(name + "-1")
                        .addToLabels("cnpg.io/cluster", name)
                        .addToLabels("cnpg.io/instanceName", name + "-1")
                        .endMetadata()
                        .withNewStatus()
                        .withPhase("Running")
                        .endStatus()
                        .build())
                .create();
        Thread.sleep(30);
        clusterStatus(name, phases.path("healthy"), params, true);
        // cluster_cleanup.go:40-53: foreground deletion, the pod (and its log) first
        client.pods().inNamespace(namespace).withName(pod).delete();
        client.batch().v1().jobs().inNamespace(namespace).withName(job).delete();
    }

    /**
     * cluster_create.go:181-182: with enableSuperuserAccess and no superuserSecret of the user's, CNPG makes
     * {@code <name>-superuser}; with one, it makes none (api/v1/cluster_funcs.go GetSuperuserSecretName).
     */
    private void superuserSecret(GenericKubernetesResource cluster) {
        Map<?, ?> spec = (Map<?, ?>) cluster.getAdditionalProperties().get("spec");
        if (!Boolean.TRUE.equals(spec.get("enableSuperuserAccess")) || spec.get("superuserSecret") != null) {
            return;
        }
        client.secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(cluster.getMetadata().getName() + "-superuser")
                        .endMetadata()
                        .addToData("username", base64("postgres"))
                        .addToData("password", base64("superuser-password-made-by-cnpg"))
                        .build())
                .create();
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private void createJob(String job, String cluster, Map<String, Object> params) {
        client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .resource(new JobBuilder()
                        .withNewMetadata()
                        .withName(job)
                        .withLabels(podLabels(params))
                        .endMetadata()
                        .withNewStatus()
                        .withActive(1)
                        .withStartTime(Instant.now().toString())
                        .endStatus()
                        .build())
                .create();
    }

    private static Map<String, String> podLabels(Map<String, Object> params) {
        Map<String, String> labels = new LinkedHashMap<>();
        UPSTREAM.kubernetes()
                .path("job")
                .path("podLabels")
                .fields()
                .forEachRemaining(e ->
                        labels.put(e.getKey(), UpstreamData.fill(e.getValue().asText(), params)));
        return labels;
    }

    private void createPod(String podName, Map<String, Object> params, boolean imagePullBackOff) {
        JsonNode job = UPSTREAM.kubernetes().path("job");
        ContainerStatus init = new ContainerStatusBuilder()
                .withName(job.get("initContainer").asText())
                .withNewState()
                .withNewTerminated()
                .withExitCode(0)
                .withReason("Completed")
                .endTerminated()
                .endState()
                .build();
        ContainerStatus main = imagePullBackOff
                ? new ContainerStatusBuilder()
                        .withName(job.get("container").asText())
                        .withNewState()
                        .withNewWaiting()
                        .withReason("ImagePullBackOff")
                        .withMessage(
                                "Back-off pulling image \"ghcr.io/cloudnative-pg/postgresql:17.11-standard-trixie\"")
                        .endWaiting()
                        .endState()
                        .build()
                : new ContainerStatusBuilder()
                        .withName(job.get("container").asText())
                        .withNewState()
                        .withNewRunning()
                        .withStartedAt(Instant.now().toString())
                        .endRunning()
                        .endState()
                        .build();
        client.pods()
                .inNamespace(namespace)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(podName)
                        .withCreationTimestamp(Instant.now().toString())
                        .withLabels(podLabels(params))
                        .endMetadata()
                        .withNewSpec()
                        .withRestartPolicy(job.get("restartPolicy").asText())
                        .endSpec()
                        .withNewStatus()
                        .withPhase(imagePullBackOff ? "Pending" : "Running")
                        .withInitContainerStatuses(init)
                        .withContainerStatuses(main)
                        .endStatus()
                        .build())
                .create();
    }

    private void terminate(String podName, int exitCode) {
        client.pods()
                .inNamespace(namespace)
                .withName(podName)
                .editStatus(p -> new PodBuilder(p)
                        .editStatus()
                        .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                        .withContainerStatuses(new ContainerStatusBuilder()
                                .withName(ImportWatcher.IMPORT_CONTAINER)
                                .withNewState()
                                .withNewTerminated()
                                .withExitCode(exitCode)
                                .withReason(exitCode == 0 ? "Completed" : "Error")
                                .withFinishedAt(Instant.now().toString())
                                .endTerminated()
                                .endState()
                                .build())
                        .endStatus()
                        .build());
    }

    private void jobStatus(String job, int succeeded, int failed, boolean backoffLimitExceeded) {
        client.batch().v1().jobs().inNamespace(namespace).withName(job).editStatus(j -> {
            JobBuilder b = new JobBuilder(j);
            b.editStatus()
                    .withActive(succeeded > 0 || backoffLimitExceeded ? 0 : 1)
                    .withSucceeded(succeeded)
                    .withFailed(failed)
                    .endStatus();
            if (succeeded > 0) {
                b.editStatus()
                        .addToConditions(new JobConditionBuilder()
                                .withType("Complete")
                                .withStatus("True")
                                .build())
                        .endStatus();
            }
            if (backoffLimitExceeded) {
                JsonNode e = UPSTREAM.kubernetes().path("events").path("failedAttempt");
                b.editStatus()
                        .addToConditions(new JobConditionBuilder()
                                .withType("Failed")
                                .withStatus("True")
                                .withReason(e.get("reason").asText())
                                .withMessage(e.get("message").asText())
                                .build())
                        .endStatus();
            }
            return b.build();
        });
    }

    private void clusterStatus(String name, JsonNode phase, Map<String, Object> params, boolean ready) {
        client.genericKubernetesResources(CnpgCluster.CONTEXT)
                .inNamespace(namespace)
                .withName(name)
                .editStatus(c -> {
                    Map<String, Object> status = new LinkedHashMap<>();
                    status.put("phase", phase.get("phase").asText());
                    status.put(
                            "phaseReason",
                            UpstreamData.fill(phase.path("reason").asText(""), params));
                    status.put("conditions", List.of(Map.of("type", "Ready", "status", ready ? "True" : "False")));
                    c.setAdditionalProperty("status", status);
                    return c;
                });
    }

    private void event(String object, JsonNode e, Map<String, Object> params) {
        client.v1()
                .events()
                .inNamespace(namespace)
                .resource(new EventBuilder()
                        .withNewMetadata()
                        .withName(object + "." + e.get("reason").asText().toLowerCase())
                        .endMetadata()
                        .withType(e.get("type").asText())
                        .withReason(e.get("reason").asText())
                        .withMessage(UpstreamData.fill(e.get("message").asText(), params))
                        .withLastTimestamp(Instant.now().toString())
                        .withNewInvolvedObject()
                        .withKind(e.get("kind").asText())
                        .withName(object)
                        .withNamespace(namespace)
                        .endInvolvedObject()
                        .build())
                .create();
    }

    /**
     * Waits for the double to have played its part, and rethrows what went wrong in it, so that a broken double does
     * not pass for a broken harness.
     */
    void check() throws Exception {
        running.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
