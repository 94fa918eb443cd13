package org.cnpgrehearsal.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void fillsInTwentiethsAndStaysFullPastAnEstimate() {
        assertEquals("[--------------------]   0 %", ProgressBar.of(0, 200));
        assertEquals("[#########-----------]  45 %", ProgressBar.of(90, 200));
        assertEquals("[####################] 100 %", ProgressBar.of(250, 200));
        assertEquals("[####################] 100 %", ProgressBar.of(5, 0));
    }
}
