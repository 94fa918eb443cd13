package org.cnpgrehearsal.preflight;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnpgrehearsal.manifest.ImportSpec;
import org.cnpgrehearsal.manifest.ImportType;
import org.cnpgrehearsal.manifest.ToolOptions;
import org.cnpgrehearsal.source.SpiloTemplate;

/**
 * Lint of {@code pgDumpExtraOptions} and the pg_restore option lists against the options CNPG passes itself
 * ({@code pg_dump -Fd -f <file> -d <dsn> -v --section=...}, {@code pg_restore [--create] -U postgres -d <dsn> --section <s>}),
 * and the ownership consequence of {@code --no-owner}/{@code --no-acl} in a monolith import with roles.
 */
public final class OptionsLint {

    public static final String LINT = "options.lint";
    public static final String OWNERSHIP = "options.ownership";

    private static final Set<String> CONNECTION = Set.of("--dbname", "--host", "--port", "--username");

    public static Check lint(ImportSpec spec) {
        List<String> fails = new ArrayList<>();
        List<String> warns = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<ToolOptions.Option> dump = spec.dumpOptions().options();
        String format = null;
        boolean dumpJobs = false;
        for (ToolOptions.Option o : dump) {
            switch (o.name()) {
                case "--format" -> format = o.value() == null ? "" : o.value();
                case "--file" ->
                    fails.add(
                            "pg_dump " + o.written()
                                    + ": CNPG writes the dump to $PGDATA/dumps/<db>.dump and restores from there; another file leaves pg_restore without input");
                case "--section" ->
                    fails.add(
                            "pg_dump " + o.written()
                                    + ": CNPG passes --section=pre-data --section=data --section=post-data itself; a section here narrows what is dumped");
                case "--create", "--clean" ->
                    fails.add("pg_dump " + o.written() + ": CNPG creates the database with pg_restore --create itself; "
                            + o.name() + " in the dump conflicts with it");
                case "--jobs" -> dumpJobs = true;
                case "--verbose" -> notes.add("pg_dump " + o.written() + " repeats CNPG's own -v (harmless)");
                case "--schema-only", "--data-only" ->
                    fails.add("pg_dump " + o.written() + ": use the import's schemaOnly field instead; " + o.name()
                            + " leaves sections empty");
                default -> {
                    if (CONNECTION.contains(o.name())) {
                        fails.add(
                                "pg_dump " + o.written()
                                        + ": CNPG connects with -d <dsn of the externalCluster>; set the connection in externalClusters instead");
                    }
                }
            }
        }
        if (format != null) {
            String f = format.toLowerCase();
            if (f.startsWith("d")) {
                warns.add("pg_dump --format=" + format + " repeats CNPG's own -Fd");
            } else if (f.startsWith("c")) {
                warns.add("pg_dump --format=" + format
                        + " replaces CNPG's directory format: one file, so pg_dump --jobs is no longer possible");
                if (dumpJobs) {
                    fails.add("pg_dump --jobs with --format=" + format
                            + ": pg_dump refuses parallel dumps except in directory format");
                }
            } else {
                fails.add(
                        "pg_dump --format=" + format + ": pg_restore cannot restore CNPG's sections from this format ("
                                + (f.startsWith("p")
                                        ? "plain SQL is not an archive"
                                        : "tar cannot be restored in parallel or by section reliably")
                                + ")");
            }
        }
        duplicates("pgDumpExtraOptions", dump, warns);
        Map<String, List<String>> restoreLists = new LinkedHashMap<>(spec.optionLists());
        restoreLists.remove("pgDumpExtraOptions");
        for (Map.Entry<String, List<String>> e : restoreLists.entrySet()) {
            List<ToolOptions.Option> opts =
                    ImportSpec.read(e.getKey(), e.getValue()).options();
            boolean jobs = false;
            boolean single = false;
            for (ToolOptions.Option o : opts) {
                switch (o.name()) {
                    case "--format" ->
                        warns.add(e.getKey() + " " + o.written() + ": pg_restore detects the archive format itself");
                    case "--file" ->
                        fails.add(e.getKey() + " " + o.written()
                                + ": pg_restore would write a script instead of restoring into the database");
                    case "--section" ->
                        fails.add(e.getKey() + " " + o.written()
                                + ": CNPG runs one pg_restore per section with --section itself");
                    case "--create" ->
                        fails.add(
                                e.getKey() + " " + o.written()
                                        + ": CNPG adds --create itself when the database does not exist yet; twice, or on an existing database, the restore fails");
                    case "--clean" ->
                        fails.add(
                                e.getKey() + " " + o.written()
                                        + ": --clean drops objects before each section's restore; with CNPG's per-section runs it drops what the previous section restored");
                    case "--jobs" -> jobs = true;
                    case "--single-transaction" -> single = true;
                    case "--verbose" -> {}
                    default -> {
                        if (CONNECTION.contains(o.name())) {
                            fails.add(
                                    e.getKey() + " " + o.written()
                                            + ": CNPG restores with -U postgres -d <dsn> into the new cluster; do not override the connection");
                        }
                    }
                }
            }
            if (jobs && single) {
                fails.add(e.getKey() + ": --jobs and --single-transaction exclude each other in pg_restore");
            }
            if (jobs && e.getKey().equals("pgRestoreExtraOptions")) {
                String jobsValue = opts.stream()
                        .filter(o -> o.name().equals("--jobs"))
                        .map(ToolOptions.Option::value)
                        .findFirst()
                        .orElse("?");
                notes.add(
                        "pg_restore --jobs=" + jobsValue
                                + " applies to all three sections (CNPG passes pgRestoreExtraOptions to each): data and post-data (indexes, constraints) restore in parallel, pre-data gains little; keep it at or below the target's cores");
            }
            duplicates(e.getKey(), opts, warns);
        }
        if (!fails.isEmpty()) {
            List<String> all = new ArrayList<>(fails);
            all.addAll(warns);
            return Check.fail(
                    LINT,
                    String.join("; ", all),
                    "remove the conflicting options: CNPG sets the format, file, connection and sections of pg_dump/pg_restore itself");
        }
        if (!warns.isEmpty()) {
            warns.addAll(notes);
            return Check.warn(
                    LINT,
                    String.join("; ", warns),
                    "remove the duplicated or format-changing options unless you mean them");
        }
        return Check.pass(
                LINT,
                notes.isEmpty() ? "no option conflicts with CNPG's own" : "no conflicts; " + String.join("; ", notes));
    }

    private static void duplicates(String field, List<ToolOptions.Option> opts, List<String> warns) {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> dup = new LinkedHashSet<>();
        for (ToolOptions.Option o : opts) {
            String key = o.name() + "=" + o.value();
            if (!o.name().equals("--exclude-schema")
                    && !o.name().equals("--exclude-table")
                    && !o.name().equals("--schema")
                    && !o.name().equals("--table")
                    && !o.name().equals("--exclude-extension")
                    && !seen.add(o.name())) {
                dup.add(o.name());
            } else if (!seen.add(key) && o.value() != null) {
                dup.add(o.written());
            }
        }
        if (!dup.isEmpty()) {
            warns.add(field + " has duplicates: " + String.join(", ", dup));
        }
    }

    /**
     * Issue 9: a monolith import with roles and --no-owner/--no-acl brings the roles over but leaves every object
     * owned by postgres with no privilege for them. {@code sampleTable} names a real table for the message, when known.
     */
    public static Check ownership(ImportSpec spec, String initdbOwner, String sampleTable) {
        List<String> dropping = spec.ownershipDroppingOptions();
        if (spec.type() == ImportType.MICROSERVICE) {
            return Check.pass(
                    OWNERSHIP,
                    "microservice: CNPG restores with --no-owner --no-privileges --role=" + initdbOwner + ", so "
                            + initdbOwner + " owns every imported object");
        }
        if (dropping.isEmpty()) {
            return Check.pass(OWNERSHIP, "ownership and privileges are kept (no --no-owner / --no-acl)");
        }
        if (spec.roles().isEmpty()) {
            return Check.warn(
                    OWNERSHIP,
                    "monolith without roles and with " + String.join(" ", dropping)
                            + ": every object will be owned by postgres",
                    "grant the application's access after the import (postImportApplicationSQL), or use type: microservice with initdb.owner set to the application role");
        }
        String table = sampleTable == null ? "<table>" : sampleTable;
        return Check.fail(
                OWNERSHIP,
                "monolith imports roles " + spec.roles() + " but " + String.join(" ", dropping)
                        + " drop ownership and grants: every object and the database end up owned by postgres and the imported roles get no privilege; "
                        + "the application fails on its first query with 'permission denied for table " + table
                        + "' although login and row counts look fine",
                "remove --no-owner/--no-acl (-O/-x/--no-privileges) from pgDumpExtraOptions and pgRestore*Options (and exclude Spilo's schemas: "
                        + String.join(" ", SpiloTemplate.EXCLUDE_OPTIONS) + "); "
                        + "or use type: microservice with initdb.database/owner set to the application's database and role");
    }

    private OptionsLint() {}
}
