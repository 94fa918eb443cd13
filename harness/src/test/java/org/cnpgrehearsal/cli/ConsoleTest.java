package org.cnpgrehearsal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Output modes: JSON on standard output with the text on standard error, quiet, verbose, colour, progress lines. */
class ConsoleTest {

    private record Answer(int code, String out, String err) {}

    private static Answer run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = Main.execute(cl, args);
        return new Answer(code, out.toString(), err.toString());
    }

    @Test
    void scenariosListAsJsonIsOneDocumentWithEveryScenario() throws Exception {
        Answer a = run("scenarios", "list", "--output", "json");
        assertEquals(0, a.code());
        JsonNode doc = new ObjectMapper().readTree(a.out());
        assertEquals("scenarios list", doc.get("command").asText());
        assertTrue(doc.get("scenarios").size() >= 10, a.out());
        JsonNode fullDisk = null;
        for (JsonNode s : doc.get("scenarios")) {
            if (s.get("name").asText().equals("full-disk")) {
                fullDisk = s;
            }
        }
        assertEquals("DISK_FULL", fullDisk.get("expect").get("cause").asText());
    }

    @Test
    void colourOnlyOnATerminalAndNeverWithNoColor() {
        assertTrue(Console.colorWanted(true, false, null));
        assertTrue(Console.colorWanted(true, false, ""));
        assertFalse(Console.colorWanted(true, false, "1"), "NO_COLOR set");
        assertFalse(Console.colorWanted(true, true, null), "--no-color");
        assertFalse(Console.colorWanted(false, false, null), "not a terminal");
        assertEquals("ok", Console.text(System.out).green("ok"));
    }

    @Test
    void quietPrintsNoDetailAndJsonSendsTheTextToStandardError() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console quiet = new Console(stream(err), stream(out), true, Console.Level.QUIET, false);
        quiet.detail().println("progress");
        quiet.human().println("verdict");
        quiet.printJson(new ObjectMapper().createObjectNode().put("passed", true));
        assertEquals("verdict\n", err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"passed\" : true"));
    }

    @Test
    void aPhaseThatSaysNothingPrintsAProgressLineAfterTheSilenceLimit() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Console console = Console.text(stream(bytes));
        try (ConsoleProgress progress = new ConsoleProgress(console, false, 300)) {
            progress.started("restore-data");
            Thread.sleep(1_000);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("  .. restore-data: running for"), text);
    }

    private static PrintStream stream(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
