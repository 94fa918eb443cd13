package org.cnpgrehearsal.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.cnpgrehearsal.preflight.Check;
import org.cnpgrehearsal.preflight.PreflightReport;
import org.cnpgrehearsal.report.Samples;
import org.junit.jupiter.api.Test;

/** The matrix's "preflight saw it" column: yes when the preflight said no-go, by the stated rule. */
class MatrixTest {

    private static PreflightReport preflight(Check... checks) {
        return PreflightReport.of("m.yaml", "source", List.of(checks));
    }

    @Test
    void aNoGoIsSeenAndAGoIsNotEvenWithWarnings() {
        assertTrue(Matrix.preflightSawIt(preflight(Check.fail("roles.catalog", "denied", "grant"))));
        assertFalse(
                Matrix.preflightSawIt(preflight(Check.warn("privileges.large-objects", "3", "grant"))),
                "the happy path warns too: a warning alone is not seeing the failure");
        assertFalse(Matrix.preflightSawIt(preflight(Check.pass("roles.catalog", "readable"))));
        assertFalse(Matrix.preflightSawIt(null), "no preflight ran (the rehearsal failed before it)");
    }

    @Test
    void theMatrixHasTheColumnAndStatesItsRule() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Matrix.print(
                List.of(Samples.failure()),
                new PrintStream(bytes, true, StandardCharsets.UTF_8),
                Console.text(System.out));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("preflight saw it"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("role-catalog-denied") && l.endsWith("yes")), text);
        assertTrue(text.contains(Matrix.PREFLIGHT_RULE), text);
    }
}
