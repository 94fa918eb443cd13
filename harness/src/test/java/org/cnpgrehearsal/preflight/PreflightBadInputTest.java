package org.cnpgrehearsal.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cnpgrehearsal.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input: one clear line on stderr and exit 2, nothing on stdout. */
class PreflightBadInputTest {

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static void assertOneLine(Run r, String expected) {
        assertEquals(2, r.exit(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void missingManifest() {
        assertOneLine(run("preflight", "--manifest", tmp.resolve("nope.yaml").toString()), "does not exist");
    }

    @Test
    void manifestOptionMissing() {
        Run r = run("preflight");
        assertEquals(2, r.exit(), r.toString());
    }

    @Test
    void wrongYaml() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "kind: Cluster\n  spec: [\n");
        assertOneLine(run("preflight", "--manifest", bad.toString()), "not valid YAML");
    }

    @Test
    void unreachableHostIsBadInput() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertOneLine(
                run(
                        "preflight",
                        "--manifest",
                        OptionsLintTest.SEED.toString(),
                        "--source-url",
                        "postgresql://standby@127.0.0.1:" + closed + "/mastodon?sslmode=require"),
                "source unreachable: no connection to 127.0.0.1:" + closed);
    }

    @Test
    void unresolvableHostIsBadInput() {
        // the seed's in-cluster service name does not resolve outside Kubernetes
        assertOneLine(run("preflight", "--manifest", OptionsLintTest.SEED.toString()), "does not resolve");
    }

    @Test
    void badUrlAndMissingFiles() {
        assertOneLine(
                run("preflight", "--manifest", OptionsLintTest.SEED.toString(), "--source-url", "mysql://x@y/z"),
                "must start with postgresql://");
        assertOneLine(
                run(
                        "preflight",
                        "--manifest",
                        OptionsLintTest.SEED.toString(),
                        "--source-url",
                        "postgresql://x@h/db?bogus=1"),
                "not supported");
        assertOneLine(
                run(
                        "preflight",
                        "--manifest",
                        OptionsLintTest.SEED.toString(),
                        "--password-file",
                        tmp.resolve("pw").toString()),
                "does not exist");
        assertOneLine(
                run(
                        "preflight",
                        "--manifest",
                        OptionsLintTest.SEED.toString(),
                        "--sslrootcert",
                        tmp.resolve("ca").toString()),
                "CA certificate");
        assertOneLine(
                run("preflight", "--manifest", OptionsLintTest.SEED.toString(), "--format", "xml"), "--format xml");
    }
}
