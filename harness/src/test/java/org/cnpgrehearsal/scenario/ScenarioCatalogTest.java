package org.cnpgrehearsal.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.ProjectPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioCatalogTest {

    @TempDir
    Path dir;

    @Test
    void everyBuiltInScenarioLoads() {
        var all = ScenarioCatalog.builtIn().all();
        assertTrue(all.size() >= 15, "scenarios: " + all.size());
        assertTrue(all.stream()
                .anyMatch(s -> s.name().equals("happy-path") && s.expect().success()));
    }

    @Test
    void unknownKeysNameTheFileTheKeyAndWhatIsAllowed() throws IOException {
        String message = bad("source:\n  importUsr: standby\n");
        assertTrue(message.contains("unknown key 'source.importUsr'"), message);
        assertTrue(message.contains("importUser"), message);
    }

    @Test
    void wrongTypesAndValuesAreBadInput() throws IOException {
        assertTrue(bad("source:\n  major: fifteen\n").contains("'source.major' has the wrong type"));
        assertTrue(bad("source:\n  grants: [everything]\n").contains("does not allow 'everything'"));
        assertTrue(bad("expect:\n  outcome: failure\n").contains("expect.cause is required"));
        assertTrue(bad("expect:\n  outcome: failure\n  cause: GREMLINS\n").contains("does not allow 'GREMLINS'"));
        assertTrue(bad("target:\n  storageSize: huge\n").contains("huge"));
    }

    @Test
    void theSourcesLocaleReplicaAndDuringDumpHookAreCheckedKeys() throws IOException {
        assertTrue(bad("source:\n  locale: english\n").contains("'source.locale' does not allow 'english'"));
        assertTrue(bad("source:\n  duringDump:\n    sql: [VACUUM]\n").contains("source.duringDump needs 'after'"));
        assertTrue(bad("source:\n  replica: maybe\n").contains("'source.replica' has the wrong type"));
        Path ok = Files.writeString(
                dir.resolve("hooked.yaml"),
                "source:\n  locale: en_US.UTF-8\n  replica: true\n  grants: [bypassrls]\n"
                        + "  prepareSqlIn:\n    postgres: [SELECT 1]\n"
                        + "  duringDump:\n    after: saving database definition\n    sql: [VACUUM public.statuses]\n"
                        + "target:\n  imageName: ghcr.io/cloudnative-pg/postgresql:17.11-minimal-trixie\n");
        Scenario s = ScenarioCatalog.load(ok);
        assertEquals("en_US.UTF-8", s.source().locale());
        assertTrue(s.source().replica());
        assertEquals(List.of("SELECT 1"), s.source().prepareSqlIn().get("postgres"));
        assertEquals("saving database definition", s.source().duringDump().after());
        assertEquals(
                "ghcr.io/cloudnative-pg/postgresql:17.11-minimal-trixie",
                s.target().imageName());
    }

    @Test
    void theKubernetesOnlyScenariosLoadToo() {
        Scenario s = ScenarioCatalog.load(ProjectPaths.scenarios().resolve("kubernetes/timescaledb-hypertables.yaml"));
        assertEquals("EXTENSION_NOT_CONFIGURED", s.expect().cause());
        assertTrue(ScenarioCatalog.builtIn().names().stream().noneMatch(n -> n.contains("hypertables")));
    }

    @Test
    void relativeSizesAreRoomOnTopOfTheEmptyTarget() {
        assertEquals(1_000 + 600, RelativeSize.parse("0.6x").resolve(1_000, 1_000));
        assertEquals(300_000_000L, RelativeSize.parse("300MB").resolve(1, 1));
    }

    private String bad(String yaml) throws IOException {
        Path f = Files.writeString(dir.resolve("broken.yaml"), yaml);
        BadInputException e = assertThrows(BadInputException.class, () -> ScenarioCatalog.load(f));
        assertTrue(e.getMessage().startsWith("scenario " + f), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }
}
