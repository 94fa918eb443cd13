package org.cnpgrehearsal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point down: the command line on top, the orchestration below it, then the platforms, the work they
 * do, the models many packages read, and the helpers at the bottom. A package may use its own layer (without cycles)
 * and those below, never one above.
 */
class ArchitectureTest {

    /** From the top down; packages on one line share a layer. */
    static final List<List<String>> LAYERS = List.of(
            List.of("cli"),
            List.of("fix", "tune"),
            List.of("engine"),
            List.of("platform"),
            List.of("preflight", "report"),
            List.of("verify", "estimate"),
            List.of("results"),
            List.of("importer", "source", "fixture", "strategy"),
            List.of("model"),
            List.of("scenario"),
            List.of("diagnose"),
            List.of("manifest"),
            List.of("util"),
            List.of("timeline"));

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.cnpgrehearsal");

    @Test
    void noPackageUsesALayerAboveItsOwn() {
        for (int i = 1; i < LAYERS.size(); i++) {
            String[] above = LAYERS.subList(0, i).stream()
                    .flatMap(List::stream)
                    .map(p -> "org.cnpgrehearsal." + p + "..")
                    .toArray(String[]::new);
            String[] layer = LAYERS.get(i).stream()
                    .map(p -> "org.cnpgrehearsal." + p + "..")
                    .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAnyPackage(layer)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(above)
                    .because("dependencies point down (layer " + Arrays.toString(layer) + ")")
                    .check(MAIN);
        }
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.cnpgrehearsal.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
