package org.cnpgrehearsal.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The script of {@code kubectl cnpg subscription sync-sequences}, case by case. */
class SequenceSyncTest {

    @Test
    void setsEachOfTheTargetsSequencesToTheSourcesLastValue() {
        Map<String, Long> source = Map.of("\"public\".\"follows_id_seq\"", 9334L);
        Map<String, Long> target = Map.of("\"public\".\"follows_id_seq\"", 1L);
        assertEquals(
                List.of("SELECT pg_catalog.setval('\"public\".\"follows_id_seq\"', 9334);"),
                SequenceSync.script(source, target, 0));
    }

    @Test
    void aSequenceNeverUsedOrNotReadableOnTheSourceIsSetToNullWhichLeavesItAlone() {
        Map<String, Long> source = new HashMap<>();
        source.put("\"public\".\"s\"", null);
        assertEquals(
                List.of("SELECT pg_catalog.setval('\"public\".\"s\"', NULL);"),
                SequenceSync.script(source, Map.of("\"public\".\"s\"", 5L), 0));
    }

    @Test
    void sequencesOnlyTheTargetHasAreLeftOut() {
        Map<String, Long> target = new LinkedHashMap<>();
        target.put("\"public\".\"a\"", 1L);
        target.put("\"public\".\"only_here\"", 1L);
        assertEquals(
                List.of("SELECT pg_catalog.setval('\"public\".\"a\"', 7);"),
                SequenceSync.script(Map.of("\"public\".\"a\"", 7L), target, 0));
    }

    @Test
    void anOffsetIsAddedToEveryValue() {
        assertEquals(
                List.of("SELECT pg_catalog.setval('\"public\".\"a\"', 7 + 1000);"),
                SequenceSync.script(Map.of("\"public\".\"a\"", 7L), Map.of("\"public\".\"a\"", 1L), 1000));
    }

    @Test
    void aQuoteInANameIsQuotedForTheLiteral() {
        String name = "\"public\".\"it's\"";
        assertEquals(
                List.of("SELECT pg_catalog.setval('\"public\".\"it''s\"', 2);"),
                SequenceSync.script(Map.of(name, 2L), Map.of(name, 1L), 0));
    }
}
