package org.cnpgrehearsal.preflight;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cnpgrehearsal.importer.CnpgImportCommands;
import org.cnpgrehearsal.manifest.ImportType;

/**
 * Roles: every non-system role that owns objects, holds grants or is a member of another role in the imported
 * databases, against what CNPG will create on the target (the manifest's {@code roles}, the initdb owner, postgres);
 * and the password hashes of the imported login roles (md5 will not log in through CNPG's scram-sha-256 rule).
 */
final class RoleChecks {

    static final String COVERAGE = "roles.coverage";
    static final String PASSWORDS = "roles.passwords";

    /** Owners and grantees (oid >= 16384) of everything pg_dump dumps, by role, kind of use and schema. */
    private static final String USES = """
            WITH objs AS (
              SELECT NULL::text AS schema, 'database ' || d.datname AS obj, d.datdba AS owner, d.datacl AS acl
              FROM pg_database d WHERE d.datname = current_database()
              UNION ALL
              SELECT n.nspname, 'schema ' || n.nspname, n.nspowner, n.nspacl FROM pg_namespace n WHERE %1$s
              UNION ALL
              SELECT n.nspname, 'relation ' || n.nspname || '.' || c.relname, c.relowner, c.relacl
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind IN ('r', 'p', 'S', 'v', 'm', 'f') AND %1$s AND %2$s
              UNION ALL
              SELECT n.nspname, 'function ' || n.nspname || '.' || p.proname, p.proowner, p.proacl
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE %1$s AND %3$s
              UNION ALL
              SELECT n.nspname, 'type ' || n.nspname || '.' || t.typname, t.typowner, t.typacl
              FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
              WHERE t.typrelid = 0 AND t.typelem = 0 AND %1$s AND %4$s
              UNION ALL
              SELECT n.nspname, 'default privileges', da.defaclrole, da.defaclacl
              FROM pg_default_acl da LEFT JOIN pg_namespace n ON n.oid = da.defaclnamespace
              WHERE da.defaclnamespace = 0 OR %1$s
            ), uses AS (
              SELECT o.schema, o.obj, o.owner AS role, 'owns' AS how FROM objs o
              UNION ALL
              SELECT o.schema, o.obj, a.grantee, 'granted' FROM objs o, aclexplode(o.acl) a WHERE a.grantee <> o.owner
            )
            SELECT r.rolname, u.how, coalesce(u.schema, ''), count(*), min(u.obj)
            FROM uses u JOIN pg_roles r ON r.oid = u.role
            WHERE r.oid >= 16384
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""".formatted(
                    SourceAccess.SCHEMA_FILTER,
                    SourceAccess.NOT_EXTENSION_MEMBER.formatted("c.oid", "pg_class"),
                    SourceAccess.NOT_EXTENSION_MEMBER.formatted("p.oid", "pg_proc"),
                    SourceAccess.NOT_EXTENSION_MEMBER.formatted("t.oid", "pg_type"));

    private static final String MEMBERSHIPS = """
            SELECT r.rolname AS role, m.rolname AS member FROM pg_auth_members am
            JOIN pg_roles r ON r.oid = am.roleid JOIN pg_roles m ON m.oid = am.member
            WHERE am.roleid >= 16384 AND am.member >= 16384 ORDER BY 1, 2""";

    /** One use of a role: owns/granted, in which schema ("" for the database itself), how many objects, one example. */
    record Use(String role, String how, String schema, long count, String example) {}

    static List<Use> uses(SourceAccess src) throws SQLException {
        List<Use> out = new ArrayList<>();
        for (Map.Entry<String, Connection> session : src.sessions().entrySet()) {
            String db = session.getKey();
            Connection c = session.getValue();
            try (ResultSet rs = src.query(c, USES)) {
                while (rs.next()) {
                    out.add(new Use(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getLong(4),
                            db + ": " + rs.getString(5)));
                }
            }
        }
        return out;
    }

    static Check coverage(SourceAccess src) throws SQLException {
        String owner = src.manifest.initdbOwner();
        Set<String> sourceRoles =
                new TreeSet<>(SourceAccess.strings(src.first(), "SELECT rolname FROM pg_roles WHERE oid >= 16384"));
        Set<String> imported = new TreeSet<>();
        for (String r : sourceRoles) {
            if (src.spec.type() == ImportType.MONOLITH && CnpgImportCommands.imports(src.spec, owner, r)) {
                imported.add(r);
            }
        }
        Set<String> onTarget = new TreeSet<>(imported);
        onTarget.add(owner);
        onTarget.addAll(CnpgImportCommands.SKIPPED_ROLES);
        List<Use> uses = uses(src);
        boolean microservice = src.spec.type() == ImportType.MICROSERVICE;
        boolean ownersKept = !microservice && !dropsOwners(src);
        boolean aclsKept = !microservice && !dropsAcls(src);

        Map<String, Set<String>> missingBySchema = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        Set<String> usedNotImported = new TreeSet<>();
        for (Use u : uses) {
            if (onTarget.contains(u.role())) {
                continue;
            }
            usedNotImported.add(u.role());
            boolean needed = u.how().equals("owns") ? ownersKept : aclsKept;
            if (needed) {
                missing.add(u.role() + " " + u.how() + " " + u.count()
                        + (u.schema().isEmpty() ? "" : " in schema " + u.schema()) + " (e.g. " + u.example() + ")");
                missingBySchema
                        .computeIfAbsent(u.schema(), k -> new TreeSet<>())
                        .add(u.role());
            }
        }
        List<String> notes = new ArrayList<>();
        List<String> unknownNamed = src.spec.roles().stream()
                .filter(r -> !r.equals("*") && !sourceRoles.contains(r))
                .toList();
        if (!unknownNamed.isEmpty()) {
            notes.add("roles not on the source (nothing to import): " + unknownNamed);
        }
        List<String> lostMemberships = new ArrayList<>();
        try (ResultSet rs = src.first().createStatement().executeQuery(MEMBERSHIPS)) {
            while (rs.next()) {
                String role = rs.getString(1);
                String member = rs.getString(2);
                if (imported.contains(member) && !onTarget.contains(role)) {
                    lostMemberships.add(member + " in " + role);
                }
            }
        }
        if (!lostMemberships.isEmpty()) {
            notes.add("memberships that CNPG cannot grant (role not imported; logged and skipped): " + lostMemberships);
        }
        String importedText = microservice
                ? "microservice: no roles imported, " + owner + " owns everything"
                : "imported: " + (imported.isEmpty() ? "none" : imported) + ", initdb owner " + owner;
        if (!missing.isEmpty()) {
            Set<String> schemas = new LinkedHashSet<>(missingBySchema.keySet());
            boolean schemaRemedy = !schemas.contains("") && !schemas.contains("public");
            Set<String> roles = new TreeSet<>();
            missingBySchema.values().forEach(roles::addAll);
            String excl = schemas.stream()
                    .map(s -> "--exclude-schema=" + s)
                    .reduce((a, b) -> a + " " + b)
                    .orElse("");
            return Check.fail(
                    COVERAGE,
                    importedText + "; pg_restore will fail with 'role \""
                            + roles.iterator().next()
                            + "\" does not exist' (exit 1, CNPG's import fails): roles neither imported nor excluded: "
                            + String.join("; ", missing)
                            + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)),
                    (schemaRemedy
                                    ? "add " + excl
                                            + " to pgDumpExtraOptions (Spilo's own schemas are not the application's); or "
                                    : "")
                            + "add " + roles + " to import.roles so that CNPG creates them first");
        }
        String measured = importedText + "; every owner and grantee of the dumped objects exists on the target"
                + (!ownersKept || !aclsKept
                        ? " (ownership/grants dropped: " + (usedNotImported.isEmpty() ? "none" : usedNotImported)
                                + " lose theirs)"
                        : "");
        if (!notes.isEmpty()) {
            return Check.warn(
                    COVERAGE,
                    measured + "; " + String.join("; ", notes),
                    "fix the manifest's roles list or the source's memberships");
        }
        return Check.pass(COVERAGE, measured);
    }

    static boolean dropsOwners(SourceAccess src) {
        return anyOption(src, "--no-owner");
    }

    static boolean dropsAcls(SourceAccess src) {
        return anyOption(src, "--no-privileges");
    }

    private static boolean anyOption(SourceAccess src, String name) {
        return src.spec.dumpOptions().has(name)
                || CnpgImportCommands.SECTIONS.stream()
                        .anyMatch(s -> src.spec.restoreOptions(s).has(name));
    }

    static Check passwords(SourceAccess src, PrivilegeChecks.RoleCatalog catalog) {
        if (src.spec.type() == ImportType.MICROSERVICE || src.spec.roles().isEmpty()) {
            return Check.pass(PASSWORDS, "no roles imported");
        }
        if (!catalog.readable()) {
            return Check.warn(
                    PASSWORDS,
                    "unknown: " + src.user() + " cannot read rolpassword in pg_authid (" + catalog.error() + ")",
                    "grant pg_read_all_data (needed for the role import anyway) and run preflight again");
        }
        String owner = src.manifest.initdbOwner();
        Map<String, String> kinds = new LinkedHashMap<>();
        List<String> md5 = new ArrayList<>();
        for (Map.Entry<String, String> e : catalog.passwords().entrySet()) {
            String role = e.getKey();
            if (!CnpgImportCommands.imports(src.spec, owner, role)
                    || !catalog.canLogin().getOrDefault(role, false)) {
                continue;
            }
            String hash = e.getValue();
            String kind = hash == null
                    ? "no password"
                    : hash.startsWith("SCRAM-SHA-256$") ? "scram-sha-256" : hash.startsWith("md5") ? "md5" : "other";
            kinds.put(role, kind);
            if (kind.equals("md5")) {
                md5.add(role);
            }
        }
        if (!md5.isEmpty()) {
            return Check.fail(
                    PASSWORDS,
                    "md5 password hashes: " + md5 + " (" + kinds
                            + "): CNPG's pg_hba rule 'host all all all scram-sha-256' will not let them log in",
                    "set the password again with password_encryption=scram-sha-256 on the source before the window (SET password_encryption = 'scram-sha-256'; ALTER ROLE name PASSWORD '...'), or after the import on CNPG");
        }
        List<String> none = kinds.entrySet().stream()
                .filter(k -> k.getValue().equals("no password"))
                .map(Map.Entry::getKey)
                .toList();
        if (!none.isEmpty()) {
            return Check.warn(
                    PASSWORDS,
                    "login roles without a password: " + none,
                    "set a password: CNPG's pg_hba requires scram-sha-256");
        }
        return Check.pass(
                PASSWORDS,
                kinds.isEmpty() ? "no imported login roles" : "imported login roles and their hash kind: " + kinds);
    }

    private RoleChecks() {}
}
