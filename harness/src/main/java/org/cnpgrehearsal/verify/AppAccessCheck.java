package org.cnpgrehearsal.verify;

import static org.cnpgrehearsal.util.Sql.ident;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.manifest.DumpScope;
import org.cnpgrehearsal.source.SpiloTemplate;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.Sql;

/**
 * Will the application work on the target? Compares what a role owns and may do on the source and on the target, then
 * runs, as the role, a read and rolled-back writes on every table it used on the source, on both sides: a statement
 * fails the check only where it ran on the source and fails on the target (a generated column, a trigger that rejects
 * writes or a policy fail on both, and are the schema's own).
 */
public final class AppAccessCheck {

    public static final String OWNERSHIP = "app-ownership-and-privileges";
    public static final String ROLES_OWNERSHIP = "roles-ownership-and-privileges";
    public static final String QUERIES = "app-read-write";

    /** The columns a client may write (not generated, not identity ALWAYS), by table, in column order. */
    private static final String WRITABLE = """
            SELECT n.nspname || '.' || c.relname,
                   string_agg(a.attname, ',' ORDER BY a.attnum)
                       FILTER (WHERE a.attgenerated = '' AND a.attidentity <> 'a')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE c.relkind IN ('r', 'p') AND %s
            GROUP BY 1""".formatted(PgCatalog.userSchema("n.nspname"));

    /** Owner and privileges of each role, source against target (the application role's check first). */
    static List<Check> ownership(
            PgConnection source, PgConnection target, String appRole, List<String> others, DumpScope scope)
            throws SQLException {
        List<Check> checks = new ArrayList<>();
        checks.add(compare(snapshot(source, appRole, scope), snapshot(target, appRole, scope), appRole, scope)
                .comparing(compared(appRole)));
        List<String> rest = others.stream().filter(r -> !r.equals(appRole)).toList();
        if (!rest.isEmpty()) {
            List<String> differences = new ArrayList<>();
            int failedRoles = 0;
            for (String role : rest) {
                Check c = compare(snapshot(source, role, scope), snapshot(target, role, scope), role, scope);
                failedRoles += c.passed() ? 0 : 1;
                if (!c.passed()) {
                    differences.add(c.detail());
                    differences.addAll(c.differences());
                }
            }
            checks.add((differences.isEmpty()
                            ? Check.pass(
                                    ROLES_OWNERSHIP,
                                    "the other " + rest.size() + " imported roles keep their "
                                            + "ownership and privileges: " + rest)
                            : Check.fail(
                                            ROLES_OWNERSHIP,
                                            failedRoles + " of " + rest.size() + " other imported roles lost "
                                                    + "ownership or privileges",
                                            differences,
                                            Cause.APP_ACCESS_LOST)
                                    .withRemedy(ownershipRemedy(scope, differences)))
                    .comparing(compared("each of " + rest)));
        }
        return checks;
    }

    private static String compared(String who) {
        return "owner of, and privileges of " + who + " on, the database and every schema, table, view, sequence, "
                + "function, type and large object, on the source and on the target";
    }

    /** A snapshot, or none when the role does not exist on that side (the role check says so). */
    private static AccessSnapshot snapshot(PgConnection db, String role, DumpScope scope) throws SQLException {
        try (Connection c = db.open(true)) {
            return AccessSnapshot.take(c, role, scope);
        } catch (SQLException e) {
            if ("42704".equals(e.getSQLState())) {
                return new AccessSnapshot(Map.of());
            }
            throw e;
        }
    }

    static Check compare(AccessSnapshot before, AccessSnapshot after, String role, DumpScope scope) {
        List<String> ownerChanges = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<String, AccessSnapshot.Entry> e : before.objects().entrySet()) {
            AccessSnapshot.Entry was = e.getValue();
            if (!was.owner().equals(role) && was.privileges().isEmpty()) {
                continue;
            }
            AccessSnapshot.Entry now = after.objects().get(e.getKey());
            if (now == null && !after.objects().isEmpty()) {
                continue; // a missing object is the schema check's finding, not a lost privilege
            }
            compared++;
            if (now == null) {
                lost.add(e.getKey() + ": the role does not exist on the target");
                continue;
            }
            if (was.owner().equals(role) && !now.owner().equals(role)) {
                ownerChanges.add(e.getKey() + ": owner " + was.owner() + " -> " + now.owner());
            }
            Set<String> missing = new LinkedHashSet<>(split(was.privileges()));
            missing.removeAll(split(now.privileges()));
            if (!missing.isEmpty()) {
                lost.add(e.getKey() + ": lost " + String.join(",", missing));
            }
        }
        if (ownerChanges.isEmpty() && lost.isEmpty()) {
            return Check.pass(
                    OWNERSHIP,
                    role + " keeps ownership and privileges on all " + compared + " objects it had on the source");
        }
        List<String> differences = new ArrayList<>(ownerChanges);
        differences.addAll(lost);
        return Check.fail(
                        OWNERSHIP,
                        role + ": " + ownerChanges.size() + " of " + compared + " objects changed owner, " + lost.size()
                                + " lost privileges or went missing",
                        differences,
                        Cause.APP_ACCESS_LOST)
                .withRemedy(ownershipRemedy(scope, differences));
    }

    /** The remedy that follows from what was lost: never an option the manifest does not have. */
    private static String ownershipRemedy(DumpScope scope, List<String> differences) {
        if (!scope.ownershipDroppingOptions().isEmpty()) {
            return "in the manifest: caused by " + String.join(" ", scope.ownershipDroppingOptions())
                    + " in the import options, which "
                    + "restore every object owned by postgres with no grant to the application's roles. Remove them "
                    + "from pgDumpExtraOptions and the pg_restore options so ownership and grants come back (then "
                    + "exclude Spilo's schemas: " + String.join(" ", SpiloTemplate.EXCLUDE_OPTIONS) + "), or "
                    + "use type: microservice with bootstrap.initdb.database/owner set to the application's";
        }
        return "in the manifest and on the target: ownership or grants did not come back although the import keeps them: read the restore's errors in "
                + "import.log (a grant naming a role that was not imported fails), and check that the roles these "
                + "objects belong to are in bootstrap.initdb.import.roles; the differences: "
                + String.join("; ", differences.stream().limit(3).toList());
    }

    /**
     * As the role, on both sides, in transactions that are rolled back: SELECT on every table it could read, and
     * INSERT, UPDATE and DELETE (matching no row) on every table it could write, from the columns a client may write.
     * On the source the role is taken with SET ROLE (the source is the rehearsal's own server); on the target the
     * session is the role's own login. With {@code writes} false only reads run (a database that must stay
     * read-only).
     */
    static Check queries(
            PgConnection source, Connection targetAsRole, String role, AccessSnapshot before, boolean writes)
            throws SQLException {
        Map<String, String> writable;
        try (Connection c = source.open(true)) {
            writable = PgCatalog.keyed(c, WRITABLE);
        }
        List<String> statements = new ArrayList<>();
        int tables = 0;
        for (Map.Entry<String, AccessSnapshot.Entry> e : before.objects().entrySet()) {
            if (!e.getKey().startsWith("table ")) {
                continue;
            }
            String name = e.getKey().substring("table ".length());
            Set<String> privileges = split(e.getValue().privileges());
            boolean owner = e.getValue().owner().equals(role);
            String table = qualified(name);
            if (owner || privileges.contains("SELECT")) {
                tables++;
                statements.add("SELECT * FROM " + table + " LIMIT 1");
            }
            String columns = writable.get(name);
            if (!writes || columns == null) {
                continue;
            }
            List<String> cols =
                    Arrays.stream(columns.split(",")).map(Sql::ident).toList();
            if (owner || privileges.contains("INSERT")) {
                String list = String.join(", ", cols);
                statements.add(
                        "INSERT INTO " + table + " (" + list + ") SELECT " + list + " FROM " + table + " WHERE false");
            }
            if (owner || privileges.contains("UPDATE")) {
                statements.add("UPDATE " + table + " SET " + cols.get(0) + " = " + cols.get(0) + " WHERE false");
            }
            if (owner || privileges.contains("DELETE")) {
                statements.add("DELETE FROM " + table + " WHERE false");
            }
        }
        Map<String, String> onSource;
        try (Connection c = source.open(!writes)) {
            try (Statement s = c.createStatement()) {
                s.execute("SET ROLE " + ident(role));
            }
            onSource = attempt(c, statements);
        }
        Map<String, String> onTarget = attempt(targetAsRole, statements);
        List<String> failures = new ArrayList<>();
        List<String> schemaOwn = new ArrayList<>();
        for (String sql : statements) {
            String target = onTarget.get(sql);
            if (target == null) {
                continue;
            }
            if (onSource.get(sql) == null) {
                failures.add(sql + ": " + target);
            } else {
                schemaOwn.add(sql + ": fails on the source too (" + onSource.get(sql) + "), not counted");
            }
        }
        String compared =
                statements.size() + " statements as " + role + " on " + tables + " tables, on the source (SET "
                        + "ROLE) and on the target (its own login), each rolled back"
                        + (writes ? "" : "; reads only (read-only verification)");
        if (failures.isEmpty()) {
            return Check.pass(
                            QUERIES,
                            role + " read" + (writes ? " and wrote (rolled back)" : "") + " each of the " + tables
                                    + " tables it used on the source")
                    .comparing(compared)
                    .withNotes(schemaOwn);
        }
        return Check.fail(
                        QUERIES,
                        role + ": " + failures.size() + " statements that run on the source fail on the "
                                + "target, on " + tables + " tables",
                        failures,
                        Cause.APP_ACCESS_LOST)
                .comparing(compared)
                .withNotes(schemaOwn)
                .withRemedy("the role can no longer do on the target what it does on the source: see " + OWNERSHIP
                        + " for the owner and privileges it lost, and grant them back on the target");
    }

    /** Runs each statement in its own rolled-back transaction; the first line of the error by statement, or null. */
    private static Map<String, String> attempt(Connection c, List<String> statements) throws SQLException {
        Map<String, String> errors = new LinkedHashMap<>();
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            for (String sql : statements) {
                try (Statement s = c.createStatement()) {
                    s.execute(sql);
                    errors.put(sql, null);
                } catch (SQLException e) {
                    errors.put(sql, e.getMessage().lines().findFirst().orElse(""));
                } finally {
                    c.rollback();
                }
            }
        } finally {
            c.setAutoCommit(auto);
        }
        return errors;
    }

    private static String qualified(String schemaDotName) {
        int dot = schemaDotName.indexOf('.');
        return ident(schemaDotName.substring(0, dot)) + "." + ident(schemaDotName.substring(dot + 1));
    }

    private static Set<String> split(String privileges) {
        return privileges.isEmpty()
                ? Set.of()
                : Arrays.stream(privileges.split(",")).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private AppAccessCheck() {}
}
