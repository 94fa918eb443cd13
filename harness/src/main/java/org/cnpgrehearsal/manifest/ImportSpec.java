package org.cnpgrehearsal.manifest;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code spec.bootstrap.initdb.import}: what CNPG imports and with which options. */
public record ImportSpec(
        ImportType type,
        List<String> databases,
        List<String> roles,
        String sourceExternalCluster,
        boolean schemaOnly,
        List<String> pgDumpExtraOptions,
        List<String> pgRestoreExtraOptions,
        List<String> pgRestorePredataOptions,
        List<String> pgRestoreDataOptions,
        List<String> pgRestorePostdataOptions,
        List<String> postImportApplicationSQL) {

    public static final String WILDCARD = "*";

    public boolean allDatabases() {
        return databases.contains(WILDCARD);
    }

    public boolean allRoles() {
        return roles.contains(WILDCARD);
    }

    /** Schemas left out of the dump by {@code --exclude-schema}/{@code -N} in {@code pgDumpExtraOptions}. */
    public Set<String> excludedSchemas() {
        Set<String> schemas = new LinkedHashSet<>();
        for (int i = 0; i < pgDumpExtraOptions.size(); i++) {
            String o = pgDumpExtraOptions.get(i);
            if (o.startsWith("--exclude-schema=")) {
                schemas.add(o.substring("--exclude-schema=".length()));
            } else if ((o.equals("--exclude-schema") || o.equals("-N")) && i + 1 < pgDumpExtraOptions.size()) {
                schemas.add(pgDumpExtraOptions.get(++i));
            } else if (o.startsWith("-N") && o.length() > 2) {
                schemas.add(o.substring(2));
            }
        }
        return schemas;
    }

    /** Options of dump or restore that drop ownership or privileges ({@code --no-owner}, {@code --no-acl}, ...). */
    public List<String> ownershipDroppingOptions() {
        List<String> dropping = List.of("--no-owner", "-O", "--no-acl", "-x", "--no-privileges");
        Set<String> found = new LinkedHashSet<>();
        for (List<String> options : List.of(
                pgDumpExtraOptions,
                pgRestoreExtraOptions,
                pgRestorePredataOptions,
                pgRestoreDataOptions,
                pgRestorePostdataOptions)) {
            options.stream().filter(dropping::contains).forEach(found::add);
        }
        return List.copyOf(found);
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
