package org.cnpgrehearsal.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.cnpgrehearsal.cli.Main;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.report.ReportJson;
import org.cnpgrehearsal.report.TuneReportWriter;
import org.cnpgrehearsal.timeline.Phases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rehearse --tune for real on the local platform, through the command line, with a manifest that dumps at gzip's
 * slowest level; then the tuned manifest given back to an ordinary rehearsal, which passes.
 */
class TuneEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void theKnobsAreRehearsedOnOneSourceAndTheTunedManifestRehearsesGreenWhenGivenBack() throws Exception {
        Path manifest = tmp.resolve("database-cnpg.yaml");
        Files.writeString(
                manifest,
                Files.readString(Path.of("fixtures/manifests/database-cnpg.yaml"))
                        .replace(
                                "          - --exclude-schema=metric_helpers\n",
                                "          - --exclude-schema=metric_helpers\n          - --compress=9\n"));
        Path dir = tmp.resolve("tune");
        int code = Main.commandLine()
                .execute(
                        "rehearse",
                        "--platform",
                        "local",
                        "--tune",
                        "--tune-repeats",
                        "2",
                        "--size",
                        "40MB",
                        "--manifest",
                        manifest.toString(),
                        "--report-dir",
                        dir.toString());
        assertEquals(0, code);

        JsonNode tune =
                ReportJson.mapper().readTree(dir.resolve(TuneReportWriter.JSON).toFile());
        List<String> names = new ArrayList<>();
        for (JsonNode v : tune.get("variants")) {
            names.add(v.get("name").asText());
            if (v.get("passed").asBoolean()) {
                assertTrue(v.get("importMs").size() >= 2, "each variant timed as often as asked: " + v);
                List<String> phases = new ArrayList<>();
                v.get("phases").forEach(p -> phases.add(p.get("phase").asText()));
                assertTrue(phases.containsAll(List.of(Phases.DUMP, Phases.RESTORE_DATA, Phases.RESTORE_POST_DATA)));
                assertTrue(v.get("peakBytes").asLong() > 40_000_000L, "the peak holds the data at least: " + v);
            }
            assertTrue(Files.exists(dir.resolve(v.get("reportDir").asText()).resolve("report.json")), v.toString());
        }
        assertTrue(
                names.containsAll(List.of(
                        "as written",
                        "pg_dump --jobs=2",
                        "pg_dump --compress=0",
                        "pg_dump's default compression",
                        "pg_dump --compress=1",
                        "type: microservice")),
                names.toString());
        assertTrue(tune.get("skipped").toString().contains("max_wal_size"), "too little WAL at 40 MB to matter");

        JsonNode tuned = tune.get("tuned");
        String diff = Files.readString(dir.resolve(TuneRun.DIFF));
        if (tuned.get("variant").asText().equals(Variant.AS_WRITTEN)) {
            assertEquals("", diff.strip(), "nothing counted as faster twice: the manifest as written");
        } else {
            JsonNode row = null;
            for (JsonNode v : tune.get("variants")) {
                if (v.get("name").asText().equals(tuned.get("variant").asText())) {
                    row = v;
                }
            }
            assertTrue(row.get("faster").asBoolean(), row.toString());
            assertTrue(row.get("passed").asBoolean(), row.toString());
            assertFalse(row.has("notAdopted"), row.toString());
            assertTrue(diff.contains("+++ " + TuneRun.TUNED_MANIFEST) && diff.contains("\n+ "), diff);
        }
        ManifestReader.read(dir.resolve(TuneRun.TUNED_MANIFEST));
        assertTrue(Files.readString(dir.resolve("report.md")).contains("## Variants, ranked"));
        DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(dir.resolve("report.html").toFile());
        assertTrue(Files.readString(dir.resolve("report.html")).contains("id=\"tune-chart\""));

        int again = Main.commandLine()
                .execute(
                        "rehearse",
                        "--platform",
                        "local",
                        "--size",
                        "40MB",
                        "--manifest",
                        dir.resolve(TuneRun.TUNED_MANIFEST).toString(),
                        "--report-dir",
                        tmp.resolve("again").toString());
        assertEquals(0, again, "the tuned manifest rehearses green");
    }
}
