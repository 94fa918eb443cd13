package org.cnpgrehearsal.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.cnpgrehearsal.manifest.DumpScope;
import org.cnpgrehearsal.manifest.ImportSpec;
import org.cnpgrehearsal.manifest.ImportType;
import org.junit.jupiter.api.Test;

/** The publication written for the DBA: it publishes what the schema-only import created on the target. */
class PublicationTest {

    private static final Publication.Table ACCOUNTS = new Publication.Table("public", "accounts", false, false);
    private static final Publication.Table STATUSES = new Publication.Table("public", "statuses", false, false);

    private static DumpScope scope(String... dumpOptions) {
        return DumpScope.of(new ImportSpec(
                ImportType.MONOLITH,
                List.of("mastodon"),
                List.of("mastodon"),
                "zalando-cluster",
                false,
                List.of(dumpOptions),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of()));
    }

    @Test
    void everyTableInScopePublishesAllTables() {
        assertEquals(
                "CREATE PUBLICATION cnpg_migration FOR ALL TABLES",
                Publication.create(List.of(ACCOUNTS, STATUSES), scope()));
    }

    @Test
    void unloggedTablesAndExtensionTablesDoNotKeepAllTablesFromBeingUsed() {
        assertEquals(
                "CREATE PUBLICATION cnpg_migration FOR ALL TABLES",
                Publication.create(
                        List.of(
                                ACCOUNTS,
                                new Publication.Table("public", "cache", true, false),
                                new Publication.Table("public", "spatial_ref_sys", false, true)),
                        scope()));
    }

    @Test
    void aTableTheDumpLeavesOutIsNotPublishedSoTheListIsNamed() {
        assertEquals(
                "CREATE PUBLICATION cnpg_migration FOR TABLE \"public\".\"accounts\"",
                Publication.create(
                        List.of(ACCOUNTS, STATUSES, new Publication.Table("public", "cache", true, false)),
                        scope("--exclude-table=statuses")));
    }

    @Test
    void nothingInScopeIsAnEmptyPublication() {
        assertEquals(
                "CREATE PUBLICATION cnpg_migration",
                Publication.create(List.of(ACCOUNTS), scope("--exclude-schema=public")));
    }
}
