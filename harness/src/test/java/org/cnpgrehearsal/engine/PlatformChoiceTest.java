package org.cnpgrehearsal.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cnpgrehearsal.platform.k3s.ContainerEngine;
import org.cnpgrehearsal.platform.kube.K3sOptions;
import org.cnpgrehearsal.util.BadInputException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PlatformChoiceTest {

    @Test
    void k3sWithoutAContainerEngineIsOneLineOfBadInput() {
        Assumptions.assumeFalse(ContainerEngine.available(), "a container engine is reachable here: k3s would start");
        BadInputException e =
                assertThrows(BadInputException.class, () -> PlatformChoice.k3s(new K3sOptions(null, null, null)));
        assertTrue(e.getMessage().startsWith("--platform k3s needs a container engine"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
