package org.cnpgrehearsal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cnpgrehearsal.platform.local.LocalServer;
import org.cnpgrehearsal.platform.local.ServerBinaries;
import org.cnpgrehearsal.util.Folders;
import org.cnpgrehearsal.util.OsUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A source on its Unix socket, named the way psql names it: the harness and pg_dump both reach it. */
class SourceOverSocketTest {

    private static Path home;
    private static LocalServer server;

    @BeforeAll
    static void startServer() throws Exception {
        home = Files.createTempDirectory("socket-test-");
        server = new LocalServer("socket", ServerBinaries.forMajor(15), home, OsUser.forServers());
        server.initdb("unused-" + System.nanoTime(), List.of("--auth-local=trust", "--auth-host=scram-sha-256"));
        server.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.stopImmediately();
        }
        Folders.delete(home);
    }

    @Test
    void profileReadsASocketUriWithAnEmptyHost() throws Exception {
        Path out = home.resolve("profile.json");
        StringWriter text = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(text, true));
        cl.setErr(new PrintWriter(err, true));
        int code = Main.execute(
                cl,
                "profile",
                "--source-url",
                "postgresql://postgres@/postgres?host=" + server.socketDir() + "&port=" + server.port(),
                "--with-schema",
                "--out",
                out.toString());
        assertEquals(0, code, text + " " + err);
        assertTrue(Files.readString(out).contains("\"postgresVersion\""), Files.readString(out));
        assertTrue(Files.exists(home.resolve("profile.schema.json")), "pg_dump reached the socket too: " + text);
    }
}
