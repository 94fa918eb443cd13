package org.cnpgrehearsal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.cnpgrehearsal.cli.Main;
import org.cnpgrehearsal.scenario.ScenarioCatalog;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import picocli.CommandLine;

/**
 * Every built-in scenario, rehearsed for real on the local platform, reproduces its expectation; the matrix comes
 * out as one JSON document and as a JUnit file, and each rehearsal's report folder lies under --report-dir.
 */
class ScenarioMatrixTest {

    @Test
    void rehearseAllReproducesEveryScenario() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "matrix-");
        Path reports = dir.resolve("reports");
        Path junit = dir.resolve("rehearsal.xml");
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        int code = cl.execute(
                "rehearse",
                "--all",
                "--platform",
                "local",
                "--size",
                "20MB",
                "--report-dir",
                reports.toString(),
                "--junit",
                junit.toString(),
                "--output",
                "json");
        int scenarios = ScenarioCatalog.builtIn().names().size();
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        assertEquals(0, code, out.toString());
        assertTrue(doc.get("passed").asBoolean());
        assertEquals(scenarios, doc.get("rehearsals").size());
        for (JsonNode r : doc.get("rehearsals")) {
            assertTrue(r.get("reproduced").asBoolean(), r.get("scenario").asText());
            assertTrue(r.has("preflightSawIt"), r.toString());
            assertEquals(reports, Path.of(r.get("reportDir").asText()).getParent());
        }
        try (Stream<Path> folders = Files.list(reports)) {
            assertEquals(scenarios, folders.count(), "one report folder per scenario, under --report-dir");
        }
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        assertEquals(scenarios, xml.getElementsByTagName("testcase").getLength());
        assertEquals(0, xml.getElementsByTagName("failure").getLength());
    }
}
