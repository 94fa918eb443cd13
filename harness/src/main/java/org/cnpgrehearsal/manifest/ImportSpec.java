package org.cnpgrehearsal.manifest;

import java.util.List;

/** {@code spec.bootstrap.initdb.import}: what CNPG imports and with which options. */
public record ImportSpec(ImportType type, List<String> databases, List<String> roles, String sourceExternalCluster,
                         boolean schemaOnly, List<String> pgDumpExtraOptions, List<String> pgRestoreExtraOptions,
                         List<String> pgRestorePredataOptions, List<String> pgRestoreDataOptions,
                         List<String> pgRestorePostdataOptions, List<String> postImportApplicationSQL) {

    public static final String WILDCARD = "*";

    public boolean allDatabases() {
        return databases.contains(WILDCARD);
    }

    public boolean allRoles() {
        return roles.contains(WILDCARD);
    }

    /** The pg_restore options of one section: the section's own list when set, else {@code pgRestoreExtraOptions}. */
    public List<String> restoreOptionsFor(String section) {
        List<String> own = switch (section) {
            case "pre-data" -> pgRestorePredataOptions;
            case "data" -> pgRestoreDataOptions;
            case "post-data" -> pgRestorePostdataOptions;
            default -> throw new IllegalArgumentException("unknown section " + section);
        };
        return own.isEmpty() ? pgRestoreExtraOptions : own;
    }
}
