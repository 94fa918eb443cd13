package org.cnpgrehearsal.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Sizes and durations as users write them on the command line. */
class SizesTest {

    @Test
    void petabytesAreSizesAndSizesPastAnyDiskAreBadInput() {
        assertEquals(2_000_000_000_000_000L, Sizes.parse("2PB"));
        assertEquals(1L << 50, Sizes.parse("1Pi"));
        assertEquals("2.00 PB", Sizes.human(2_000_000_000_000_000L));
        assertThrows(BadInputException.class, () -> Sizes.parse("999999PB"));
        assertThrows(BadInputException.class, () -> Sizes.parse("99999999999999999999TB"));
        assertThrows(BadInputException.class, () -> Sizes.parse("1.5.5GB"));
    }

    @Test
    void durationsCarryTheirUnitAndABareNumberKeepsItsOldUnit() {
        assertEquals(Duration.ofMinutes(15), Durations.parse("--phase-timeout", "15m", "m"));
        assertEquals(Duration.ofSeconds(90), Durations.parse("--phase-timeout", "90s", "m"));
        assertEquals(Duration.ofHours(2), Durations.parse("--phase-timeout", "2h", "m"));
        assertEquals(Duration.ofMinutes(20), Durations.parse("--phase-timeout", "20", "m"));
        assertEquals(Duration.ofSeconds(300), Durations.parse("--long-transaction", "300", "s"));
        assertThrows(BadInputException.class, () -> Durations.parse("--phase-timeout", "0m", "m"));
        assertThrows(BadInputException.class, () -> Durations.parse("--phase-timeout", "-5", "m"));
        assertThrows(BadInputException.class, () -> Durations.parse("--phase-timeout", "99999999999h", "m"));
        assertThrows(BadInputException.class, () -> Durations.parse("--phase-timeout", "soon", "m"));
    }
}
