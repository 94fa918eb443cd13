package org.cnpgrehearsal.manifest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DumpScopeTest {

    private static DumpScope of(List<String> dumpOptions, boolean schemaOnly) {
        return DumpScope.of(new ImportSpec(
                ImportType.MONOLITH,
                List.of("app"),
                List.of("app"),
                "src",
                schemaOnly,
                dumpOptions,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of()));
    }

    @Test
    void excludedSchemasAndTablesAreOutsideTheDumpAsPgDumpMatchesThem() {
        DumpScope s = of(List.of("--exclude-schema=user_management", "-N", "metric_*", "-T", "public.audit_*"), false);
        assertFalse(s.includesSchema("user_management"));
        assertFalse(s.includesSchema("metric_helpers"));
        assertTrue(s.includesSchema("public"));
        assertFalse(s.includesTable("public", "audit_log"));
        assertTrue(s.includesTable("public", "accounts"));
    }

    @Test
    void anUnqualifiedTablePatternMatchesInEverySchemaAndUnquotedLettersFold() {
        DumpScope s = of(List.of("--exclude-table-data=Sessions"), false);
        assertTrue(s.includesTable("app", "sessions"));
        assertFalse(s.includesData("app", "sessions", false));
        assertTrue(s.includesData("app", "Sessions", false));
        assertTrue(s.includesData("app", "accounts", false));
    }

    @Test
    void quotedPatternsMatchExactly() {
        DumpScope s = of(List.of("--exclude-table=\"Audit.Log\""), false);
        assertFalse(s.includesTable("public", "Audit.Log"));
        assertTrue(s.includesTable("public", "audit.log"));
    }

    @Test
    void aSchemaOnlyImportCarriesNoRowsAndNoLargeObjects() {
        DumpScope s = of(List.of(), true);
        assertTrue(s.includesTable("public", "accounts"));
        assertFalse(s.includesData("public", "accounts", false));
        assertFalse(s.largeObjects());
    }

    @Test
    void narrowingTheDumpLeavesLargeObjectsOutUnlessAskedFor() {
        assertFalse(of(List.of("-n", "public"), false).largeObjects());
        assertTrue(of(List.of("-n", "public", "-b"), false).largeObjects());
        assertFalse(of(List.of("--no-large-objects"), false).largeObjects());
        assertTrue(of(List.of(), false).largeObjects());
    }

    @Test
    void unloggedTablesDataFollowsTheOption() {
        assertFalse(of(List.of("--no-unlogged-table-data"), false).includesData("public", "sessions", true));
        assertTrue(of(List.of(), false).includesData("public", "sessions", true));
    }
}
