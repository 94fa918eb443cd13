package org.cnpgrehearsal.fix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cnpgrehearsal.diagnose.Diagnosis;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ImportSpec;
import org.cnpgrehearsal.manifest.ManifestEditor;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.results.PrepStep;
import org.cnpgrehearsal.results.SourcePrep;
import org.cnpgrehearsal.results.VolumeNeed;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.source.SpiloTemplate;

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
                    default -> null;
                });
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
            List<String> exclude = List.of(
                    "--exclude-schema=" + SpiloTemplate.USER_MANAGEMENT,
                    "--exclude-schema=" + SpiloTemplate.METRIC_HELPERS);
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
        Set<String> dropping = Set.copyOf(spec.ownershipDroppingOptions());
        Map<String, Object> overrides = new LinkedHashMap<>();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        lists.put("pgDumpExtraOptions", spec.pgDumpExtraOptions());
        lists.put("pgRestoreExtraOptions", spec.pgRestoreExtraOptions());
        lists.put("pgRestorePredataOptions", spec.pgRestorePredataOptions());
        lists.put("pgRestoreDataOptions", spec.pgRestoreDataOptions());
        lists.put("pgRestorePostdataOptions", spec.pgRestorePostdataOptions());
        lists.forEach((k, v) -> {
            if (v.stream().anyMatch(dropping::contains)) {
                overrides.put(k, v.stream().filter(o -> !dropping.contains(o)).toList());
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
