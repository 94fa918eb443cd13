package org.cnpgrehearsal.importer;

import static org.cnpgrehearsal.util.Sql.ident;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ImportSpec;
import org.cnpgrehearsal.manifest.ImportType;
import org.cnpgrehearsal.model.Credentials;
import org.cnpgrehearsal.timeline.PhaseHandle;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.ClientTools;
import org.cnpgrehearsal.util.CommandResult;
import org.cnpgrehearsal.util.Folders;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.Processes;
import org.cnpgrehearsal.util.ProgressTicker;

/**
 * CNPG's {@code bootstrap.initdb.import}, run by the harness against a local target, command for command (FACTS.md):
 * roles and memberships, one pg_dump per database into {@code $PGDATA/dumps}, one pg_restore per section, the dumps
 * emptied, ANALYZE, then normal settings back and the data folder synced. Each step is a phase on the timeline.
 */
public final class LocalImport {

    /** Thrown inside a phase when a step fails the import, carrying the error lines for the diagnosis. */
    static final class StepFailed extends Exception {
        final List<String> errorLines;

        StepFailed(List<String> errorLines) {
            super(String.join("\n", errorLines));
            this.errorLines = errorLines;
        }
    }

    private final ClusterManifest manifest;
    private final ImportSpec spec;
    private final PgConnection origin;
    private final TargetServer target;
    private final PgConnection targetSuperuser;
    private final ClientTools tools;
    private final Credentials credentials;
    private final List<CommandRecord> commands = Collections.synchronizedList(new ArrayList<>());
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private DumpHook duringDump = DumpHook.NONE;

    /**
     * @param origin the origin as the manifest's externalClusters entry describes it (import user, sslmode, CA), no dbname
     * @param targetSuperuser a superuser JDBC connection to the target (database unset)
     */
    public LocalImport(
            ClusterManifest manifest,
            PgConnection origin,
            TargetServer target,
            PgConnection targetSuperuser,
            ClientTools tools,
            Credentials credentials) {
        this.manifest = manifest;
        this.spec = manifest.importSpec();
        this.origin = origin;
        this.target = target;
        this.targetSuperuser = targetSuperuser;
        this.tools = tools;
        this.credentials = credentials;
    }

    /** Activity on the source while pg_dump runs (a rehearsal's stand-in for the night's migrations and vacuums). */
    public LocalImport duringDump(DumpHook hook) {
        this.duringDump = hook;
        return this;
    }

    /** Writes the import-only settings; the target must be (re)started afterwards. */
    public static void applyImportSettings(TargetServer target) throws IOException {
        target.configure(ImportSettings.INCLUDE);
        target.writeFile(ImportSettings.OVERRIDE_FILE, ImportSettings.IMPORT_ONLY);
    }

    public ImportResult run(Timeline timeline) throws InterruptedException {
        String phase = Phases.ROLES;
        Long dumpBytes = null;
        try {
            log("starting " + spec.type().yaml() + " clone process");
            if (spec.type() == ImportType.MONOLITH && !spec.roles().isEmpty()) {
                timeline.phase(Phases.ROLES, h -> {
                    importRoles(h);
                    return null;
                });
            }
            List<String> databases = databases();
            for (String db : databases) {
                phase = Phases.DUMP;
                dumpBytes = timeline.phase(Phases.DUMP, h -> dump(db, h));
                boolean microservice = spec.type() == ImportType.MICROSERVICE;
                if (microservice) {
                    prepareMicroservice(manifest.initdbDatabase());
                }
                try {
                    for (String section : CnpgImportCommands.sections(spec)) {
                        phase = Phases.restoreOf(section);
                        timeline.phase(phase, h -> {
                            restore(db, section, h);
                            return null;
                        });
                    }
                } finally {
                    if (microservice) {
                        revokeOwnerSuperuser(manifest.initdbDatabase());
                    }
                }
                if (microservice) {
                    postImportSql(manifest.initdbDatabase());
                }
            }
            phase = Phases.ANALYZE;
            timeline.phase(Phases.ANALYZE, h -> {
                Folders.delete(CnpgImportCommands.dumpsFolder(target.dataDir()));
                for (String db : databases) {
                    analyze(db);
                }
                return null;
            });
            phase = Phases.FINALIZE;
            timeline.phase(Phases.FINALIZE, h -> {
                finalizeSettings();
                return null;
            });
            return new ImportResult(
                    true, null, List.of(), List.of(), List.copyOf(commands), List.copyOf(log), dumpBytes);
        } catch (StepFailed e) {
            return new ImportResult(
                    false, phase, redact(e.errorLines), List.of(), List.copyOf(commands), List.copyOf(log), dumpBytes);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            List<String> lines = List.of(String.valueOf(e.getMessage()).split("\n"));
            return new ImportResult(
                    false, phase, redact(lines), List.of(), List.copyOf(commands), List.copyOf(log), dumpBytes);
        }
    }

    private void importRoles(PhaseHandle h) throws SQLException, StepFailed {
        log("executing import role query");
        List<ImportedRole> roles = new ArrayList<>();
        try (Connection c = origin.withDatabase("postgres").open();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(CnpgImportCommands.ROLE_QUERY)) {
            while (rs.next()) {
                roles.add(new ImportedRole(
                        rs.getString(1),
                        rs.getBoolean(2),
                        rs.getBoolean(3),
                        rs.getBoolean(4),
                        rs.getBoolean(5),
                        rs.getBoolean(6),
                        rs.getBoolean(7),
                        rs.getBoolean(8),
                        rs.getInt(9),
                        rs.getString(10),
                        rs.getString(11)));
            }
        } catch (SQLException e) {
            throw new StepFailed(List.of(e.getMessage()));
        }
        List<String> imported = new ArrayList<>();
        try (Connection c = targetSuperuser.withDatabase("postgres").open();
                Statement s = c.createStatement()) {
            for (ImportedRole role : roles) {
                if (!CnpgImportCommands.imports(spec, manifest.initdbOwner(), role.name())) {
                    continue;
                }
                if (executeLogged(s, CnpgImportCommands.createRole(role))) {
                    imported.add(role.name());
                }
            }
            log("importing role inheritances");
            log("executing role inheritance query");
            try (Connection o = origin.withDatabase("postgres").open();
                    Statement os = o.createStatement();
                    ResultSet rs = os.executeQuery(CnpgImportCommands.MEMBERSHIP_QUERY)) {
                while (rs.next()) {
                    if (imported.contains(rs.getString("member"))) {
                        executeLogged(
                                s,
                                CnpgImportCommands.grantMembership(
                                        rs.getString("role"),
                                        rs.getString("member"),
                                        rs.getBoolean("admin_option"),
                                        rs.getString("grantor")));
                    }
                }
            } catch (SQLException e) {
                throw new StepFailed(List.of(e.getMessage()));
            }
        }
        h.detail("imported roles: " + imported);
    }

    /** Runs a statement whose failure CNPG logs and skips. */
    private boolean executeLogged(Statement s, String sql) {
        try {
            s.execute(sql);
            log(credentials.redact(sql));
            return true;
        } catch (SQLException e) {
            log("skipped after error: " + credentials.redact(sql) + ": " + e.getMessage());
            return false;
        }
    }

    private List<String> databases() throws SQLException, StepFailed {
        if (!spec.allDatabases()) {
            return spec.databases();
        }
        List<String> dbs = new ArrayList<>();
        try (Connection c = origin.withDatabase("postgres").open();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(CnpgImportCommands.ALL_DATABASES_QUERY)) {
            while (rs.next()) {
                dbs.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new StepFailed(List.of(e.getMessage()));
        }
        return dbs;
    }

    private long dump(String db, PhaseHandle h) throws Exception {
        log("exporting database " + db);
        Path dumps = Files.createDirectories(CnpgImportCommands.dumpsFolder(target.dataDir()));
        target.user().own(dumps);
        Path file = CnpgImportCommands.dumpFile(target.dataDir(), db);
        List<String> argv = CnpgImportCommands.pgDump(
                tools.pgDump(), file, origin.withDatabase(db).dsn(), spec);
        try (ProgressTicker t = new ProgressTicker(h, "dump of " + db, () -> Folders.size(file))) {
            runTool(Phases.DUMP, argv, origin.passwordEnv(), duringDump);
        } finally {
            duringDump.finish().forEach(this::log);
        }
        long bytes = Folders.size(file);
        h.bytes(bytes);
        h.detail(db);
        return bytes;
    }

    private void restore(String db, String section, PhaseHandle h) throws Exception {
        log("executing database importing section " + section + " of " + db);
        Path file = CnpgImportCommands.dumpFile(target.dataDir(), db);
        String phase = Phases.restoreOf(section);
        List<String> argv;
        if (spec.type() == ImportType.MICROSERVICE) {
            String initdbDb = manifest.initdbDatabase();
            argv = CnpgImportCommands.pgRestoreMicroservice(
                    tools.pgRestore(), section, manifest.initdbOwner(), localDsn(initdbDb), file, spec);
            run(phase, argv, h, initdbDb);
        } else {
            boolean create = !databaseExists(db);
            argv = CnpgImportCommands.pgRestoreMonolith(
                    tools.pgRestore(), section, create, localDsn(create ? "postgres" : db), file, spec);
            run(phase, argv, h, db);
        }
        h.detail(db);
    }

    private void run(String phase, List<String> argv, PhaseHandle h, String db) throws Exception {
        try (ProgressTicker t = new ProgressTicker(
                h, "restored into " + db, () -> databaseSize(db).orElse(0))) {
            runTool(phase, argv, Map.of());
        }
        databaseSize(db).ifPresent(h::bytes);
    }

    /** Microservice: the initdb database's user extensions dropped, and its owner made superuser for the restore. */
    private void prepareMicroservice(String db) throws SQLException {
        try (Connection c = targetSuperuser.withDatabase(db).open();
                Statement s = c.createStatement()) {
            List<String> extensions = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT extname FROM pg_catalog.pg_extension WHERE oid >= 16384")) {
                while (rs.next()) {
                    extensions.add(rs.getString(1));
                }
            }
            for (String e : extensions) {
                s.execute("DROP EXTENSION IF EXISTS " + ident(e));
            }
            s.execute("ALTER ROLE " + ident(manifest.initdbOwner()) + " SUPERUSER");
        }
    }

    private void revokeOwnerSuperuser(String db) throws SQLException {
        try (Connection c = targetSuperuser.withDatabase(db).open();
                Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + ident(manifest.initdbOwner()) + " NOSUPERUSER");
        }
    }

    private void postImportSql(String db) throws SQLException {
        try (Connection c = targetSuperuser.withDatabase(db).open();
                Statement s = c.createStatement()) {
            for (String sql : spec.postImportApplicationSQL()) {
                s.execute(sql);
                log(sql);
            }
        }
    }

    private void analyze(String db) throws SQLException {
        log("running analyze for database: " + db);
        String database = manifest.targetDatabase(db);
        try (Connection c = targetSuperuser.withDatabase(database).open();
                Statement s = c.createStatement()) {
            s.execute(CnpgImportCommands.analyze());
        }
    }

    /** Normal settings back, the instance restarted, and the data folder fsynced ({@code initdb --sync-only}). */
    private void finalizeSettings() throws Exception {
        log("Attempting checkpoint before shutdown");
        target.deleteFile(ImportSettings.OVERRIDE_FILE);
        log("Shutting down instance");
        target.stop();
        log("Running initdb --sync-only");
        runTool(
                Phases.FINALIZE,
                List.of(
                        target.bin("initdb"),
                        "--sync-only",
                        "-D",
                        target.dataDir().toString()),
                Map.of());
        target.start();
    }

    private void runTool(String phase, List<String> argv, Map<String, String> env) throws Exception {
        runTool(phase, argv, env, DumpHook.NONE);
    }

    private void runTool(String phase, List<String> argv, Map<String, String> env, DumpHook hook) throws Exception {
        long start = System.nanoTime();
        CommandResult r = Processes.watch(
                target.user(),
                argv,
                env,
                null,
                (line, pid) -> {
                    log(credentials.redact(line));
                    hook.onDumpLine(line, pid);
                },
                false);
        commands.add(new CommandRecord(phase, redact(argv), r.exitCode(), (System.nanoTime() - start) / 1_000_000));
        if (!r.ok()) {
            List<String> errors = new ArrayList<>(r.errorLines());
            errors.add(argv.get(0).replaceAll(".*/", "") + " exited with status " + r.exitCode());
            throw new StepFailed(errors);
        }
    }

    private boolean databaseExists(String db) throws SQLException {
        try (Connection c = targetSuperuser.withDatabase("postgres").open();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The restored database's size, empty when it cannot be measured (the database not there yet, say). */
    private OptionalLong databaseSize(String db) {
        try (Connection c = targetSuperuser.withDatabase("postgres").open()) {
            return PgCatalog.databaseSize(c, db);
        } catch (SQLException e) {
            return OptionalLong.empty();
        }
    }

    /** The target as CNPG's instance manager reaches it: through the local socket. */
    private String localDsn(String db) {
        return "host=" + target.socketDir() + " port=" + target.port() + " dbname=" + db;
    }

    private void log(String line) {
        log.add(line);
    }

    private List<String> redact(List<String> lines) {
        return lines.stream().map(credentials::redact).toList();
    }
}
