package org.cnpgrehearsal.fix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cnpgrehearsal.diagnose.Diagnosis;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ImportSpec;
import org.cnpgrehearsal.manifest.ManifestEditor;
import org.cnpgrehearsal.manifest.ToolOptions;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.results.PrepStep;
import org.cnpgrehearsal.results.SourcePrep;
import org.cnpgrehearsal.results.VolumeNeed;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.source.SpiloTemplate;
import org.cnpgrehearsal.source.ZalandoSource;
import org.cnpgrehearsal.util.Sql;

/**
 * The remedy table of {@code rehearse --fix}: for each diagnosed cause with an automatic remedy, the rule that picks
 * one remedy among the valid ones, and the alternatives. Causes without an entry (TLS, authentication, versions,
 * unknown errors) stop the loop: they need a person.
 *
 * <p>A remedy that changes the source says so through {@link FixState}: {@code withGrant} for a grant of the scenario
 * table, {@code withSourceSql(PrepStep)} for SQL, {@code withSourcePrep(PrepStep, change)} otherwise. The
 * {@link PrepStep} carries why, what to run (parameters through the postgresql resource, SQL that can run twice) and
 * how to undo it: source-prep.sql and source-revert.sql are written from it.
 */
public final class Remedies {

    /** Roles a Spilo cluster creates for the operator, never the application's. */
    private static final Set<String> SPILO_ROLES = Set.of("admin", "robot_zmon", "zalandos", "cron_admin");

    private static final Pattern EXTENSION =
            Pattern.compile("extension control file \"[^\"]*/([^/\"]+)\\.control\"|extension \"([^\"]+)\"");
    private static final Pattern ROLE = Pattern.compile("role \"([^\"]+)\" does not exist");

    public static Optional<Remedy> forDiagnosis(Diagnosis d, RehearsalReport report, FixState state) {
        String user = state.manifest().importSource().user();
        return Optional.ofNullable(
                switch (d.cause()) {
                    case ROLE_CATALOG_DENIED, PERMISSION_DENIED ->
                        new Remedy(
                                "grant-pg_read_all_data",
                                "grant the import user pg_read_all_data on the source: it reads pg_authid (CNPG's role query) and every table "
                                        + "and sequence, without making it a superuser",
                                List.of(
                                        "a dedicated superuser dump user in externalClusters",
                                        "roles: [] and the roles created on the target by hand"),
                                s -> s.withGrant("pg_read_all_data"));
                    case LARGE_OBJECT_DENIED ->
                        new Remedy(
                                "lo_compat_privileges",
                                "turn lo_compat_privileges on for the window, through the postgresql resource (Patroni): "
                                        + "pg_read_all_data does not cover large objects, and per-object GRANT SELECT ON "
                                        + "LARGE OBJECT would be dumped as grants to " + user
                                        + ", which the restore cannot apply (measured: role \"" + user
                                        + "\" does not exist)",
                                List.of(
                                        "GRANT SELECT ON LARGE OBJECT <oid> TO " + user + " for each, with --no-acl",
                                        "a superuser dump user"),
                                s -> s.withGrant("lo_compat_privileges"));
                    case EXTENSION_MISSING -> extensions(d);
                    case APP_ACCESS_LOST ->
                        new Remedy(
                                "keep-owners-and-grants",
                                "remove " + state.manifest().importSpec().ownershipDroppingOptions()
                                        + " from the import options: a monolith import "
                                        + "then restores owners and grants and keeps the application's roles and passwords",
                                List.of(
                                        "type: microservice with bootstrap.initdb.database/owner set to the application's (the password changes)"),
                                s -> s.withManifest(withoutOwnershipDropping(s.manifest())));
                    case MISSING_ROLE -> missingRole(d);
                    case MD5_PASSWORD_LOGIN ->
                        new Remedy(
                                "scram-passwords",
                                "re-set the imported roles' passwords as SCRAM on the source before the window",
                                List.of("change the passwords on the target after the import"),
                                s -> s.withSourcePrep(
                                        scramPasswords(
                                                state.manifest().importSpec().roles()),
                                        src -> FixState.withPasswordEncryption(src, "scram-sha-256")));
                    case DISK_FULL ->
                        volumeNeeded(report) == null
                                ? null
                                : new Remedy(
                                        "storage-size",
                                        "raise spec.storage.size to the volume needed: an empty cluster, the dump and the restored data side by "
                                                + "side, and WAL headroom (the report's one figure, with how)",
                                        List.of("walStorage for the WAL on its own volume"),
                                        s -> {
                                            String size = VolumeNeed.quantity(volumeNeeded(report));
                                            var t = s.scenario().target();
                                            return s.withManifest(ManifestEditor.withStorageSize(s.manifest(), size))
                                                    .withScenario(new Scenario(
                                                            s.scenario().name(),
                                                            s.scenario().description(),
                                                            s.scenario().source(),
                                                            s.scenario().fixture(),
                                                            new Scenario.Target(
                                                                    t.manifest(), size, t.major(), t.importOverrides()),
                                                            s.scenario().expect()));
                                        });
                    case SUPERUSER_STRIPPED -> superuserOwned(d);
                    case RLS_BLOCKS_DUMP ->
                        new Remedy(
                                "bypassrls",
                                "let the import user bypass row-level security for the window: pg_read_all_data does not, and "
                                        + "--enable-row-security would dump only the rows the policies show",
                                List.of("a superuser dump user in externalClusters"),
                                s -> s.withGrant("bypassrls"));
                    case LOCALE_MISSING -> standardImage(state.manifest());
                    case TABLESPACE_MISSING ->
                        new Remedy(
                                "no-tablespaces",
                                "restore with --no-tablespaces: everything lands in the target's default tablespace",
                                List.of("declare the tablespaces in the Cluster (spec.tablespaces)"),
                                s -> s.withManifest(addRestoreOption(s.manifest(), "--no-tablespaces")));
                    case LOCK_CONFLICT, CONNECTION_LIMIT -> serialDump(state.manifest());
                    case RECOVERY_CONFLICT -> readPrimary(state);
                    case DATA_MISMATCH -> rowsMissing(state);
                    case COLLATION_CHANGED -> sourceCollation(state);
                    default -> null;
                });
    }

    private static final Pattern OWNER_TO = Pattern.compile(
            "Command was: ALTER (EVENT TRIGGER|FOREIGN DATA WRAPPER) (\\S+) OWNER TO (\\S+?);?$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern REFRESH =
            Pattern.compile("Command was: REFRESH MATERIALIZED VIEW (\\S+?);?$", Pattern.CASE_INSENSITIVE);

    /**
     * Objects of a superuser that CNPG imports without SUPERUSER: an event trigger or a foreign-data wrapper goes to
     * postgres (their owner must be a superuser; an event trigger's function runs as the session's user anyway); a
     * materialized view keeps its owner, who is granted SELECT on what the view reads (on the source it read them as a
     * superuser, so nothing changes there).
     */
    private static Remedy superuserOwned(Diagnosis d) {
        List<String> statements = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (String line : d.evidence()) {
            Matcher owner = OWNER_TO.matcher(line);
            Matcher refresh = REFRESH.matcher(line);
            if (owner.find()) {
                names.add(owner.group(2));
                statements.add("ALTER " + owner.group(1).toUpperCase(Locale.ROOT) + " " + owner.group(2)
                        + " OWNER TO postgres");
            } else if (refresh.find()) {
                String view = refresh.group(1);
                names.add(view);
                statements.add("DO $$DECLARE t regclass; BEGIN FOR t IN SELECT DISTINCT d.refobjid::regclass "
                        + "FROM pg_rewrite r JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid "
                        + "AND d.refclassid = 'pg_class'::regclass WHERE r.ev_class = " + Sql.literal(view)
                        + "::regclass AND d.refobjid <> r.ev_class LOOP EXECUTE format('GRANT SELECT ON %s TO %I', t, "
                        + "(SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = " + Sql.literal(view)
                        + "::regclass)); END LOOP; END$$");
            }
        }
        if (statements.isEmpty()) {
            return null;
        }
        return new Remedy(
                "superuser-owned-" + String.join("-", names),
                "on the source, give " + names + " what they need without a superuser owner: event triggers and "
                        + "foreign-data wrappers to postgres, and a materialized view's owner SELECT on the tables it reads",
                List.of("drop the superuser flag from the owner in the Zalando manifest and grant it what it uses"),
                s -> s.withSourceSql(PrepStep.sql(
                        "superuser-owned:" + String.join(",", names),
                        "CNPG imports every role without SUPERUSER: these objects must not depend on their owner being one",
                        statements.stream().map(x -> x + ";").toList(),
                        List.of())));
    }

    /** CNPG's minimal image has only glibc's built-in locales; its standard flavour has them all. */
    private static Remedy standardImage(ClusterManifest m) {
        if (m.imageName() == null || !m.imageName().contains("-minimal-")) {
            return null;
        }
        String standard = m.imageName().replace("-minimal-", "-standard-");
        return new Remedy(
                "standard-image",
                "use CNPG's standard image flavour (" + standard
                        + "), which ships every glibc locale: the database keeps "
                        + "the source's locale and sort order",
                List.of("a custom image with the source's locale"),
                s -> s.withManifest(ManifestEditor.withImageName(s.manifest(), standard)));
    }

    /** A serial dump waits for a conflicting lock instead of failing, and needs one connection. */
    private static Remedy serialDump(ClusterManifest m) {
        List<String> dump = m.importSpec().pgDumpExtraOptions();
        List<String> serial = m.importSpec().dumpOptions().without("--jobs");
        if (serial.size() == dump.size()) {
            return null;
        }
        return new Remedy(
                "serial-dump",
                "drop --jobs from pgDumpExtraOptions: a serial dump waits for a conflicting lock instead of failing, and "
                        + "opens one connection (slower: rehearse to see how much)",
                List.of("freeze migrations and other DDL on the source for the window"),
                s -> s.withManifest(ManifestEditor.withImport(s.manifest(), Map.of("pgDumpExtraOptions", serial))));
    }

    /** Zalando's {@code <cluster>-repl} service is a replica; {@code <cluster>} is the primary. */
    private static Remedy readPrimary(FixState state) {
        if (!ZalandoSource.importReadsReplica(state.scenario().source(), state.manifest())) {
            return null;
        }
        String host = state.manifest().importSource().parameter("host");
        boolean service = ZalandoSource.isReplicaService(host);
        String primary = service ? ZalandoSource.primaryService(host) : null;
        return new Remedy(
                "read-primary",
                "read the primary, not a hot standby" + (service ? ": externalClusters host " + primary : "")
                        + " (a standby cancels a long dump when it replays the primary's vacuum, and has no unlogged data)",
                List.of("hot_standby_feedback: on for the window (the Zalando manifest's spec.postgresql.parameters)"),
                s -> {
                    FixState f = s.withScenario(
                            s.scenario().withSource(s.scenario().source().withReplica(false)));
                    return service ? f.withManifest(ManifestEditor.withImportSourceHost(f.manifest(), primary)) : f;
                });
    }

    /** Rows lost by the dump: --enable-row-security filtered them, or a replica had no unlogged data. */
    private static Remedy rowsMissing(FixState state) {
        List<String> dump = state.manifest().importSpec().pgDumpExtraOptions();
        if (dump.contains("--enable-row-security")) {
            List<String> without = dump.stream()
                    .filter(o -> !o.equals("--enable-row-security"))
                    .toList();
            return new Remedy(
                    "without-enable-row-security",
                    "remove --enable-row-security from pgDumpExtraOptions: it dumps only the rows the policies show the "
                            + "import user",
                    List.of(),
                    s -> s.withManifest(
                            ManifestEditor.withImport(s.manifest(), Map.of("pgDumpExtraOptions", without))));
        }
        return readPrimary(state);
    }

    /** The database restored into initdb's gets initdb's locale: give initdb the source's. */
    private static Remedy sourceCollation(FixState state) {
        String locale = state.scenario().source().locale();
        if (locale == null) {
            return null;
        }
        return new Remedy(
                "initdb-locale-" + locale,
                "set bootstrap.initdb.localeCollate and localeCType to the source's " + locale
                        + ", so the database the import restores into sorts as on the source (the image must have it)",
                List.of("let the import create the database: type monolith with initdb.database not an imported one"),
                s -> s.withManifest(ManifestEditor.withInitdbLocale(s.manifest(), locale, locale)));
    }

    private static ClusterManifest addRestoreOption(ClusterManifest m, String option) {
        ImportSpec spec = m.importSpec();
        Map<String, Object> overrides = new LinkedHashMap<>();
        spec.optionLists().forEach((k, v) -> {
            if (!k.equals("pgDumpExtraOptions")
                    && (k.equals("pgRestoreExtraOptions") || !v.isEmpty())
                    && !v.contains(option)) {
                List<String> with = new ArrayList<>(v);
                with.add(option);
                overrides.put(k, with);
            }
        });
        return ManifestEditor.withImport(m, overrides);
    }

    private static Remedy extensions(Diagnosis d) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : d.evidence()) {
            Matcher m = EXTENSION.matcher(line);
            while (m.find()) {
                names.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        if (names.isEmpty()) {
            return null;
        }
        return new Remedy(
                "drop-extensions-" + String.join("-", names),
                "drop " + names
                        + " on the source before the window: Spilo's monitoring extensions, not used by the application, "
                        + "and absent from CNPG's images (pg_dump 17's --exclude-extension would also do, but not with pg_dump < 17)",
                List.of(
                        "an operand image that ships " + names,
                        "pg_dump >= 17: --exclude-extension=NAME in pgDumpExtraOptions"),
                s -> {
                    FixState state = s;
                    for (String name : names) {
                        state = state.withSourceSql(SourcePrep.dropExtension(name));
                    }
                    return state;
                });
    }

    /** md5 hashes cannot log in through CNPG's scram-sha-256 rule: the same passwords set again as SCRAM. */
    private static PrepStep scramPasswords(List<String> roles) {
        List<String> sql = new ArrayList<>(List.of("SET password_encryption = 'scram-sha-256';"));
        roles.stream().filter(r -> !r.equals("*")).forEach(r -> sql.add("\\password " + r));
        return PrepStep.sql(
                "scram-passwords",
                "md5 password hashes cannot log in through CNPG's scram-sha-256 rule: set the same passwords again, "
                        + "stored as SCRAM (psql asks for each; Spilo's md5 rule accepts SCRAM too, so nothing to undo)",
                sql,
                List.of());
    }

    /** The volume the report says the import needs (its one figure), or null when it has none. */
    private static Long volumeNeeded(RehearsalReport report) {
        var sizes = report.facts().sizes();
        return sizes == null || sizes.volume() == null || sizes.volume().need() == null
                ? null
                : sizes.volume().need().neededBytes();
    }

    private static Remedy missingRole(Diagnosis d) {
        Set<String> roles = new LinkedHashSet<>();
        for (String line : d.evidence()) {
            Matcher m = ROLE.matcher(line);
            while (m.find()) {
                roles.add(m.group(1));
            }
        }
        if (roles.isEmpty()) {
            return null;
        }
        if (SPILO_ROLES.containsAll(roles)) {
            List<String> exclude = SpiloTemplate.EXCLUDE_OPTIONS;
            return new Remedy(
                    "exclude-spilo-schemas",
                    "exclude Spilo's schemas (" + SpiloTemplate.USER_MANAGEMENT + ", " + SpiloTemplate.METRIC_HELPERS
                            + ") from the dump: " + "they are the operator's, and their grants name " + roles
                            + ", which the application does not need",
                    List.of("import " + roles + " too (roles: [...]), keeping Spilo's schemas on the target"),
                    s -> s.withManifest(addDumpOptions(s.manifest(), exclude)));
        }
        return new Remedy(
                "import-roles-" + String.join("-", roles),
                "add " + roles + " to import.roles: the imported objects are granted to them",
                List.of("revoke those grants on the source before the window"),
                s -> s.withManifest(addRoles(s.manifest(), roles)));
    }

    private static ClusterManifest withoutOwnershipDropping(ClusterManifest m) {
        ImportSpec spec = m.importSpec();
        Map<String, Object> overrides = new LinkedHashMap<>();
        spec.optionLists().forEach((k, v) -> {
            ToolOptions read = ImportSpec.read(k, v);
            List<String> kept =
                    ToolOptions.parse(read.tool(), read.without("--no-owner")).without("--no-privileges");
            if (kept.size() != v.size()) {
                overrides.put(k, kept);
            }
        });
        return ManifestEditor.withImport(m, overrides);
    }

    private static ClusterManifest addDumpOptions(ClusterManifest m, List<String> options) {
        List<String> dump = new ArrayList<>(m.importSpec().pgDumpExtraOptions());
        options.stream().filter(o -> !dump.contains(o)).forEach(dump::add);
        return ManifestEditor.withImport(m, Map.of("pgDumpExtraOptions", dump));
    }

    private static ClusterManifest addRoles(ClusterManifest m, Set<String> roles) {
        List<String> all = new ArrayList<>(m.importSpec().roles());
        roles.stream().filter(r -> !all.contains(r)).forEach(all::add);
        return ManifestEditor.withImport(m, Map.of("roles", all));
    }

    private Remedies() {}
}
