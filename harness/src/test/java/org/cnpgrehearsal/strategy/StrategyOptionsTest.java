package org.cnpgrehearsal.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.cnpgrehearsal.scenario.Scenario;
import org.junit.jupiter.api.Test;

/** Which path a rehearsal takes and how the application writes meanwhile: scenario, command line, defaults. */
class StrategyOptionsTest {

    private static final Scenario.Migration NONE = new Scenario.Migration(null, null, null, null);

    @Test
    void withoutAChoiceARehearsalIsOfflineAndNothingWrites() {
        StrategyOptions o = StrategyOptions.of(NONE, null, null, null);
        assertEquals(Strategy.OFFLINE, o.strategy());
        assertFalse(o.writes(), "the application is stopped during an offline import");
    }

    @Test
    void theCommandLineChoosesForAScenarioThatNamesNoStrategy() {
        StrategyOptions o = StrategyOptions.of(NONE, Strategy.ONLINE, null, null);
        assertEquals(Strategy.ONLINE, o.strategy());
        assertEquals(StrategyOptions.DEFAULT_WRITE_RATE, o.writeRate());
        assertEquals(StrategyOptions.DEFAULT_WRITE_DURATION, o.writeDuration());
        assertTrue(o.writes());
        assertTrue(o.copyLargeObjects());
    }

    @Test
    void aScenarioKeepsItsOwnStrategyAndTheCommandLinesRateAndDurationWin() {
        Scenario.Migration m = new Scenario.Migration("physical", "leave", 5, "3s");
        StrategyOptions own = StrategyOptions.of(m, Strategy.ONLINE, null, null);
        assertEquals(Strategy.PHYSICAL, own.strategy());
        assertEquals(5, own.writeRate());
        assertEquals(Duration.ofSeconds(3), own.writeDuration());
        assertFalse(own.copyLargeObjects());
        StrategyOptions given = StrategyOptions.of(m, null, 80, Duration.ofSeconds(20));
        assertEquals(80, given.writeRate());
        assertEquals(Duration.ofSeconds(20), given.writeDuration());
    }

    @Test
    void aRateOfZeroMeansNoWriteLoad() {
        assertFalse(StrategyOptions.of(NONE, Strategy.ONLINE, 0, null).writes());
    }

    @Test
    void switchingTheStrategyKeepsTheWriteLoadForThePathsThatStream() {
        StrategyOptions online = StrategyOptions.of(NONE, Strategy.ONLINE, 30, null);
        assertFalse(online.withStrategy(Strategy.OFFLINE).writes());
        assertEquals(
                30,
                online.withStrategy(Strategy.OFFLINE)
                        .withStrategy(Strategy.PHYSICAL)
                        .writeRate());
    }
}
