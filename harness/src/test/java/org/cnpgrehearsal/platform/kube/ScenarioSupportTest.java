package org.cnpgrehearsal.platform.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.scenario.ScenarioCatalog;
import org.junit.jupiter.api.Test;

class ScenarioSupportTest {

    @Test
    void aScenarioSetsTheKeysWhoseValuesDifferFromAScenarioThatSetsNothing() {
        Scenario keepOwners = ScenarioCatalog.builtIn().find("keep-owners");

        assertEquals(
                Set.of(
                        "description",
                        "source.grants",
                        "source.extensions",
                        "source.prepareSql",
                        "fixture.largeObjects",
                        "target.manifest",
                        "target.import.pgDumpExtraOptions",
                        "target.import.pgRestoreExtraOptions",
                        "expect.outcome",
                        "expect.cause"),
                Set.copyOf(ScenarioSupport.keysSet(keepOwners)));
    }

    @Test
    void onlyTheKeysItDoesNotKnowAreUnsupported() {
        Scenario wrongCa = ScenarioCatalog.builtIn().find("tls-wrong-ca");
        Set<String> withoutTls = ScenarioSupport.SUPPORTED.stream()
                .filter(k -> !k.equals("source.tls"))
                .collect(Collectors.toSet());

        assertEquals(List.of("source.tls"), ScenarioSupport.unsupported(wrongCa, withoutTls));
        assertEquals(List.of(), ScenarioSupport.unsupported(wrongCa));
    }
}
