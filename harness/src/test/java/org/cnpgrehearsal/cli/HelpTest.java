package org.cnpgrehearsal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Help a person can read: grouped options, real placeholders, examples; --version with the build and majors. */
class HelpTest {

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertEquals(0, Main.execute(cl, args));
        return out.toString();
    }

    @Test
    void rehearseHelpGroupsItsOptionsWithExamplesAndNamedPlaceholders() {
        String help = run("rehearse", "--help");
        for (String heading : new String[] {
            "Common options:",
            "Fixture (your own data):",
            "Estimate of the production window:",
            "Kubernetes (--platform k3s or kubernetes):",
            "Air-gapped machines and clusters:",
            "Output and automation:",
            "Examples:"
        }) {
            assertTrue(help.contains(heading), heading + " in\n" + help);
        }
        assertFalse(help.contains("Other options:"), "every option has its group:\n" + help);
        assertFalse(help.matches("(?s).*<[a-z]+[A-Z][A-Za-z]*>.*"), "no Java field names as placeholders:\n" + help);
        assertTrue(help.contains("--phase-timeout=DURATION"), help);
        assertTrue(help.contains("15m"), help);
    }

    @Test
    void versionNamesTheBuildAndTheEmbeddedMajors() {
        String version = run("--version");
        assertTrue(version.startsWith("cnpg-rehearsal "), version);
        assertTrue(version.contains("built "), version);
        assertTrue(version.contains("embedded PostgreSQL server binaries: majors [14, 15, 16, 17]"), version);
    }
}
