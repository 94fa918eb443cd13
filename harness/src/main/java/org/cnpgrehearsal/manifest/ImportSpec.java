package org.cnpgrehearsal.manifest;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnpgrehearsal.manifest.ToolOptions.Tool;

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

    /** CNPG's import fields that hold pg_dump and pg_restore options, in the order CNPG's API lists them. */
    public static final List<String> OPTION_FIELDS = List.of(
            "pgDumpExtraOptions",
            "pgRestoreExtraOptions",
            "pgRestorePredataOptions",
            "pgRestoreDataOptions",
            "pgRestorePostdataOptions");

    /** Each option field ({@link #OPTION_FIELDS}) with its list, in that order. */
    public Map<String, List<String>> optionLists() {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        lists.put("pgDumpExtraOptions", pgDumpExtraOptions);
        lists.put("pgRestoreExtraOptions", pgRestoreExtraOptions);
        lists.put("pgRestorePredataOptions", pgRestorePredataOptions);
        lists.put("pgRestoreDataOptions", pgRestoreDataOptions);
        lists.put("pgRestorePostdataOptions", pgRestorePostdataOptions);
        return lists;
    }

    /** The options of one field, read as its tool reads them. */
    public static ToolOptions read(String field, List<String> options) {
        return ToolOptions.parse(field.equals("pgDumpExtraOptions") ? Tool.PG_DUMP : Tool.PG_RESTORE, options);
    }

    /** One section's pg_restore options ({@link #restoreOptionsFor}) as pg_restore reads them. */
    public ToolOptions restoreOptions(String section) {
        return ToolOptions.parse(Tool.PG_RESTORE, restoreOptionsFor(section));
    }

    /** pg_dump's options as pg_dump reads them. */
    public ToolOptions dumpOptions() {
        return ToolOptions.parse(Tool.PG_DUMP, pgDumpExtraOptions);
    }

    /** Schemas left out of the dump by {@code --exclude-schema}/{@code -N} in {@code pgDumpExtraOptions}. */
    public Set<String> excludedSchemas() {
        return new LinkedHashSet<>(dumpOptions().values("--exclude-schema"));
    }

    /** Options of dump or restore that drop ownership or privileges ({@code --no-owner}, {@code --no-acl}, ...), as written. */
    public List<String> ownershipDroppingOptions() {
        Set<String> found = new LinkedHashSet<>();
        optionLists()
                .forEach((field, options) -> read(field, options).options().stream()
                        .filter(o -> o.name().equals("--no-owner") || o.name().equals("--no-privileges"))
                        .forEach(o -> found.add(o.written())));
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
