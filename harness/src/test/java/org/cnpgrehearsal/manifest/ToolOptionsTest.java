package org.cnpgrehearsal.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.cnpgrehearsal.manifest.ToolOptions.Tool;
import org.junit.jupiter.api.Test;

class ToolOptionsTest {

    @Test
    void theFormatIsOneFactWhicheverWayItIsWritten() {
        for (List<String> written : List.of(
                List.of("--format=custom"),
                List.of("--format", "custom"),
                List.of("-Fcustom"),
                List.of("-F", "custom"))) {
            assertEquals(
                    Optional.of("custom"),
                    ToolOptions.parse(Tool.PG_DUMP, written).last("--format"),
                    written.toString());
        }
    }

    @Test
    void aShortLetterMeansWhatItMeansToItsTool() {
        assertEquals(
                List.of("audit"),
                ToolOptions.parse(Tool.PG_DUMP, List.of("-T", "audit")).values("--exclude-table"));
        assertEquals(
                List.of("audit"),
                ToolOptions.parse(Tool.PG_RESTORE, List.of("-T", "audit")).values("--trigger"));
    }

    @Test
    void flagsTakeNoValueAndOlderNamesAreTheirSynonyms() {
        ToolOptions o = ToolOptions.parse(Tool.PG_RESTORE, List.of("--no-acl", "-O", "--jobs=4", "-v"));
        assertTrue(o.has("--no-privileges"));
        assertTrue(o.has("--no-owner"));
        assertTrue(o.has("--verbose"));
        assertEquals(Optional.of("4"), o.last("--jobs"));
        assertFalse(o.has("--no-acl"));
    }

    @Test
    void theLastOfARepeatedOptionCounts() {
        assertEquals(
                Optional.of("2"),
                ToolOptions.parse(Tool.PG_DUMP, List.of("-j4", "--jobs=2")).last("--jobs"));
        assertEquals(
                List.of("a", "b"),
                ToolOptions.parse(Tool.PG_DUMP, List.of("-Na", "--exclude-schema=b"))
                        .values("--exclude-schema"));
    }

    @Test
    void anOptionIsRemovedWithItsValueWhateverFormItWasWrittenIn() {
        ToolOptions o = ToolOptions.parse(
                Tool.PG_DUMP, List.of("--verbose", "-j", "4", "-Z9", "--jobs=2", "--compress", "1", "-N", "x"));
        assertEquals(List.of("--verbose", "-Z9", "--compress", "1", "-N", "x"), o.without("--jobs"));
        assertEquals(List.of("--verbose", "-N", "x"), o.without("--jobs", "--compress"));
        assertEquals("-j 4", o.options().get(1).written());
    }
}
