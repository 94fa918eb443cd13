package org.cnpgrehearsal.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.cnpgrehearsal.cli.Main;
import org.cnpgrehearsal.results.SourcePrep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's manifest, fixed by rehearsal, and the fixed manifest rehearsed green again. */
class FixLoopEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void fixWalksTheSeedsChainInOrderAndTheFixedManifestRehearsesGreen() throws Exception {
        Path parent = tmp.resolve("fix");
        int code = Main.commandLine()
                .execute(
                        "rehearse",
                        "--platform",
                        "local",
                        "--fix",
                        "--size",
                        "15MB",
                        "--manifest",
                        "fixtures/manifests/database-cnpg.seed-as-written.yaml",
                        "--report-dir",
                        parent.toString());
        assertEquals(0, code);
        Path dir;
        try (Stream<Path> folders = Files.list(parent)) {
            List<Path> all = folders.toList();
            assertEquals(1, all.size(), "--report-dir is the parent of the fix's report folder: " + all);
            dir = all.get(0);
        }
        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        List<String> causes = new ArrayList<>();
        report.get("fixChain")
                .forEach(r -> causes.add(r.hasNonNull("cause") ? r.get("cause").asText() : "passed"));
        assertEquals(
                List.of(
                        "ROLE_CATALOG_DENIED",
                        "LARGE_OBJECT_DENIED",
                        "EXTENSION_MISSING",
                        "APP_ACCESS_LOST",
                        "MISSING_ROLE",
                        "passed"),
                causes);
        assertEquals("success", report.get("outcome").asText());

        String fixed = Files.readString(dir.resolve(FixLoop.FIXED_MANIFEST));
        assertTrue(
                fixed.contains("--exclude-schema=user_management")
                        && !fixed.contains("--no-owner")
                        && !fixed.contains("--no-acl"),
                fixed);
        String diff = Files.readString(dir.resolve(FixLoop.DIFF));
        assertTrue(
                diff.contains("-        - --no-owner") && diff.contains("+        - --exclude-schema=metric_helpers"),
                diff);
        String prep = Files.readString(dir.resolve(SourcePrep.PREP_FILE));
        for (String statement : Arrays.asList(
                "GRANT pg_read_all_data TO standby;",
                "--            lo_compat_privileges: \"on\"",
                "DROP EXTENSION IF EXISTS pg_stat_kcache;",
                "DROP EXTENSION IF EXISTS set_user;")) {
            assertTrue(prep.contains(statement), prep);
        }
        assertFalse(
                prep.lines().anyMatch(l -> l.startsWith("ALTER SYSTEM")),
                "parameters go through the postgresql resource (Patroni)");
        String revert = Files.readString(dir.resolve(SourcePrep.REVERT_FILE));
        for (String statement : Arrays.asList(
                "REVOKE pg_read_all_data FROM standby;",
                "CREATE EXTENSION IF NOT EXISTS set_user;",
                "--      lo_compat_privileges")) {
            assertTrue(revert.contains(statement), revert);
        }
        assertTrue(Files.readString(dir.resolve("report.md")).contains("Fix chain"));
        assertEquals("seed-as-written", report.get("scenario").asText());
        assertTrue(
                Files.readString(Path.of("fixtures/manifests/database-cnpg.seed-as-written.yaml"))
                        .contains("--no-owner"),
                "the user's file is never modified");

        int again = Main.commandLine()
                .execute(
                        "rehearse",
                        "--platform",
                        "local",
                        "--size",
                        "15MB",
                        "--manifest",
                        dir.resolve(FixLoop.FIXED_MANIFEST).toString(),
                        "--report-dir",
                        tmp.resolve("again").toString());
        assertEquals(0, again, "the fixed manifest rehearses green");
    }
}
