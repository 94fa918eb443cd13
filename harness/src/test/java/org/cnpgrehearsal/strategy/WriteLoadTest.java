package org.cnpgrehearsal.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shape of the application's writes: Mastodon's tables, every kind of statement, each naming the row it touched. */
class WriteLoadTest {

    @Test
    void everyStatementDrawsOneIdForEachPlaceholderAndReturnsTheRowItTouched() {
        for (WriteLoad.Shape s : WriteLoad.MIX) {
            long placeholders = s.sql().chars().filter(c -> c == '?').count();
            assertEquals(placeholders, s.draws().size(), s.sql());
            assertTrue(s.sql().endsWith("RETURNING id"), s.sql());
            assertTrue(WriteLoad.TABLES.contains(s.table()), s.table());
        }
    }

    @Test
    void theMixInsertsUpdatesAndDeletesOnTheFixturesTables() {
        Set<WriteLedger.Kind> kinds =
                WriteLoad.MIX.stream().map(WriteLoad.Shape::kind).collect(Collectors.toSet());
        assertEquals(Set.of(WriteLedger.Kind.values()), kinds);
        assertEquals(
                Set.copyOf(WriteLoad.TABLES),
                WriteLoad.MIX.stream().map(WriteLoad.Shape::table).collect(Collectors.toSet()));
    }

    @Test
    void theLedgerCountsCommittedStatementsAndTheRowsTheyTouchedOnce() {
        WriteLedger l = new WriteLedger();
        l.committed("favourites", WriteLedger.Kind.INSERT, List.of(7L), 1_000, 2_000);
        l.committed("favourites", WriteLedger.Kind.DELETE, List.of(7L), 1_010, 4_000);
        l.committed("follows", WriteLedger.Kind.INSERT, List.of(), 1_020, 6_000);
        assertEquals(3, l.statements());
        assertEquals(1, l.statements(WriteLedger.Kind.DELETE));
        assertEquals(1, l.rowsTouched(), "an insert that conflicted touched nothing; row 7 counts once");
        assertEquals(4.0, l.medianLatencyMs(1_000, 1_100));
        assertEquals(3.0, l.medianLatencyMs(1_000, 1_015));
        assertNull(l.medianLatencyMs(2_000, 3_000), "no statement then: not measured, never zero");
    }
}
