package org.cnpgrehearsal.platform.kube;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Plays CNPG against the mock API server: when a Cluster appears it writes the Cluster's status, creates the import
 * Job and its pod, serves the instance manager's log line by line, and ends the Job the way CNPG does (success:
 * the container exits 0, the Cluster becomes healthy, the Job and its pod are deleted; failure: the container exits 1
 * and a retry pod starts; stall: nothing more happens).
 */
final class FakeCnpgOperator implements AutoCloseable {

    enum Ending {
        SUCCEED,
        FAIL,
        STALL
    }

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final String namespace;
    private final List<String> logLines;
    private final Ending ending;
    private final AtomicReference<String> log = new AtomicReference<>("");
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private Future<?> running;
    volatile GenericKubernetesResource appliedCluster;

    FakeCnpgOperator(
            KubernetesMockServer server, KubernetesClient client, String namespace, String logText, Ending ending) {
        this.server = server;
        this.client = client;
        this.namespace = namespace;
        this.logLines = logText.lines().toList();
        this.ending = ending;
    }

    FakeCnpgOperator start() {
        running = executor.submit(() -> {
            play();
            return null;
        });
        return this;
    }

    private void play() throws Exception {
        GenericKubernetesResource cluster = null;
        for (int i = 0; i < 500 && cluster == null; i++) {
            List<GenericKubernetesResource> items = client.genericKubernetesResources(CnpgCluster.CONTEXT)
                    .inNamespace(namespace)
                    .list()
                    .getItems();
            cluster = items.isEmpty() ? null : items.get(0);
            Thread.sleep(20);
        }
        if (cluster == null) {
            return;
        }
        appliedCluster = cluster;
        String name = cluster.getMetadata().getName();
        clusterStatus(name, "Setting up primary", false);
        event(name, "Cluster", "Normal", "CreatingInstance", "Primary instance (initdb)");
        Job job = client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .resource(new JobBuilder()
                        .withNewMetadata()
                        .withName(name + "-1-import")
                        .endMetadata()
                        .withNewStatus()
                        .withActive(1)
                        .withStartTime(Instant.now().toString())
                        .endStatus()
                        .build())
                .create();
        String podName = name + "-1-import-x7k2p";
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/" + namespace + "/pods/" + podName + "/log?pretty=false&container=import")
                .andReply(200, request -> log.get())
                .always();
        createPod(podName, name);
        for (String line : logLines) {
            log.updateAndGet(text -> text + line + "\n");
            Thread.sleep(15);
        }
        switch (ending) {
            case SUCCEED -> {
                terminate(podName, 0);
                client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(namespace)
                        .withName(job.getMetadata().getName())
                        .editStatus(j -> new JobBuilder(j)
                                .editStatus()
                                .withActive(0)
                                .withSucceeded(1)
                                .endStatus()
                                .build());
                Thread.sleep(50);
                clusterStatus(name, "Waiting for the instances to become active", false);
                Thread.sleep(50);
                clusterStatus(name, CnpgCluster.HEALTHY, true);
                client.pods().inNamespace(namespace).withName(podName).delete();
                client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(namespace)
                        .withName(job.getMetadata().getName())
                        .delete();
            }
            case FAIL -> {
                terminate(podName, 1);
                event(podName, "Pod", "Warning", "BackOff", "Back-off restarting failed container import");
                createPod(name + "-1-import-zz9q1", name);
            }
            case STALL -> {}
        }
    }

    private void createPod(String podName, String cluster) {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(podName)
                .withCreationTimestamp(Instant.now().toString())
                .addToLabels("cnpg.io/jobRole", "import")
                .addToLabels("cnpg.io/cluster", cluster)
                .addToLabels("cnpg.io/instanceName", cluster + "-1")
                .endMetadata()
                .withNewStatus()
                .withPhase("Running")
                .addToContainerStatuses(new ContainerStatusBuilder()
                        .withName("import")
                        .withNewState()
                        .withNewRunning()
                        .withStartedAt(Instant.now().toString())
                        .endRunning()
                        .endState()
                        .build())
                .endStatus()
                .build();
        client.pods().inNamespace(namespace).resource(pod).create();
    }

    private void terminate(String podName, int exitCode) {
        client.pods()
                .inNamespace(namespace)
                .withName(podName)
                .editStatus(p -> new PodBuilder(p)
                        .editStatus()
                        .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                        .withContainerStatuses(new ContainerStatusBuilder()
                                .withName("import")
                                .withNewState()
                                .withNewTerminated()
                                .withExitCode(exitCode)
                                .withFinishedAt(Instant.now().toString())
                                .endTerminated()
                                .endState()
                                .build())
                        .endStatus()
                        .build());
    }

    private void clusterStatus(String name, String phase, boolean ready) {
        client.genericKubernetesResources(CnpgCluster.CONTEXT)
                .inNamespace(namespace)
                .withName(name)
                .editStatus(c -> {
                    Map<String, Object> status = new LinkedHashMap<>();
                    status.put("phase", phase);
                    status.put("conditions", List.of(Map.of("type", "Ready", "status", ready ? "True" : "False")));
                    c.setAdditionalProperty("status", status);
                    return c;
                });
    }

    private void event(String object, String kind, String type, String reason, String message) {
        client.v1()
                .events()
                .inNamespace(namespace)
                .resource(new EventBuilder()
                        .withNewMetadata()
                        .withName(object + "." + reason.toLowerCase())
                        .endMetadata()
                        .withType(type)
                        .withReason(reason)
                        .withMessage(message)
                        .withLastTimestamp(Instant.now().toString())
                        .withNewInvolvedObject()
                        .withKind(kind)
                        .withName(object)
                        .withNamespace(namespace)
                        .endInvolvedObject()
                        .build())
                .create();
    }

    /** Rethrows what went wrong in the double, so that a broken double does not pass for a broken harness. */
    void check() throws Exception {
        if (running.isDone()) {
            running.get();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
