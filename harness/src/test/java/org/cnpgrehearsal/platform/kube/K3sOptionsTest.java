package org.cnpgrehearsal.platform.kube;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cnpgrehearsal.util.BadInputException;
import org.junit.jupiter.api.Test;

class K3sOptionsTest {

    @Test
    void optionsDefaultToThePinnedVersions() {
        K3sOptions k3s = new K3sOptions(null, null, null);
        assertTrue(k3s.k3sImage().matches("rancher/k3s:v\\d+\\.\\d+\\.\\d+-k3s\\d"), k3s.k3sImage());
        assertTrue(
                k3s.k3sImage().matches("rancher/k3s:v1\\.3[456]\\..*"),
                "a Kubernetes that CloudNativePG 1.30 supports (1.34, 1.35, 1.36): " + k3s.k3sImage());
        assertTrue(k3s.operators().sourceFlavor() == SourceFlavor.LITE);
        assertTrue(k3s.operators().cnpgChartRef().version().equals(ChartRef.CNPG_VERSION));
        assertThrows(BadInputException.class, () -> SourceFlavor.parse("spilo"));
        assertTrue(SourceFlavor.parse("Zalando") == SourceFlavor.ZALANDO);
    }
}
