package org.cnpgrehearsal.platform.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The values the harness installs the operators with, rendered offline by Helm through a stand-in chart (the tests
 * have no network and carry no copy of the operators' charts): what Helm renders is what the real chart receives.
 */
class OperatorChartsTest {

    private static final Path STAND_IN = Path.of("harness/src/test/resources/stand-in-chart");

    private static String render(Map<String, Object> values) {
        TemplateCommand template =
                new Helm(STAND_IN.toAbsolutePath()).template().withName("cnpg").withNamespace("cnpg-system");
        values.forEach(template::set);
        return template.call();
    }

    @Test
    void cnpgValuesReachTheChart() {
        String rendered = render(OperatorCharts.cnpgValues(
                "registry.internal:5000/mirror/cloudnative-pg:1.30.0",
                "ghcr.io/cloudnative-pg/postgresql:17.11-standard-trixie",
                false));
        assertTrue(
                rendered.contains("operatorImage: \"registry.internal:5000/mirror/cloudnative-pg:1.30.0\""), rendered);
        assertTrue(
                rendered.contains("postgresImage: \"ghcr.io/cloudnative-pg/postgresql:17.11-standard-trixie\""),
                rendered);
        assertTrue(rendered.contains("createCrds: \"false\""), rendered);
        assertTrue(rendered.contains("namespace: cnpg-system"), rendered);
    }

    @Test
    void chartDefaultsStayWhenNothingIsOverridden() {
        Map<String, Object> values = OperatorCharts.cnpgValues(null, null, true);
        assertEquals(Map.of("crds.create", true), values);
        String rendered = render(values);
        assertTrue(rendered.contains("operatorImage: \"example.invalid/operator:default\""), rendered);
        assertTrue(rendered.contains("createCrds: \"true\""), rendered);
    }

    @Test
    void anUntaggedOperatorImageKeepsTheChartsTag() {
        assertEquals(
                Map.of("image.repository", "mirror.local/cnpg", "crds.create", true),
                OperatorCharts.cnpgValues("mirror.local/cnpg", null, true));
    }

    @Test
    void zalandoValuesReachTheChart() {
        String rendered = render(OperatorCharts.zalandoValues("rehearsal-ab12", "registry.internal/spilo-17:4.0-p3"));
        assertTrue(rendered.contains("watchedNamespace: \"rehearsal-ab12\""), rendered);
        assertTrue(rendered.contains("spiloImage: \"registry.internal/spilo-17:4.0-p3\""), rendered);
    }

    @Test
    void theCnpgChartIsPinned() {
        ChartRef chart = ChartRef.cnpg(null, null);
        assertEquals("0.29.0", chart.version());
        assertEquals("https://cloudnative-pg.github.io/charts cloudnative-pg 0.29.0", chart.describe());
        assertEquals(
                Path.of("/charts/cnpg.tgz"),
                ChartRef.cnpg("0.28.0", Path.of("/charts/cnpg.tgz")).archive());
    }
}
