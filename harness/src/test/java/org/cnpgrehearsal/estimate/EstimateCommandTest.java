package org.cnpgrehearsal.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.cnpgrehearsal.cli.EstimateCommand;
import org.cnpgrehearsal.report.ReportWriter;
import org.cnpgrehearsal.report.Samples;
import org.cnpgrehearsal.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EstimateCommandTest {

    @TempDir
    Path tmp;

    private int run(StringWriter out, String... args) throws Exception {
        EstimateCommand cmd = new EstimateCommand();
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out));
        cl.parseArgs(args);
        return cmd.call();
    }

    @Test
    void recomputesFromEarlierReports() throws Exception {
        String[] dirs = new String[3];
        long[] sizes = {100_000_000L, 200_000_000L, 400_000_000L};
        for (int i = 0; i < 3; i++) {
            Path d = tmp.resolve("r" + i);
            ReportWriter.write(Samples.success("happy-path", sizes[i], Samples.linear(sizes[i], 10, 1000), 2), null, d);
            dirs[i] = d.toString();
        }
        StringWriter out = new StringWriter();
        Path outDir = tmp.resolve("est");
        int rc = run(
                out,
                "--from",
                dirs[0],
                dirs[1],
                dirs[2],
                "--production-size",
                "250GB",
                "--storage-size",
                "1Ti",
                "--out",
                outDir.toString());
        assertEquals(0, rc);
        assertTrue(out.toString().contains("window"), out.toString());
        assertTrue(out.toString().contains("extrapolates"), out.toString());
        assertTrue(Files.exists(outDir.resolve("estimate.json")));
        assertTrue(Files.exists(outDir.resolve("estimate.html")));
        String json = Files.readString(outDir.resolve("estimate.json"));
        assertTrue(json.contains("\"windowCentralMs\""));
        assertTrue(json.contains("\"r0\""), "rehearsals are named by their folder");
        DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(outDir.resolve("estimate.html").toFile());
        assertTrue(Files.readString(outDir.resolve("estimate.md")).startsWith("# Production window estimate"));
    }

    @Test
    void badInputIsOneLine() throws Exception {
        StringWriter out = new StringWriter();
        BadInputException missing = assertThrows(
                BadInputException.class,
                () -> run(out, "--from", tmp.resolve("nope").toString(), "--production-size", "1GB"));
        assertTrue(missing.getMessage().contains("does not exist"));
        Path broken = tmp.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("report.json"), "{ \"scenario\": ");
        BadInputException unreadable = assertThrows(
                BadInputException.class, () -> run(out, "--from", broken.toString(), "--production-size", "1GB"));
        assertFalse(unreadable.getMessage().contains("\n"));
        Path empty = tmp.resolve("empty");
        Files.createDirectories(empty);
        assertThrows(BadInputException.class, () -> run(out, "--from", empty.toString(), "--production-size", "1GB"));
        assertThrows(BadInputException.class, () -> run(out, "--from", broken.toString()));
        assertThrows(BadInputException.class, () -> run(out, "--from", broken.toString(), "--production-size", "lots"));
    }
}
