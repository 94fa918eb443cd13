package org.cnpgrehearsal.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.cnpgrehearsal.report.Samples;
import org.junit.jupiter.api.Test;

/** The matrix's "preflight saw it" column: yes when the preflight said no-go, by the stated rule. */
class MatrixTest {

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void aNoGoIsSeenAndAGoIsNotEvenWithWarnings() throws Exception {
        assertTrue(Matrix.preflightSawIt(json("{\"go\": false, \"checks\": []}")));
        assertFalse(
                Matrix.preflightSawIt(json("{\"go\": true, \"checks\": [{\"status\": \"warn\"}]}")),
                "the happy path warns too: a warning alone is not seeing the failure");
        assertFalse(Matrix.preflightSawIt(json("{\"go\": true, \"checks\": [{\"status\": \"pass\"}]}")));
        assertTrue(
                Matrix.preflightSawIt(json("{\"checks\": [{\"status\": \"fail\"}]}")),
                "without its verdict, a failed check is a no-go");
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
