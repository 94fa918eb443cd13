package org.cnpgrehearsal.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FasterTest {

    @Test
    void aVariantIsFasterOnlyWhenEveryRunBeatsEveryRunOfTheManifestAsWritten() {
        assertTrue(Faster.faster(List.of(9L, 10L, 11L), List.of(12L, 13L, 12L)));
        assertFalse(Faster.faster(List.of(9L, 10L, 12L), List.of(12L, 13L, 14L)), "a tie is not faster");
        assertFalse(Faster.faster(List.of(1L, 2L, 30L), List.of(12L, 13L, 14L)), "one slow run is enough to doubt");
        assertFalse(Faster.faster(List.of(), List.of(12L)), "no run, no gain");
    }

    @Test
    void theChanceOfThatByNoiseAloneIsOneInTheOrdersOfTheRuns() {
        assertEquals(20, Faster.oneIn(3, 3));
        assertEquals(6, Faster.oneIn(2, 2));
        assertEquals(84, Faster.oneIn(3, 6));
        assertTrue(Faster.rule(3, 3).contains("1 in 20 for 3 and 3 runs"));
    }
}
