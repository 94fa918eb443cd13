package org.cnpgrehearsal.importer;

/** CNPG's import-only settings, written to override.conf while importing and removed afterwards. */
public final class ImportSettings {

    public static final String OVERRIDE_FILE = "override.conf";

    public static final String IMPORT_ONLY = String.join(
            "\n",
            "archive_mode = off",
            "fsync = off",
            "wal_level = minimal",
            "full_page_writes = off",
            "max_wal_senders = 0",
            "");

    /** The include line CNPG's postgresql.conf ends with; the normal settings are in postgresql.conf itself. */
    public static final String INCLUDE = "include_if_exists = '" + OVERRIDE_FILE + "'";

    private ImportSettings() {}
}
