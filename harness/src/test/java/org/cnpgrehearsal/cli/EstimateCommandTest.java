package org.cnpgrehearsal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
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

    private String[] sweep() {
        String[] dirs = new String[3];
        long[] sizes = {100_000_000L, 200_000_000L, 400_000_000L};
        for (int i = 0; i < 3; i++) {
            Path d = tmp.resolve(sizes[i] / 1_000_000 + "MB");
            ReportWriter.write(Samples.success("happy-path", sizes[i], Samples.linear(sizes[i], 10, 1000), 2), d);
            dirs[i] = d.toString();
        }
        return dirs;
    }

    @Test
    void recomputesFromEarlierReportsAndLinksThem() throws Exception {
        String[] dirs = sweep();
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
        assertTrue(out.toString().contains("production window:"), out.toString());
        assertTrue(out.toString().contains("extrapolates"), out.toString());
        String json = Files.readString(outDir.resolve("estimate.json"));
        assertTrue(json.contains("\"window\""));
        assertTrue(json.contains("\"100MB\""), "rehearsals are named by their folder");
        DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(outDir.resolve("estimate.html").toFile());
        String md = Files.readString(outDir.resolve("estimate.md"));
        assertTrue(md.startsWith("# Production window estimate\n\n## Verdict\n\n**Production will work"), md);
        assertTrue(out.toString().startsWith("\nverdict: Production will work"), out.toString());
        assertTrue(md.contains("](../100MB/report.html)"), md);
    }

    @Test
    void aSweepFolderStandsForItsRehearsals() throws Exception {
        Path sweep = tmp.resolve("20261204-050000-happy-path-sweep");
        for (long size : new long[] {100_000_000L, 200_000_000L, 400_000_000L}) {
            ReportWriter.write(
                    Samples.success("happy-path", size, Samples.linear(size, 10, 1000), 2),
                    sweep.resolve(Sweep.label(size)));
        }
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, "--from", sweep.toString(), "--production-size", "250GB"));
        assertTrue(out.toString().contains("3 rehearsals of happy-path"), out.toString());
        EstimateCommand cmd = new EstimateCommand();
        new CommandLine(cmd).parseArgs("--from", sweep.toString(), "--production-size", "250GB");
        assertEquals(
                List.of(
                        "20261204-050000-happy-path-sweep/100MB",
                        "20261204-050000-happy-path-sweep/200MB",
                        "20261204-050000-happy-path-sweep/400MB"),
                cmd.compute().rehearsals());
    }

    @Test
    void mixedInputIsNamedAndNothingLeftIsExitTwo() throws Exception {
        String[] dirs = sweep();
        Path failed = ReportWriter.write(Samples.failure(), tmp.resolve("failed"));
        Path other = ReportWriter.write(
                Samples.success("keep-owners", 300_000_000L, Samples.linear(300_000_000L, 10, 1000), 2),
                tmp.resolve("other"));
        StringWriter out = new StringWriter();
        assertEquals(
                0,
                run(
                        out,
                        "--from",
                        dirs[0],
                        dirs[1],
                        dirs[2],
                        failed.toString(),
                        other.toString(),
                        "--production-size",
                        "250GB"));
        assertTrue(out.toString().contains("left out: failed failed (ROLE_CATALOG_DENIED at roles)"), out.toString());
        assertTrue(out.toString().contains("left out: other rehearsed another scenario (keep-owners"), out.toString());
        BadInputException none = assertThrows(
                BadInputException.class,
                () -> run(new StringWriter(), "--from", failed.toString(), "--production-size", "250GB"));
        assertTrue(none.getMessage().startsWith("no rehearsal to estimate from: failed failed"), none.getMessage());
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
        assertThrows(
                BadInputException.class,
                () -> run(out, "--from", sweep()[0], "--production-size", "1GB", "--jobs", "0"));
    }

    @Test
    void sweepFoldersAreNamedBySize() {
        assertEquals("20MB", Sweep.label(20_000_000L));
        assertEquals("1.5GB", Sweep.label(1_500_000_000L));
        assertEquals("2GB", Sweep.label(2_000_000_000L));
        assertEquals("12.34MB", Sweep.label(12_340_000L));
    }
}
