package org.cnpgrehearsal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cnpgrehearsal.cli.Main;
import org.junit.jupiter.api.Test;

/** Every built-in scenario, rehearsed for real on the local platform, reproduces its expectation. */
class ScenarioMatrixTest {

    @Test
    void rehearseAllReproducesEveryScenario() {
        assertEquals(0, Main.commandLine().execute("rehearse", "--all", "--platform", "local", "--size", "20MB"));
    }
}
