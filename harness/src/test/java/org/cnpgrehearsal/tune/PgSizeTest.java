package org.cnpgrehearsal.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PgSizeTest {

    @Test
    void sizesReadAsPostgresqlConfWritesThem() {
        assertEquals(64L * 1024 * 1024, PgSize.bytes("64MB", PgSize.KB));
        assertEquals(1024L * 1024 * 1024, PgSize.bytes("1GB", PgSize.KB));
        assertEquals(65536L * 1024, PgSize.bytes("65536", PgSize.KB), "a bare number is in the setting's unit");
        assertEquals(2048L * 1024 * 1024, PgSize.bytes("2048", PgSize.MB));
        assertNull(PgSize.bytes("1 gigabyte", PgSize.KB));
    }

    @Test
    void sizesAreWrittenInWholeGigabytesOrMegabytes() {
        assertEquals("4GB", PgSize.text(4 * PgSize.GB));
        assertEquals("1536MB", PgSize.text(1536 * PgSize.MB));
    }
}
