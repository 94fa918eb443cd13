package org.cnpgrehearsal.platform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.cnpgrehearsal.estimate.TargetCluster;
import org.cnpgrehearsal.importer.CnpgImportCommands;
import org.cnpgrehearsal.importer.ImportResult;
import org.cnpgrehearsal.importer.LocalImport;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ExternalCluster;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.platform.Platform;
import org.cnpgrehearsal.platform.VolumeUsage;
import org.cnpgrehearsal.preflight.TargetLocales;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.source.Certificates;
import org.cnpgrehearsal.source.StandInExtensions;
import org.cnpgrehearsal.source.ZalandoSource;
import org.cnpgrehearsal.strategy.StandbyTarget;
import org.cnpgrehearsal.strategy.Subscriber;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.ClientTools;
import org.cnpgrehearsal.util.Folders;
import org.cnpgrehearsal.util.OsUser;
import org.cnpgrehearsal.util.PeakSampler;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.Processes;
import org.cnpgrehearsal.util.Sizes;
import org.cnpgrehearsal.util.Sql;

/**
 * The {@code local} platform: two embedded PostgreSQL servers in a private work folder. The source is set up like a
 * Spilo pod (roles, template objects, pg_hba, TLS from a CA made for this rehearsal); the target like a CNPG
 * instance (superuser postgres, the initdb application database, {@code host all all all scram-sha-256}); the
 * import is {@link LocalImport}, CNPG's procedure run by the harness.
 */
public final class LocalPlatform implements Platform {

    private static final String HOST = "127.0.0.1";
    /**
     * The target's pg_hba as CNPG writes it for PostgreSQL >= 14; local connections stand for the instance manager's
     * (and, for replication, for a new replica's join).
     */
    private static final String TARGET_HBA = """
            local all all trust
            local replication all trust
            host  all all all scram-sha-256
            """;

    private static final String TARGET_SETTINGS = String.join(
            "\n",
            "password_encryption = 'scram-sha-256'",
            "wal_level = replica",
            "max_wal_senders = 10",
            "shared_preload_libraries = 'pg_stat_statements'");
    private static final long INITIAL_VOLUME_BYTES = 64L * 1024 * 1024 * 1024;
    /** Where the target's settings and the manifest's parameters go, as in a CNPG instance. */
    private static final String CUSTOM_CONF = "custom.conf";

    /**
     * What a rehearsal of a fixture needs on the disk of the work folder, stated with the check that refuses a size
     * before anything starts: the source database, the dump (at most as large), the target database, and WAL on each
     * server, which grows with the data written up to max_wal_size.
     */
    public static final String DISK_RULE =
            "3 x the fixture (source database, dump, target database) + WAL of each server (up to 1 GB each)";

    public static long diskNeeded(long fixtureBytes) {
        return 3 * fixtureBytes + 2 * Math.min(fixtureBytes, TargetCluster.DEFAULT_MAX_WAL_SIZE);
    }

    /** The folder that holds the rehearsals' work folders (servers' data, dumps): the JVM's temporary folder. */
    public static Path workParent() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * A Unix socket's path holds at most 107 bytes (sun_path), and each server's socket lies in the work folder:
     * {@code <parent>/cnpg-rehearsal-<up to 20 digits>/source/run/.s.PGSQL.<port>}. A deeper parent fails only when a
     * server starts ("could not create any Unix-domain sockets"); this says so before anything starts.
     */
    public static void requireRoomForSockets(Path parent) {
        int longest = parent.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length
                + "/cnpg-rehearsal-".length()
                + 20
                + "/source/run/.s.PGSQL.65535".length();
        if (longest > 107) {
            throw new BadInputException("the temporary folder " + parent.toAbsolutePath() + " is too deep for the "
                    + "servers' Unix sockets (at most 107 bytes a path): point it at a shorter folder, such as "
                    + "java -Djava.io.tmpdir=/tmp -jar ...");
        }
    }

    private final ClientTools tools;
    private final OsUser user;
    private Path work;
    private LocalServer source;
    private LocalServer target;
    private Replica replica;
    private Locales locales;
    private SizeLimitedVolume volume;
    private PgConnection sourceSuperuser;
    private PgConnection targetSuperuser;
    private Path caFile;
    private Path wrongCaFile;
    private boolean keep;
    private boolean closed;
    /** Empty targets as {@link #initTarget} made them, by initdb database and owner, for {@link #resetTarget}. */
    private final Map<String, Path> emptyTargets = new HashMap<>();
    /** Whether the manifest gives WAL a volume of its own (walStorage): then the data volume does not hold it. */
    private boolean walOnOwnVolume;

    public LocalPlatform(ClientTools tools, OsUser user) {
        this.tools = tools;
        this.user = user;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public void provision(RehearsalPlan plan, Timeline timeline) throws Exception {
        keep = plan.keep();
        timeline.phase(Phases.PROVISION, h -> {
            work = Files.createTempDirectory(workParent(), "cnpg-rehearsal-");
            user.own(work);
            startSource(plan, h::progress);
            startTarget(plan, h::progress);
            h.detail("source PostgreSQL " + plan.sourceMajor() + " on port " + source.port() + ", target PostgreSQL "
                    + plan.targetMajor() + " on port " + target.port()
                    + (volume == null ? "" : ", target on a size-limited volume"));
            return null;
        });
        timeline.phase(Phases.SOURCE_SETUP, h -> {
            ZalandoSource.setUp(sourceSuperuser, plan);
            if (ZalandoSource.importReadsReplica(plan.scenario().source(), plan.manifest())) {
                replica = Replica.of(
                        source,
                        sourceSuperuser,
                        work.resolve("replica"),
                        user,
                        "standby",
                        plan.credentials().password("standby"));
            }
            h.detail("Spilo roles, template objects and extensions "
                    + plan.scenario().source().extensions()
                    + (plan.scenario().source().locale() == null
                            ? ""
                            : ", locale " + plan.scenario().source().locale())
                    + (replica == null ? "" : "; streaming replica on port " + replica.port()));
            return null;
        });
    }

    /**
     * The locales the rehearsal needs that this machine may lack (the source's, and initdb's when the target image
     * has it), built once into the work folder.
     */
    private Locales locales(RehearsalPlan plan) throws IOException, InterruptedException {
        if (locales == null) {
            List<String> wanted = new ArrayList<>();
            if (plan.scenario().source().locale() != null) {
                wanted.add(plan.scenario().source().locale());
            }
            TargetLocales.InitdbLocale initdb = TargetLocales.initdb(plan.manifest());
            if (targetHasAllLocales(plan)) {
                wanted.add(initdb.collate());
                wanted.add(initdb.ctype());
            }
            locales = Locales.build(work.resolve("locales"), wanted);
        }
        return locales;
    }

    /** Whether the manifest's image (or the operator's default) ships every locale: CNPG's standard flavour. */
    private static boolean targetHasAllLocales(RehearsalPlan plan) {
        String image = plan.manifest().imageName() != null
                ? plan.manifest().imageName()
                : ClusterManifest.OPERATOR_DEFAULT_IMAGE;
        return TargetLocales.offer(image) == TargetLocales.Offer.ALL;
    }

    private void startSource(RehearsalPlan plan, Consumer<String> progress) throws Exception {
        Path pristine = ServerBinaries.forMajor(plan.sourceMajor(), progress);
        Path binaries = pristine;
        List<String> standIns = plan.scenario().source().extensions().stream()
                .filter(e -> StandInExtensions.names().contains(e))
                .filter(e -> !Files.exists(pristine.resolve("share/postgresql/extension/" + e + ".control")))
                .toList();
        if (!standIns.isEmpty()) {
            Path copy = work.resolve("source-binaries");
            // hard links: the copy costs nothing, and the stand-ins are new files in the copy's own folders; a real
            // copy when the cache is on another filesystem than the work folder
            if (!Processes.run(
                            OsUser.SELF,
                            List.of("cp", "-al", pristine.toString(), copy.toString()),
                            Map.of(),
                            null,
                            l -> {},
                            false)
                    .ok()) {
                Folders.delete(copy);
                Processes.check(OsUser.SELF, List.of("cp", "-a", pristine.toString(), copy.toString()), Map.of());
            }
            for (String e : standIns) {
                StandInExtensions.install(copy, e);
            }
            binaries = copy;
        }
        source = new LocalServer("source", binaries, Files.createDirectory(work.resolve("source")), user);
        String password = plan.credentials().password(RehearsalPlan.SOURCE_SUPERUSER);
        List<String> initdb = new ArrayList<>(List.of("--auth-local=trust", "--auth-host=md5"));
        String locale = plan.scenario().source().locale();
        if (locale != null) {
            // Spilo's initdb runs with the pod's locale (en_US.UTF-8): every database gets it from template1
            source.environment(locales(plan).environment());
            initdb.add("--locale=" + locale);
        }
        source.initdb(password, initdb);
        Certificates ca = new Certificates("cnpg-rehearsal source CA");
        caFile = work.resolve("source-ca.crt");
        Files.writeString(caFile, ca.caPem());
        wrongCaFile = work.resolve("unrelated-ca.crt");
        Files.writeString(wrongCaFile, new Certificates("an unrelated CA").caPem());
        Certificates.Pem pem = ca.server("spilo.example.org", "localhost", HOST);
        source.writeFile("server.crt", pem.certificate());
        source.writeFile("server.key", pem.privateKey());
        source.writeFile("pg_hba.conf", ZalandoSource.HBA);
        source.configure(ZalandoSource.serverSettings(plan.scenario().source(), "server.crt", "server.key"));
        source.start();
        sourceSuperuser = new PgConnection(
                HOST, source.port(), "postgres", RehearsalPlan.SOURCE_SUPERUSER, password, "verify-ca", caFile);
    }

    private void startTarget(RehearsalPlan plan, Consumer<String> progress) throws Exception {
        Path home = work.resolve("target");
        if (plan.scenario().target().storageSize() != null) {
            volume = new SizeLimitedVolume(home, INITIAL_VOLUME_BYTES, user);
        } else {
            Files.createDirectory(home);
        }
        target = new LocalServer("target", ServerBinaries.forMajor(plan.targetMajor(), progress), home, user);
        initTarget(plan);
    }

    /**
     * The target as CNPG's import Job finds it: initdb, CNPG's pg_hba, its settings with the manifest's parameters in
     * {@value #CUSTOM_CONF}, the import-only settings (written before the first start, as CNPG does), then the initdb
     * owner and database.
     */
    private void initTarget(RehearsalPlan plan) throws Exception {
        String password = plan.credentials().onTarget("postgres");
        // glibc reads locales from LOCPATH only: the minimal image's target sees glibc's built-in ones, whatever this
        // machine has installed
        target.environment(
                targetHasAllLocales(plan)
                        ? locales(plan).environment()
                        : Locales.build(work.resolve("no-locales"), List.of()).environment());
        TargetLocales.InitdbLocale initdbLocale = TargetLocales.initdb(plan.manifest());
        target.initdb(
                password,
                List.of(
                        "--auth-local=trust",
                        "--auth-host=scram-sha-256",
                        "--lc-collate=" + initdbLocale.collate(),
                        "--lc-ctype=" + initdbLocale.ctype(),
                        // the import's finalize syncs the whole data folder (initdb --sync-only), as CNPG's does
                        "--no-sync"));
        target.writeFile("pg_hba.conf", TARGET_HBA);
        target.configure("include_if_exists = '" + CUSTOM_CONF + "'");
        target.writeFile(CUSTOM_CONF, customConf(plan));
        LocalImport.applyImportSettings(target);
        target.start();
        targetSuperuser = new PgConnection(HOST, target.port(), "postgres", "postgres", password, null, null);
        String db = plan.manifest().initdbDatabase();
        String owner = plan.manifest().initdbOwner();
        try (Connection c = targetSuperuser.open();
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + Sql.ident(owner) + " LOGIN PASSWORD "
                    + Sql.literal(plan.credentials().onTarget(owner)));
            s.execute("CREATE DATABASE " + Sql.ident(db) + " OWNER " + Sql.ident(owner));
        }
        walOnOwnVolume = plan.manifest().walStorageSize() != null;
    }

    /** CNPG's settings of the instance and the manifest's parameters, as CNPG's custom.conf holds them. */
    private static String customConf(RehearsalPlan plan) {
        return TARGET_SETTINGS + "\n" + TargetParameters.lines(plan.manifest()) + "\n";
    }

    /**
     * An empty target again, as a new CNPG volume: a copy of the target as {@link #initTarget} made it (kept, stopped
     * cleanly, the first time a plan with these initdb database, owner and locale is reset), with the plan's parameters. Measured
     * here at 500 MB on 2 shared cores: a reset by this copy took 1.2 s (median of 29, most of it removing the last
     * import's 900 MB), by a fresh initdb 1.8 s (initdb alone 1.0 to 1.4 s); dropping what the import made took 0.5 s
     * by hand, but it leaves the last import's WAL segments and server state behind (they would count in the next
     * peak) and cannot come back from an import that stopped the server.
     */
    @Override
    public void resetTarget(RehearsalPlan plan) throws Exception {
        target.stopImmediately();
        Folders.deleteRetrying(target.dataDir());
        if (volume != null) {
            volume.resize(INITIAL_VOLUME_BYTES);
        }
        String key = plan.manifest().initdbDatabase() + "/" + plan.manifest().initdbOwner() + "/"
                + TargetLocales.initdb(plan.manifest());
        Path copy = emptyTargets.get(key);
        if (copy == null) {
            initTarget(plan);
            target.stop();
            copy = work.resolve("empty-targets").resolve(String.valueOf(emptyTargets.size()));
            Files.createDirectories(copy.getParent());
            Processes.check(OsUser.SELF, List.of("cp", "-a", target.dataDir().toString(), copy.toString()), Map.of());
            emptyTargets.put(key, copy);
        } else {
            Processes.check(
                    OsUser.SELF,
                    List.of("cp", "-a", copy.toString(), target.dataDir().toString()),
                    Map.of());
            target.writeFile(CUSTOM_CONF, customConf(plan));
            walOnOwnVolume = plan.manifest().walStorageSize() != null;
        }
        target.start();
    }

    @Override
    public OptionalLong targetBytesInUse() {
        Path pgdata = target.dataDir();
        return OptionalLong.of(Folders.size(pgdata) - (walOnOwnVolume ? Folders.size(pgdata.resolve("pg_wal")) : 0));
    }

    @Override
    public PgConnection sourceSuperuser() {
        return sourceSuperuser;
    }

    @Override
    public ImportResult runImport(RehearsalPlan plan, Timeline timeline) throws Exception {
        if (volume != null && plan.manifest().storageSize() != null) {
            volume.resize(Sizes.parse(plan.manifest().storageSize()));
        }
        return localImport(plan).run(timeline);
    }

    /** CNPG's import procedure from the rehearsal source into the target, with the scenario's activity during the dump. */
    private LocalImport localImport(RehearsalPlan plan) {
        LocalImport run = new LocalImport(
                plan.manifest(),
                sourceAsImportUser(plan).withDatabase(null),
                target,
                targetSuperuser,
                tools,
                plan.credentials());
        Scenario.DuringDump hook = plan.scenario().source().duringDump();
        return hook == null
                ? run
                : run.duringDump(new DuringDump(hook, sourceSuperuser.withDatabase(plan.appDatabase()), replica));
    }

    /**
     * CNPG's join, as {@code pg_basebackup -D DIR -v -w -d CONNINFO} with WAL streamed, but with a fast checkpoint:
     * CNPG's own spread checkpoint only waits, and the estimate counts that wait apart. The copy goes to the work
     * folder, off a size-limited volume.
     */
    @Override
    public OptionalLong cloneReplica() throws Exception {
        Path into = work.resolve("target-replica");
        try {
            Processes.check(
                    user,
                    List.of(
                            tools.bin().resolve("pg_basebackup").toString(),
                            "-D",
                            into.toString(),
                            "-X",
                            "stream",
                            "--checkpoint=fast",
                            "-w",
                            "-d",
                            "host=" + target.socketDir() + " port=" + target.port() + " user=postgres"),
                    Map.of());
            return OptionalLong.of(Folders.size(into));
        } finally {
            Folders.delete(into);
        }
    }

    @Override
    public OptionalLong measurePeakVolume(RehearsalPlan plan) throws Exception {
        if (volume == null) {
            return OptionalLong.empty();
        }
        volume.resize(INITIAL_VOLUME_BYTES);
        // the full disk may have stopped the target (a WAL write fails with PANIC): start it afresh, and empty it
        target.stopImmediately();
        LocalImport.applyImportSettings(target);
        target.start();
        try (Connection c = targetSuperuser.withDatabase("postgres").open();
                Statement s = c.createStatement()) {
            for (String db : plan.manifest().importSpec().allDatabases()
                    ? List.of(plan.appDatabase())
                    : plan.manifest().importSpec().databases()) {
                if (!db.equals(plan.manifest().initdbDatabase())) {
                    s.execute("DROP DATABASE IF EXISTS " + Sql.ident(db) + " WITH (FORCE)");
                }
            }
        }
        Folders.delete(CnpgImportCommands.dumpsFolder(target.dataDir()));
        try (PeakSampler peak = new PeakSampler(
                () -> {
                    try {
                        return volume.usage().usedBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                50)) {
            ImportResult again = localImport(plan).run(new Timeline());
            return again.succeeded() ? peak.peak() : OptionalLong.empty();
        }
    }

    /**
     * The manifest's externalClusters entry mapped to the rehearsal source: its user, sslmode, and the CA it trusts; on
     * the replica when the scenario reads one, once it has replayed what was written so far.
     */
    @Override
    public PgConnection sourceAsImportUser(RehearsalPlan plan) {
        ExternalCluster external = plan.manifest().importSource();
        Path rootCert = "wrong-ca".equals(plan.scenario().source().tls()) ? wrongCaFile : caFile;
        if (replica != null) {
            try {
                replica.follow();
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the replica caught up", e);
            }
        }
        return new PgConnection(
                HOST,
                replica != null ? replica.port() : source.port(),
                plan.appDatabase(),
                external.user(),
                plan.credentials().password(external.user()),
                external.sslMode(),
                external.sslRootCert() == null ? null : rootCert);
    }

    /** The source's settings changed and the source restarted, as a Zalando manifest change and a restart do. */
    @Override
    public boolean restartSourceWith(Map<String, String> parameters) throws Exception {
        StringBuilder lines = new StringBuilder();
        parameters.forEach(
                (k, v) -> lines.append(k).append(" = ").append(Sql.literal(v)).append('\n'));
        source.configure(lines.toString());
        source.restart();
        return true;
    }

    @Override
    public Subscriber subscriber(RehearsalPlan plan) throws IOException {
        return new LocalSubscriber(externalCluster(plan), targetSuperuser, target);
    }

    /** From here on the target is the source's copy: its superuser is reached through the local socket. */
    @Override
    public StandbyTarget standby(RehearsalPlan plan) throws IOException {
        LocalStandby standby = new LocalStandby(target, externalCluster(plan), tools, plan.credentials());
        targetSuperuser = standby.superuser();
        return standby;
    }

    /** The manifest's externalClusters entry as the target's instance manager writes it (passfile, CA). */
    private ExternalClusterFiles externalCluster(RehearsalPlan plan) throws IOException {
        return ExternalClusterFiles.write(
                sourceAsImportUser(plan),
                work.resolve("external").resolve(plan.manifest().importSource().name()),
                user);
    }

    /** The target server itself (for benchmarks that run commands against it directly). */
    public LocalServer target() {
        return target;
    }

    @Override
    public PgConnection targetSuperuser() {
        return targetSuperuser;
    }

    @Override
    public PgConnection targetAs(String role, String password) {
        return new PgConnection(HOST, target.port(), "postgres", role, password, null, null);
    }

    @Override
    public VolumeUsage targetVolume() {
        try {
            return volume == null ? null : volume.usage();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String connectionHelp() {
        String as = user.switchNeeded() ? "runuser -u " + user.name() + " -- " : "";
        return "  source (Zalando-style): " + as + "psql -h " + source.socketDir() + " -p " + source.port()
                + " -U postgres\n"
                + (replica == null
                        ? ""
                        : "  its replica:            " + as + "psql -h "
                                + replica.server().socketDir() + " -p " + replica.port() + " -U postgres\n")
                + "  target (CNPG-style):    " + as + "psql -h " + target.socketDir() + " -p " + target.port()
                + " -U postgres\n"
                + "  stop and remove:        "
                + (replica == null
                        ? ""
                        : as + source.bin("pg_ctl") + " -D " + replica.server().dataDir() + " stop; ")
                + as + source.bin("pg_ctl") + " -D " + source.dataDir() + " stop; " + as
                + target.bin("pg_ctl") + " -D " + target.dataDir() + " stop; "
                + (volume == null ? "" : "umount " + volume.path() + "; ")
                + "rm -rf " + work;
    }

    /** Idempotent, and safe to call from the Ctrl-C hook while the rehearsal's own thread also closes. */
    @Override
    public synchronized void close() {
        if (keep || work == null || closed) {
            return;
        }
        closed = true;
        if (replica != null) {
            replica.server().stopImmediately();
        }
        if (source != null) {
            source.stopImmediately();
        }
        if (target != null) {
            target.stopImmediately();
        }
        if (volume != null) {
            volume.close();
        }
        try {
            Folders.deleteRetrying(work);
        } catch (IOException e) {
            System.err.println("could not remove " + work + ": " + e.getMessage());
        }
    }
}
