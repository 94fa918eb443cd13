package org.cnpgrehearsal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cnpgrehearsal.cli.Main;
import org.cnpgrehearsal.report.ComparisonReport;
import org.cnpgrehearsal.timeline.Phases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The online and physical paths rehearsed for real on the local platform, through the command line, with the
 * application writing to the source from the start of the copy until the cutover.
 */
class StrategyEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The happy path's source, checkpointing every 30 s: CNPG runs pg_basebackup without --checkpoint=fast, so the
     * base backup waits for a spread checkpoint (270 s with PostgreSQL's defaults).
     */
    private static final String QUICK_CHECKPOINTS = """
            source:
              grants: [pg_read_all_data, lo_compat_privileges]
              parameters:
                checkpoint_timeout: 30s
                checkpoint_completion_target: "0.1"
            """;

    @TempDir
    Path tmp;

    @Test
    void onlinePassesOnTheDefaultFixtureUnderAWriteLoadAndEveryCommittedWriteIsOnTheTarget() throws Exception {
        Set<String> before = Leftovers.workFolders();
        Path dir = tmp.resolve("online");
        int code = Main.commandLine()
                .execute(
                        "rehearse",
                        "--platform",
                        "local",
                        "--size",
                        "20MB",
                        "--strategy",
                        "online",
                        "--write-duration",
                        "4s",
                        "--report-dir",
                        dir.toString());
        assertEquals(0, code);
        JsonNode r = JSON.readTree(dir.resolve("report.json").toFile());
        assertEquals("success", r.get("outcome").asText());
        assertTrue(phases(r)
                .containsAll(List.of(
                        Phases.SOURCE_PREP,
                        Phases.ROLES,
                        Phases.PUBLICATION,
                        Phases.INITIAL_COPY,
                        Phases.CATCH_UP,
                        Phases.CUTOVER,
                        Phases.VERIFY)));
        assertTrue(!phases(r).contains(Phases.RESTORE_DATA), "the import is schema-only: " + phases(r));
        JsonNode writes = r.get("strategy").get("writes");
        assertTrue(writes.get("statements").asInt() > 50, writes.toString());
        assertTrue(writes.get("deletes").asInt() > 0 && writes.get("updates").asInt() > 0, writes.toString());
        JsonNode committed = check(r, "committed-writes");
        assertTrue(committed.get("passed").asBoolean(), committed.toString());
        assertTrue(committed
                .get("detail")
                .asText()
                .contains(writes.get("statements").asText() + " committed writes"));
        assertTrue(check(r, "sequences").get("passed").asBoolean());
        assertTrue(check(r, "large-objects").get("passed").asBoolean(), "copied at the cutover");
        JsonNode s = r.get("strategy");
        assertTrue(s.get("downtimeMs").asLong() < s.get("totalMs").asLong(), s.toString());
        assertTrue(s.get("walRetainedPeakBytes").asLong() > 0, "the slot held WAL back: " + s);
        String prep = Files.readString(dir.resolve("source-prep.sql"));
        assertTrue(prep.contains("CREATE PUBLICATION cnpg_migration FOR ALL TABLES;"), prep);
        assertTrue(prep.contains("wal_level: \"logical\""), prep);
        String applied = Files.readString(dir.resolve(RehearsalRun.APPLIED_MANIFEST));
        assertTrue(applied.contains("schemaOnly: true") && applied.contains("kind: Subscription"), applied);
        assertTrue(Files.readString(dir.resolve("report.md")).contains("## Migration path: online"));
        assertEquals(before, Leftovers.workFolders(), "nothing left behind");
    }

    @Test
    void physicalPassesOnTheDefaultFixtureUnderAWriteLoadAndIsPromotedAtTheCutover() throws Exception {
        Path scenario = Files.writeString(tmp.resolve("quick-checkpoints.yaml"), QUICK_CHECKPOINTS);
        Path dir = tmp.resolve("physical");
        int code = Main.commandLine()
                .execute(
                        "rehearse",
                        "--platform",
                        "local",
                        "--size",
                        "20MB",
                        "--scenario",
                        scenario.toString(),
                        "--strategy",
                        "physical",
                        "--write-duration",
                        "4s",
                        "--report-dir",
                        dir.toString());
        assertEquals(0, code);
        JsonNode r = JSON.readTree(dir.resolve("report.json").toFile());
        assertEquals(
                List.of(Phases.BASE_BACKUP, Phases.CATCH_UP, Phases.CUTOVER),
                phases(r).stream()
                        .filter(p -> List.of(Phases.BASE_BACKUP, Phases.CATCH_UP, Phases.CUTOVER, Phases.DUMP)
                                .contains(p))
                        .toList());
        assertTrue(check(r, "committed-writes").get("passed").asBoolean());
        assertTrue(check(r, "extensions-available").get("passed").asBoolean());
        assertTrue(r.get("strategy").get("writes").get("statements").asInt() > 50);
        assertTrue(
                r.get("commands").toString().contains("pg_basebackup"),
                r.get("commands").toString());
        String applied = Files.readString(dir.resolve(RehearsalRun.APPLIED_MANIFEST));
        assertTrue(applied.contains("pg_basebackup:") && applied.contains("replica:"), applied);
    }

    @Test
    void compareWritesOneReportWhoseFirstLinesSayWhichPathHasTheShorterDowntime() throws Exception {
        Path scenario = Files.writeString(tmp.resolve("quick-checkpoints.yaml"), QUICK_CHECKPOINTS);
        Path parent = tmp.resolve("compare");
        int code = Main.commandLine()
                .execute(
                        "rehearse",
                        "--platform",
                        "local",
                        "--size",
                        "20MB",
                        "--scenario",
                        scenario.toString(),
                        "--compare",
                        "--write-duration",
                        "3s",
                        "--report-dir",
                        parent.toString());
        assertEquals(0, code);
        Path dir;
        try (var folders = Files.list(parent)) {
            dir = folders.findFirst().orElseThrow();
        }
        List<String> md = Files.readAllLines(dir.resolve(ComparisonReport.MARKDOWN));
        assertTrue(md.get(0).startsWith("# Offline or online? quick-checkpoints at"), md.get(0));
        assertTrue(md.get(2).startsWith("Shortest downtime: "), md.get(2));
        assertTrue(md.get(4).startsWith("offline needs on the source first: "), md.get(4));
        assertTrue(md.get(6).startsWith("online needs on the source first: wal_level = logical"), md.get(6));
        assertTrue(md.get(8).startsWith("physical needs on the source first: "), md.get(8));
        for (String s : List.of("offline", "online", "physical")) {
            JsonNode r = JSON.readTree(dir.resolve(s).resolve("report.json").toFile());
            assertEquals("success", r.get("outcome").asText(), s);
            assertEquals(s, r.get("strategy").get("strategy").asText());
        }
        assertTrue(Files.readString(dir.resolve(ComparisonReport.HTML)).contains("data-strategy=\"physical\""));
    }

    private static List<String> phases(JsonNode r) {
        List<String> out = new ArrayList<>();
        r.get("phases").forEach(p -> out.add(p.get("name").asText()));
        return out;
    }

    private static JsonNode check(JsonNode r, String name) {
        for (JsonNode c : r.get("verification").get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + r.get("verification"));
    }
}
