package org.cnpgrehearsal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.cnpgrehearsal.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What is wrong with a --fixture is one line and exit 2, found before anything is provisioned. */
class FixtureBadInputTest {

    @TempDir
    Path tmp;

    private String run(String... args) throws Exception {
        Set<String> before = Leftovers.workFolders();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        assertEquals(2, code, err.toString());
        assertEquals(before, Leftovers.workFolders(), "nothing provisioned");
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        return err.toString().strip();
    }

    @Test
    void aMissingFileADirectoryWithoutTocAndAFileThatIsNoDumpStopBeforeProvisioning() throws Exception {
        assertTrue(run(
                        "rehearse",
                        "--platform",
                        "local",
                        "--fixture",
                        tmp.resolve("nope.sql").toString())
                .endsWith("does not exist: pass a SQL file or a pg_dump archive"));
        Path dir = Files.createDirectories(tmp.resolve("dump.dir"));
        assertTrue(run("rehearse", "--platform", "local", "--fixture", dir.toString())
                .contains("is a directory without toc.dat"));
        Path binary = Files.write(tmp.resolve("data.bin"), new byte[] {1, 2, 0, 3});
        assertTrue(run("rehearse", "--platform", "local", "--fixture", binary.toString())
                .contains("is neither a SQL file nor a pg_dump archive"));
    }

    @Test
    void rolesTheSourceLacksStopTheRunWhenAskedTo() throws Exception {
        Path dump = Files.writeString(
                tmp.resolve("dump.sql"),
                "CREATE TABLE public.t (id integer);\nGRANT SELECT ON public.t TO reporting;\n");
        String error = run("rehearse", "--platform", "local", "--fixture", dump.toString(), "--fixture-roles", "stop");
        assertTrue(
                error.startsWith("error: --fixture dump.sql names roles the rehearsal's source lacks: reporting"),
                error);
        assertTrue(run("rehearse", "--platform", "local", "--fixture", dump.toString(), "--fixture-roles", "maybe")
                .contains("--fixture-roles maybe is neither create nor stop"));
    }
}
