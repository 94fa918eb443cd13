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

/** The matrix's "preflight saw it" column: yes when the preflight said no-go or warned, by the stated rule. */
class MatrixTest {

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void aNoGoOrAWarningIsSeenAndAGoWithoutWarningsIsNot() throws Exception {
        assertTrue(Matrix.preflightSawIt(json("{\"go\": false, \"checks\": []}")));
        assertTrue(Matrix.preflightSawIt(
                json("{\"go\": true, \"checks\": [{\"status\": \"pass\"}, {\"status\": \"warn\"}]}")));
        assertFalse(Matrix.preflightSawIt(json("{\"go\": true, \"checks\": [{\"status\": \"pass\"}]}")));
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
