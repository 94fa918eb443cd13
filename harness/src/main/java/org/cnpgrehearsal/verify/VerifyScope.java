package org.cnpgrehearsal.verify;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.cnpgrehearsal.importer.CnpgImportCommands;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.DumpScope;
import org.cnpgrehearsal.manifest.ImportSpec;
import org.cnpgrehearsal.manifest.ImportType;
import org.cnpgrehearsal.model.RehearsalPlan;

/**
 * What a verification compares: the application's database on each side, the application role (and its password,
 * for a real login; null when there is none to try), the roles the import carries (the import user left out: it
 * serves the migration, not the application), what the dump leaves out on
 * purpose, which source databases the import copies, and whether write probes may run (never against a database
 * that must stay read-only).
 */
public record VerifyScope(
        String sourceDatabase,
        String targetDatabase,
        String appRole,
        String appPassword,
        List<String> importedRoles,
        boolean allRoles,
        Set<String> notImported,
        String importUser,
        DumpScope dump,
        List<String> importedDatabases,
        boolean allDatabases,
        boolean writeProbes) {

    /** The scope of a rehearsal: everything the manifest imports, write probes on (both sides are throwaway). */
    public static VerifyScope of(RehearsalPlan plan) {
        boolean microservice = plan.manifest().importSpec().type() == ImportType.MICROSERVICE;
        String role = plan.appOwner();
        String password = microservice
                ? plan.credentials().onTarget(role)
                : plan.credentials().password(role);
        return ofManifest(
                plan.appDatabase(),
                plan.manifest().targetDatabase(plan.appDatabase()),
                role,
                password,
                plan.manifest(),
                true);
    }

    /**
     * The scope of a verification between two live databases, read-only: what {@code manifest} imports when given,
     * else the application role alone and everything of the database.
     */
    public static VerifyScope ofLiveDatabases(
            String sourceDatabase,
            String targetDatabase,
            String appRole,
            String appPassword,
            ClusterManifest manifest) {
        if (manifest != null) {
            return ofManifest(sourceDatabase, targetDatabase, appRole, appPassword, manifest, false);
        }
        return new VerifyScope(
                sourceDatabase,
                targetDatabase,
                appRole,
                appPassword,
                List.of(),
                false,
                CnpgImportCommands.SKIPPED_ROLES,
                null,
                DumpScope.everything(),
                List.of(sourceDatabase),
                false,
                false);
    }

    private static VerifyScope ofManifest(
            String sourceDatabase,
            String targetDatabase,
            String appRole,
            String appPassword,
            ClusterManifest manifest,
            boolean writeProbes) {
        ImportSpec spec = manifest.importSpec();
        boolean microservice = spec.type() == ImportType.MICROSERVICE;
        List<String> roles = microservice
                ? List.of()
                : spec.roles().stream()
                        .filter(r -> !r.equals(ImportSpec.WILDCARD))
                        .filter(r -> CnpgImportCommands.imports(spec, manifest.initdbOwner(), r))
                        .toList();
        return new VerifyScope(
                sourceDatabase,
                targetDatabase,
                appRole,
                appPassword,
                roles,
                !microservice && spec.allRoles(),
                notImported(manifest.initdbOwner()),
                manifest.importSource().user(),
                DumpScope.of(spec),
                spec.allDatabases() ? List.of() : spec.databases(),
                spec.allDatabases(),
                writeProbes);
    }

    /** The same scope against another target database (a copy, or the night's real target). */
    public VerifyScope withTargetDatabase(String database) {
        return new VerifyScope(
                sourceDatabase,
                database,
                appRole,
                appPassword,
                importedRoles,
                allRoles,
                notImported,
                importUser,
                dump,
                importedDatabases,
                allDatabases,
                writeProbes);
    }

    /** Roles CNPG never imports: its own, and the initdb owner it creates itself. */
    static Set<String> notImported(String initdbOwner) {
        Set<String> out = new TreeSet<>(CnpgImportCommands.SKIPPED_ROLES);
        out.add(initdbOwner);
        return out;
    }

    /**
     * The roles whose attributes, settings and privileges are compared: the application role and the imported ones,
     * not the import user.
     */
    public List<String> comparedRoles() {
        return Stream.concat(Stream.of(appRole), importedRoles.stream())
                .distinct()
                .filter(this::compared)
                .toList();
    }

    /** Whether a role the import carries is compared: every one but the import user (unless it is the application's). */
    boolean compared(String role) {
        return role.equals(appRole) || !role.equals(importUser);
    }
}
