package org.cnpgrehearsal.platform.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.cnpgrehearsal.importer.ImportResult;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.model.Credentials;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.platform.Platform;
import org.cnpgrehearsal.platform.k3s.ContainerEngine;
import org.cnpgrehearsal.platform.k3s.K3sPlatform;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.timeline.Timeline;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The happy path on a real k3s cluster with the real CNPG operator (pulls images: needs Docker and network, or
 * {@code --images-dir}-style tarballs). Skipped, with the reason in the output, where no container engine is reachable.
 */
class K3sEndToEndTest {

    @Test
    void importsTheSeedDatabaseThroughCnpgOnK3s() throws Exception {
        String skipped =
                "no container engine: the k3s end-to-end rehearsal runs only where Docker (or a compatible engine) is reachable";
        if (!ContainerEngine.available()) {
            System.out.println("SKIPPED K3sEndToEndTest: " + skipped);
        }
        Assumptions.assumeTrue(ContainerEngine.available(), skipped);
        // a superuser import: the happy path needs no grant on the source
        String manifest = ClusterRewriterTest.SEED_MANIFEST.replace("user: standby", "user: postgres");
        RehearsalPlan plan = new RehearsalPlan(
                new Scenario("happy-path", null, null, null, null, null),
                ManifestReader.parse(Path.of("database-cnpg.yaml"), manifest),
                1_000_000L,
                17,
                17,
                new Credentials(),
                false);
        OperatorOptions operators =
                new OperatorOptions(null, null, null, null, SourceFlavor.LITE, Duration.ofMinutes(10));
        Timeline timeline = new Timeline();

        try (Platform k3s = new K3sPlatform(new K3sOptions(null, null, operators))) {
            k3s.provision(plan, timeline);
            try (Connection source = k3s.sourceSuperuser().open();
                    Statement st = source.createStatement()) {
                st.execute("CREATE TABLE accounts (id bigint PRIMARY KEY, username text NOT NULL)");
                st.execute("INSERT INTO accounts SELECT g, 'user' || g FROM generate_series(1, 1000) g");
            }

            ImportResult result = k3s.runImport(plan, timeline);

            assertTrue(result.succeeded(), () -> String.join("\n", result.errorLines()));
            List<String> phases =
                    timeline.phases().stream().map(PhaseRecord::name).toList();
            assertTrue(
                    phases.containsAll(List.of(
                            Phases.DUMP,
                            Phases.RESTORE_PRE_DATA,
                            Phases.RESTORE_DATA,
                            Phases.RESTORE_POST_DATA,
                            Phases.ANALYZE,
                            Phases.FINALIZE)),
                    phases.toString());
            try (Connection target = k3s.targetSuperuser().open();
                    Statement st = target.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM accounts")) {
                rs.next();
                assertEquals(1000, rs.getLong(1));
            }
        }
    }
}
