package org.cnpgrehearsal.verify;

import static org.cnpgrehearsal.util.Sql.ident;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.importer.CnpgImportCommands;
import org.cnpgrehearsal.manifest.ImportSpec;
import org.cnpgrehearsal.manifest.ImportType;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.util.PgConnection;

/**
 * Source against target, judged by what the application will see: rows per table, the imported roles, the
 * application role's login through the target's pg_hba, and its ownership, privileges and queries
 * ({@link AppAccessCheck}). Row counts alone never make a rehearsal pass.
 */
public final class Verifier {

    private static final String TABLES = """
            SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> ALL (?) ORDER BY 1, 2""";

    public static Verification verify(RehearsalPlan plan, Sides sides) throws SQLException {
        ImportSpec spec = plan.manifest().importSpec();
        boolean microservice = spec.type() == ImportType.MICROSERVICE;
        String sourceDb = plan.appDatabase();
        String targetDb = microservice ? plan.manifest().initdbDatabase() : sourceDb;
        String role = plan.appOwner();
        String password = microservice
                ? plan.credentials().password(role + "@target")
                : plan.credentials().password(role);
        Set<String> excluded = spec.excludedSchemas();
        PgConnection source = sides.source().withDatabase(sourceDb);
        PgConnection target = sides.target().withDatabase(targetDb);
        List<Check> checks = new ArrayList<>();
        checks.add(rowCounts(source, target, excluded));
        if (!microservice && !spec.roles().isEmpty()) {
            checks.add(rolesPresent(source, target, spec, plan.manifest().initdbOwner()));
        }
        Check login = login(sides.targetAs().apply(role, password).withDatabase(targetDb), source, role);
        checks.add(login);
        if (login.passed()) {
            checks.addAll(AppAccessCheck.run(
                    source, target, sides.targetAs().apply(role, password).withDatabase(targetDb), role, excluded));
        }
        return Verification.of(checks);
    }

    static Check rowCounts(PgConnection source, PgConnection target, Set<String> excluded) throws SQLException {
        Map<String, Long> before = counts(source, excluded, true);
        Map<String, Long> after = counts(target, excluded, false);
        List<String> differences = new ArrayList<>();
        long rows = 0;
        for (Map.Entry<String, Long> e : before.entrySet()) {
            Long now = after.get(e.getKey());
            rows += e.getValue();
            if (now == null) {
                differences.add(e.getKey() + ": missing on the target (" + e.getValue() + " rows on the source)");
            } else if (!now.equals(e.getValue())) {
                differences.add(e.getKey() + ": " + e.getValue() + " rows on the source, " + now + " on the target");
            }
        }
        if (differences.isEmpty()) {
            return Check.pass("row-counts", before.size() + " tables, " + rows + " rows: equal on source and target");
        }
        return Check.fail(
                "row-counts",
                differences.size() + " of " + before.size() + " tables differ",
                differences.stream().limit(10).toList(),
                Cause.DATA_MISMATCH);
    }

    private static Map<String, Long> counts(PgConnection db, Set<String> excluded, boolean readOnly)
            throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = db.open(readOnly)) {
            List<String[]> tables = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(TABLES)) {
                ps.setArray(1, c.createArrayOf("text", excluded.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tables.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                for (String[] t : tables) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + ident(t[0]) + "." + ident(t[1]))) {
                        rs.next();
                        counts.put(t[0] + "." + t[1], rs.getLong(1));
                    }
                }
            }
        }
        return counts;
    }

    static Check rolesPresent(PgConnection source, PgConnection target, ImportSpec spec, String initdbOwner)
            throws SQLException {
        List<String> wanted = new ArrayList<>();
        if (spec.allRoles()) {
            try (Connection c = source.open(true);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT rolname FROM pg_roles WHERE oid >= 16384 ORDER BY 1")) {
                while (rs.next()) {
                    wanted.add(rs.getString(1));
                }
            }
        } else {
            wanted.addAll(spec.roles());
        }
        wanted.removeIf(r -> !CnpgImportCommands.imports(spec, initdbOwner, r));
        List<String> missing = new ArrayList<>();
        try (Connection c = target.open();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            for (String r : wanted) {
                ps.setString(1, r);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        missing.add(r + ": not on the target");
                    }
                }
            }
        }
        return missing.isEmpty()
                ? Check.pass(
                        "roles-present", "all " + wanted.size() + " roles to import exist on the target: " + wanted)
                : Check.fail(
                        "roles-present",
                        missing.size() + " of " + wanted.size() + " roles missing",
                        missing,
                        Cause.MISSING_ROLE);
    }

    static Check login(PgConnection asRole, PgConnection source, String role) throws SQLException {
        try (Connection c = asRole.open()) {
            return Check.pass(
                    "app-login", role + " logs in to the target with its password through the target's pg_hba");
        } catch (SQLException e) {
            String hash = storedHashKind(source, role);
            if ("md5".equals(hash)) {
                return Check.fail(
                        "app-login",
                        role + " cannot log in: its password hash is md5 and CNPG's pg_hba rule is scram-sha-256",
                        List.of(e.getMessage(), "role " + role + " has an md5 password hash on the source"),
                        Cause.MD5_PASSWORD_LOGIN);
            }
            return Check.fail(
                    "app-login", role + " cannot log in to the target", List.of(e.getMessage()), Cause.AUTH_FAILED);
        }
    }

    private static String storedHashKind(PgConnection source, String role) throws SQLException {
        try (Connection c = source.withDatabase("postgres").open(true);
                PreparedStatement ps = c.prepareStatement(
                        "SELECT CASE WHEN rolpassword LIKE 'md5%' THEN 'md5' ELSE 'scram' END FROM pg_authid WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private Verifier() {}
}
