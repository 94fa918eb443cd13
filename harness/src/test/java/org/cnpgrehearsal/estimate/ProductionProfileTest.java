package org.cnpgrehearsal.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cnpgrehearsal.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProductionProfileTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheDocumentedFormat() throws Exception {
        Path f = tmp.resolve("profile.json");
        Files.writeString(f, """
                {
                  "postgresVersion": "17.4",
                  "collectedAt": "2026-11-25T13:00:00Z",
                  "databases": [
                    {"name": "mastodon", "databaseBytes": 250000000000, "tableBytes": 160000000000,
                     "indexBytes": 85000000000, "toastBytes": 20000000000, "rows": 900000000, "largeObjectBytes": 1000,
                     "largestTables": [{"name": "public.statuses", "tableBytes": 60000000000, "indexBytes": 30000000000, "rows": 300000000}],
                     "largestIndexes": [{"name": "public.index_statuses_on_account_id", "bytes": 9000000000}],
                     "extensions": ["set_user", "pg_stat_statements"], "somethingNewer": true},
                    {"name": "other", "databaseBytes": 1000000000, "tableBytes": 1, "indexBytes": 2, "toastBytes": 0, "rows": 5,
                     "largeObjectBytes": 0, "extensions": ["pg_stat_statements"]}
                  ]
                }
                """);
        ProductionProfile p = ProductionProfile.read(f);
        assertEquals(251_000_000_000L, p.databaseBytes());
        assertEquals(160_000_000_001L, p.tableBytes());
        assertEquals(60_000_000_000L, p.largestTable().tableBytes());
        assertEquals(List.of("pg_stat_statements", "set_user"), p.extensions());
        assertEquals("17.4", p.postgresVersion());
        // written and read back unchanged
        Path again = tmp.resolve("again.json");
        p.write(again);
        assertEquals(p, ProductionProfile.read(again));
    }

    @Test
    void aSizeAloneIsAProfile() {
        ProductionProfile p = ProductionProfile.ofTotalSize(250_000_000_000L);
        assertEquals(250_000_000_000L, p.databaseBytes());
        assertNull(p.tableBytes());
        assertNull(p.largestTable());
    }

    @Test
    void badProfilesAreBadInput() throws Exception {
        assertThrows(BadInputException.class, () -> ProductionProfile.read(tmp.resolve("missing.json")));
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{ not json");
        BadInputException e = assertThrows(BadInputException.class, () -> ProductionProfile.read(broken));
        assertTrue(!e.getMessage().contains("\n"), "one line");
        Path empty = tmp.resolve("empty.json");
        Files.writeString(empty, "{\"databases\": []}");
        assertThrows(BadInputException.class, () -> ProductionProfile.read(empty));
        Path noSize = tmp.resolve("nosize.json");
        Files.writeString(noSize, "{\"databases\": [{\"name\": \"x\"}]}");
        assertThrows(BadInputException.class, () -> ProductionProfile.read(noSize));
    }
}
