package org.cnpgrehearsal.importer;

import static org.cnpgrehearsal.util.Sql.ident;
import static org.cnpgrehearsal.util.Sql.literal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cnpgrehearsal.manifest.ImportSpec;

/**
 * The statements and argument lists of CNPG's {@code bootstrap.initdb.import}, as FACTS.md records them. Pure: no
 * I/O, so every list is unit-tested against FACTS.md; {@link LocalImport} runs them.
 */
public final class CnpgImportCommands {

    public static final List<String> SECTIONS = List.of("pre-data", "data", "post-data");
    public static final List<String> SCHEMA_ONLY_SECTIONS = List.of("pre-data", "post-data");

    /** Roles CNPG never imports (besides the initdb owner). */
    public static final Set<String> SKIPPED_ROLES =
            Set.of("postgres", "streaming_replica", "cnpg_pooler_pgbouncer", "cnpg_metrics_exporter");

    /** The role query CNPG runs on the origin; needs superuser or pg_read_all_data (it reads pg_authid). */
    public static final String ROLE_QUERY = """
            SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls,
                   rolconnlimit, rolpassword, rolvaliduntil::text
            FROM pg_catalog.pg_authid WHERE oid >= 16384 ORDER BY rolname""";

    /** Memberships between non-system roles. */
    public static final String MEMBERSHIP_QUERY = """
            SELECT r.rolname AS role, m.rolname AS member, am.admin_option, g.rolname AS grantor
            FROM pg_catalog.pg_auth_members am
            JOIN pg_catalog.pg_authid r ON r.oid = am.roleid
            JOIN pg_catalog.pg_authid m ON m.oid = am.member
            LEFT JOIN pg_catalog.pg_authid g ON g.oid = am.grantor
            WHERE am.roleid >= 16384 AND am.member >= 16384 ORDER BY 1, 2""";

    /** The databases of a {@code databases: ["*"]} import. */
    public static final String ALL_DATABASES_QUERY = """
            SELECT datname FROM pg_catalog.pg_database
            WHERE datallowconn AND NOT datistemplate AND datname <> 'postgres' ORDER BY datname""";

    /** Whether {@code role} is imported: not a system role, not the initdb owner, and named (or {@code *}). */
    public static boolean imports(ImportSpec spec, String initdbOwner, String role) {
        if (SKIPPED_ROLES.contains(role) || role.equals(initdbOwner)) {
            return false;
        }
        return spec.allRoles() || spec.roles().contains(role);
    }

    /** CREATE ROLE as CNPG writes it: SUPERUSER dropped, REPLICATION not carried over, the stored hash kept. */
    public static String createRole(ImportedRole r) {
        StringBuilder sql =
                new StringBuilder("CREATE ROLE ").append(ident(r.name())).append(" WITH");
        if (r.createDb()) {
            sql.append(" CREATEDB");
        }
        sql.append(r.canLogin() ? " LOGIN" : " NOLOGIN");
        if (r.inherit()) {
            sql.append(" INHERIT");
        }
        if (r.createRole()) {
            sql.append(" CREATEROLE");
        }
        if (r.bypassRls()) {
            sql.append(" BYPASSRLS");
        }
        if (r.validUntil() != null) {
            sql.append(" VALID UNTIL ").append(literal(r.validUntil()));
        }
        if (r.password() != null) {
            sql.append(" PASSWORD ").append(literal(r.password()));
        }
        sql.append(" CONNECTION LIMIT ").append(r.connectionLimit());
        return sql.toString();
    }

    public static String grantMembership(String role, String member, boolean adminOption, String grantor) {
        return "GRANT " + ident(role) + " TO " + ident(member) + (adminOption ? " WITH ADMIN OPTION" : "")
                + (grantor == null ? "" : " GRANTED BY " + ident(grantor));
    }

    /** {@code pg_dump -Fd -f <file> -d <dsn> -v --section=... <pgDumpExtraOptions>}. */
    public static List<String> pgDump(Path pgDump, Path dumpFile, String originDsn, ImportSpec spec) {
        List<String> argv =
                new ArrayList<>(List.of(pgDump.toString(), "-Fd", "-f", dumpFile.toString(), "-d", originDsn, "-v"));
        for (String section : sections(spec)) {
            argv.add("--section=" + section);
        }
        argv.addAll(spec.pgDumpExtraOptions());
        return argv;
    }

    /**
     * One pg_restore for one section of a monolith import:
     * {@code pg_restore [--create] <section options> -U postgres -d <dsn> --section <s> <file>}.
     */
    public static List<String> pgRestoreMonolith(
            Path pgRestore, String section, boolean create, String targetDsn, Path dumpFile, ImportSpec spec) {
        List<String> argv = new ArrayList<>(List.of(pgRestore.toString()));
        if (create) {
            argv.add("--create");
        }
        argv.addAll(spec.restoreOptionsFor(section));
        argv.addAll(List.of("-U", "postgres", "-d", targetDsn, "--section", section, dumpFile.toString()));
        return argv;
    }

    /** One pg_restore for one section of a microservice import, into the initdb database, as its owner. */
    public static List<String> pgRestoreMicroservice(
            Path pgRestore, String section, String owner, String targetDsn, Path dumpFile, ImportSpec spec) {
        List<String> argv =
                new ArrayList<>(List.of(pgRestore.toString(), "--no-owner", "--no-privileges", "--role=" + owner));
        argv.addAll(spec.restoreOptionsFor(section));
        argv.addAll(List.of("-U", "postgres", "-d", targetDsn, "--section", section, dumpFile.toString()));
        return argv;
    }

    public static List<String> sections(ImportSpec spec) {
        return spec.schemaOnly() ? SCHEMA_ONLY_SECTIONS : SECTIONS;
    }

    /** Where CNPG writes its dumps: {@code $PGDATA/dumps}, on the data volume, emptied before ANALYZE. */
    public static Path dumpsFolder(Path pgdata) {
        return pgdata.resolve("dumps");
    }

    /** The dump's path: {@code $PGDATA/dumps/<db>.dump}, on the data volume. */
    public static Path dumpFile(Path pgdata, String database) {
        return dumpsFolder(pgdata).resolve(database + ".dump");
    }

    public static String analyze() {
        return "ANALYZE VERBOSE";
    }

    private CnpgImportCommands() {}
}
