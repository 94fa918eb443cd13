package org.cnpgrehearsal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cnpgrehearsal.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A green microservice import still leaves the DBA two things to do, and the report's verdict says so. */
class ImportWarningsEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void aMicroserviceImportWarnsOfTheNewPasswordAndOfSpilosSchemasWithTheirGrantsLost() throws Exception {
        Path scenario = Files.writeString(tmp.resolve("microservice-with-spilo-schemas.yaml"), """
                description: microservice, Spilo's schemas not excluded from the dump
                source:
                  grants: [pg_read_all_data, lo_compat_privileges]
                target:
                  import:
                    type: microservice
                    roles: []
                    initdbDatabase: mastodon
                    initdbOwner: mastodon
                    pgDumpExtraOptions: [--verbose]
                """);
        Path dir = tmp.resolve("report");
        assertEquals(
                0,
                Main.commandLine()
                        .execute(
                                "rehearse",
                                "--platform",
                                "local",
                                "--size",
                                "15MB",
                                "--scenario",
                                scenario.toString(),
                                "--report-dir",
                                dir.toString()));
        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        List<String> warnings = new ArrayList<>();
        report.get("warnings").forEach(w -> warnings.add(w.asText()));
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(
                warnings.get(0).contains("mastodon gets a password CNPG generates, in the secret mastodon-cnpg-app"));
        assertTrue(warnings.get(1).contains("user_management (owner mastodon"), warnings.get(1));
        assertTrue(warnings.get(1).contains("run for every role (PUBLIC)"), warnings.get(1));
        assertTrue(warnings.get(1).contains("--exclude-schema=user_management --exclude-schema=metric_helpers"));
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.indexOf("**Act on this before the night:**") < md.indexOf("## Rehearsal\n"), "in the verdict");
    }
}
