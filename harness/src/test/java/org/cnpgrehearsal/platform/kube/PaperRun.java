package org.cnpgrehearsal.platform.kube;

import java.nio.file.Path;
import java.time.Duration;
import org.cnpgrehearsal.importer.ImportResult;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ManifestEditor;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.model.Credentials;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.scenario.RelativeSize;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.ProjectPaths;
import org.cnpgrehearsal.util.Sizes;

/**
 * One rehearsal on paper: the shared Kubernetes platform against {@link FakeApiServer}, its source played by
 * {@link FakeSourceKubelet} (a real PostgreSQL server set up from the pod or resource the harness asked for) and its
 * import by {@link FakeCnpgOperator} (CNPG v1.30.0's own words). Plans are made as the engine makes them for a
 * Kubernetes platform: the manifest the scenario names with its import overrides, the target major of its image, a
 * relative volume size resolved against the seeded size.
 */
final class PaperRun implements AutoCloseable {

    static final long FIXTURE_BYTES = 20_000_000L;

    final FakeApiServer api = new FakeApiServer();
    final FakeSourceKubelet kubelet;
    final MockKubePlatform platform;

    PaperRun(SourceFlavor flavour, boolean sizedVolumes) throws Exception {
        kubelet = new FakeSourceKubelet(api, MockKubePlatform.NAMESPACE).start();
        platform = new MockKubePlatform(
                api,
                new OperatorOptions(null, null, null, null, flavour, Duration.ofSeconds(60)),
                kubelet::address,
                sizedVolumes);
    }

    /** The plan the engine makes for a Kubernetes platform (RehearsalRun.run: no local client tools decide). */
    static RehearsalPlan plan(Scenario scenario) {
        Path file = scenario.target().manifest() != null
                ? ProjectPaths.root().resolve(scenario.target().manifest())
                : ProjectPaths.defaultManifest();
        ClusterManifest manifest = ManifestReader.read(file);
        if (scenario.target().imageName() != null) {
            manifest = ManifestEditor.withImageName(manifest, scenario.target().imageName());
        }
        if (!scenario.target().importOverrides().isEmpty()) {
            manifest = ManifestEditor.withImport(manifest, scenario.target().importOverrides());
        }
        int target = scenario.target().major() != null
                ? scenario.target().major()
                : manifest.imageMajor()
                        .orElse(ClusterManifest.majorOf(ClusterManifest.OPERATOR_DEFAULT_IMAGE)
                                .getAsInt());
        int source =
                scenario.source().major() == null ? target : scenario.source().major();
        return new RehearsalPlan(scenario, manifest, FIXTURE_BYTES, source, target, new Credentials(), false);
    }

    /**
     * The plan as the engine hands it to the import (Rehearsal.withResolvedStorage): a scenario's size resolved against
     * the seeded database; on Kubernetes nothing of the target exists before the import, so nothing is added for it.
     */
    static RehearsalPlan importPlan(RehearsalPlan plan) {
        String size = plan.scenario().target().storageSize();
        if (size == null) {
            return plan;
        }
        long bytes = RelativeSize.parse(size).resolve(plan.fixtureBytes(), 0);
        return new RehearsalPlan(
                plan.scenario(),
                ManifestEditor.withStorageSize(plan.manifest(), Sizes.kubernetesQuantity(bytes)),
                plan.fixtureBytes(),
                plan.sourceMajor(),
                plan.targetMajor(),
                plan.credentials(),
                plan.keep());
    }

    void provision(RehearsalPlan plan, Timeline timeline) throws Exception {
        platform.provision(plan, timeline);
        kubelet.check();
    }

    ImportResult importWith(RehearsalPlan importPlan, FakeCnpgOperator.Script script, Timeline timeline)
            throws Exception {
        try (FakeCnpgOperator cnpg = new FakeCnpgOperator(api, MockKubePlatform.NAMESPACE, script).start()) {
            ImportResult result = platform.runImport(importPlan, timeline);
            cnpg.check();
            return result;
        }
    }

    @Override
    public void close() {
        platform.close();
        kubelet.close();
        api.close();
    }
}
