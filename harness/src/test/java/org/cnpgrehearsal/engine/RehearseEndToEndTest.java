package org.cnpgrehearsal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cnpgrehearsal.cli.Main;
import org.cnpgrehearsal.timeline.Phases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real rehearsals on the local platform, through the command line, as a user runs them. */
class RehearseEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void happyPathRehearsesForRealAndWritesTheReport() throws Exception {
        Set<String> before = Leftovers.workFolders();
        Path dir = tmp.resolve("happy");
        int code = Main.commandLine()
                .execute("rehearse", "--platform", "local", "--size", "25MB", "--report-dir", dir.toString());
        assertEquals(0, code);
        JsonNode r = JSON.readTree(dir.resolve("report.json").toFile());
        assertEquals("success", r.get("outcome").asText());
        assertEquals("happy-path", r.get("scenario").asText());
        assertEquals("local", r.get("platform").asText());
        assertTrue(r.get("reproduced").asBoolean());
        List<String> phases = new ArrayList<>();
        r.get("phases").forEach(p -> {
            phases.add(p.get("name").asText());
            assertTrue(p.get("durationMs").asLong() >= 0);
            assertEquals("succeeded", p.get("status").asText());
        });
        assertTrue(
                phases.containsAll(List.of(
                        Phases.PROVISION,
                        Phases.SOURCE_SETUP,
                        Phases.SEED,
                        Phases.ROLES,
                        Phases.DUMP,
                        Phases.RESTORE_PRE_DATA,
                        Phases.RESTORE_DATA,
                        Phases.RESTORE_POST_DATA,
                        Phases.ANALYZE,
                        Phases.VERIFY)),
                phases.toString());
        long seeded = r.get("sizes").get("source").get("databaseBytes").asLong();
        assertTrue(Math.abs(seeded - 25_000_000L) <= 2_500_000L, "fixture within 10 % of 25 MB: " + seeded);
        assertTrue(r.get("verification").get("passed").asBoolean());
        Set<String> checks = new HashSet<>();
        r.get("verification")
                .get("checks")
                .forEach(c -> checks.add(c.get("name").asText()));
        assertTrue(
                checks.containsAll(Set.of(
                        "row-counts", "roles-present", "app-login", "app-ownership-and-privileges", "app-read-write")),
                checks.toString());
        String commands = r.get("commands").toString();
        assertTrue(
                commands.contains("-Fd") && commands.contains("--section=pre-data") && commands.contains("pg_restore"),
                commands);
        String all = Files.readString(dir.resolve("report.json"))
                + Files.readString(dir.resolve("report.md"))
                + Files.readString(dir.resolve("import.log"));
        assertFalse(all.matches("(?s).*SCRAM-SHA-256\\$.*"), "no password hash in the report");
        assertTrue(Files.exists(dir.resolve("report.html")));
        assertTrue(
                Files.readString(dir.resolve("report.md")).startsWith("# Rehearsal report: happy-path\n\n## Verdict"));
        assertTrue(
                Files.readString(dir.resolve("source-prep.sql")).contains("GRANT pg_read_all_data TO standby;"),
                "a green run writes down the source preparation it assumed");
        assertTrue(Files.exists(dir.resolve("source-revert.sql")));
        assertTrue(phases.contains(Phases.REPLICA_CLONE), "instances: 3: a replica is cloned and timed");
        assertNothingLeftBehind(before);
    }

    @Test
    void aFailureThatFailsForAnotherCauseIsNotReproducedAndLeavesNothingBehind() throws Exception {
        Set<String> before = Leftovers.workFolders();
        Path scenario = Files.writeString(tmp.resolve("wrong-expectation.yaml"), """
                description: standby without grants, but expected to fail on the disk
                source:
                  grants: []
                expect:
                  outcome: failure
                  cause: DISK_FULL
                """);
        Path dir = tmp.resolve("wrong");
        int code = Main.commandLine()
                .execute(
                        "rehearse",
                        "--platform",
                        "local",
                        "--size",
                        "15MB",
                        "--scenario",
                        scenario.toString(),
                        "--report-dir",
                        dir.toString());
        assertEquals(1, code);
        JsonNode r = JSON.readTree(dir.resolve("report.json").toFile());
        assertEquals("failure", r.get("outcome").asText());
        assertEquals("ROLE_CATALOG_DENIED", r.get("diagnosis").get("cause").asText());
        assertFalse(r.get("reproduced").asBoolean());
        assertNothingLeftBehind(before);
    }

    @Test
    void aFailureScenarioThatSucceedsIsNotReproduced() throws Exception {
        Path scenario = Files.writeString(tmp.resolve("expects-failure.yaml"), """
                description: the happy path, wrongly expected to fail
                source:
                  grants: [pg_read_all_data, lo_compat_privileges]
                expect:
                  outcome: failure
                  cause: ROLE_CATALOG_DENIED
                """);
        int code = Main.commandLine()
                .execute(
                        "rehearse",
                        "--platform",
                        "local",
                        "--size",
                        "15MB",
                        "--scenario",
                        scenario.toString(),
                        "--report-dir",
                        tmp.resolve("r").toString());
        assertEquals(1, code);
        assertFalse(JSON.readTree(tmp.resolve("r/report.json").toFile())
                .get("reproduced")
                .asBoolean());
    }

    @Test
    void aFullDiskReportsTheSmallestVolumeThatPassesAndThatVolumePasses() throws Exception {
        Path dir = tmp.resolve("full");
        assertEquals(
                0,
                Main.commandLine()
                        .execute(
                                "rehearse",
                                "--platform",
                                "local",
                                "--size",
                                "30MB",
                                "--scenario",
                                "full-disk",
                                "--report-dir",
                                dir.toString()));
        JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
        JsonNode volume = report.get("sizes").get("volume");
        long available = volume.get("sizeBytes").asLong();
        long needed = volume.get("need").get("neededBytes").asLong();
        assertTrue(needed > available, "needed " + needed + " > available " + available);
        assertTrue(volume.get("measuredPeakBytes").asLong() <= needed, "the rule covers the measured peak");
        String figure = ((needed + (1 << 20) - 1) >> 20) + "Mi";
        String sizeCheck = "";
        for (JsonNode c : report.get("preflight").get("checks")) {
            if (c.get("id").asText().equals("size.disk")) {
                sizeCheck = c.get("measured").asText();
            }
        }
        assertTrue(sizeCheck.contains("smallest safe storage.size: " + figure + " ="), "one figure: " + sizeCheck);
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("(the volume needed for the rehearsed database: " + figure + ")"), "the fix names it");
        assertTrue(
                md.contains("| preflight |") && !md.matches("(?s).*\\| preflight \\| [^|]+ \\| ok \\|.*"),
                "a no-go preflight is never ok");
        Path scenario =
                Files.writeString(tmp.resolve("big-enough.yaml"), """
                description: the full-disk source with the volume the report asked for
                source:
                  grants: [pg_read_all_data, lo_compat_privileges]
                target:
                  storageSize: %dMi
                """.formatted((needed + (1 << 20) - 1) >> 20));
        assertEquals(
                0,
                Main.commandLine()
                        .execute(
                                "rehearse",
                                "--platform",
                                "local",
                                "--size",
                                "30MB",
                                "--scenario",
                                scenario.toString(),
                                "--report-dir",
                                tmp.resolve("enough").toString()));
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() throws IOException {
        Path broken = Files.writeString(
                tmp.resolve("broken.yaml"),
                "kind: Cluster\napiVersion: postgresql.cnpg.io/v1\nmetadata: {name: x}\nspec: {}\n");
        assertEquals(Main.BAD_INPUT, Main.commandLine().execute("rehearse", "--manifest", broken.toString()));
        assertEquals(
                Main.BAD_INPUT,
                Main.commandLine()
                        .execute(
                                "rehearse",
                                "--manifest",
                                tmp.resolve("missing.yaml").toString()));
        assertEquals(Main.BAD_INPUT, Main.commandLine().execute("rehearse", "--scenario", "no-such-scenario"));
        assertEquals(Main.BAD_INPUT, Main.commandLine().execute("rehearse", "--size", "lots"));
        assertEquals(Main.BAD_INPUT, Main.commandLine().execute("rehearse", "--platform", "mainframe"));
        assertEquals(Main.BAD_INPUT, Main.commandLine().execute("rehearse", "--no-such-option"));
    }

    static void assertNothingLeftBehind(Set<String> before) throws IOException {
        Set<String> after = Leftovers.workFolders();
        after.removeAll(before);
        assertTrue(after.isEmpty(), "work folders left behind: " + after);
        assertTrue(Leftovers.orphanedServers().isEmpty(), "servers left running: " + Leftovers.orphanedServers());
    }
}
