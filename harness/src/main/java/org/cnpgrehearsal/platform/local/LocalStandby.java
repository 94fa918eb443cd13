package org.cnpgrehearsal.platform.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cnpgrehearsal.importer.CommandRecord;
import org.cnpgrehearsal.importer.ImportSettings;
import org.cnpgrehearsal.model.Credentials;
import org.cnpgrehearsal.strategy.StandbyTarget;
import org.cnpgrehearsal.strategy.StepFailed;
import org.cnpgrehearsal.timeline.PhaseHandle;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.util.ClientTools;
import org.cnpgrehearsal.util.CommandResult;
import org.cnpgrehearsal.util.Folders;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.Processes;
import org.cnpgrehearsal.util.ProgressTicker;
import org.cnpgrehearsal.util.Sizes;

/**
 * The physical strategy on the local target, as CNPG runs {@code bootstrap.pg_basebackup} for a replica cluster
 * (internal/cmd/manager/instance/pgbasebackup, pkg/management/postgres/join.go): the target's data folder replaced by
 * {@code pg_basebackup -D PGDATA -v -w -d '<externalClusters> options=-c wal_sender_timeout=0s'}, CNPG's own
 * postgresql.conf and pg_hba.conf written over the copied ones (postgresql.auto.conf stays, as CNPG leaves it),
 * {@code primary_conninfo} in override.conf and {@code standby.signal}; promotion with {@code pg_promote()}. The
 * instance manager reaches the copy through the local socket: its superuser is the source's.
 */
final class LocalStandby implements StandbyTarget {

    private final LocalServer target;
    private final ExternalClusterFiles external;
    private final ClientTools tools;
    private final Credentials credentials;
    private final List<CommandRecord> commands = new ArrayList<>();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    LocalStandby(LocalServer target, ExternalClusterFiles external, ClientTools tools, Credentials credentials) {
        this.target = target;
        this.external = external;
        this.tools = tools;
        this.credentials = credentials;
    }

    @Override
    public Long baseBackup(PhaseHandle h) throws Exception {
        Path data = target.dataDir();
        String conf = Files.readString(data.resolve("postgresql.conf"));
        String hba = Files.readString(data.resolve("pg_hba.conf"));
        target.stop();
        Folders.delete(data);
        List<String> argv = List.of(
                tools.bin().resolve("pg_basebackup").toString(),
                "-D",
                data.toString(),
                "-v",
                "-w",
                "-d",
                external.conninfo(null) + " options='-c wal_sender_timeout=0s'");
        long start = System.nanoTime();
        CheckpointWait wait = new CheckpointWait();
        CommandResult r;
        try (ProgressTicker t = new ProgressTicker(
                h,
                () -> wait.waiting()
                        ? "base backup: waiting for the source's checkpoint"
                        : "base backup " + Sizes.human(Folders.size(data)))) {
            r = Processes.run(
                    target.user(),
                    argv,
                    Map.of(),
                    null,
                    l -> {
                        wait.read(l);
                        log.add(credentials.redact(l));
                    },
                    false);
        }
        commands.add(
                new CommandRecord(Phases.BASE_BACKUP, argv, r.exitCode(), (System.nanoTime() - start) / 1_000_000));
        if (!r.ok()) {
            List<String> errors = new ArrayList<>(r.errorLines());
            errors.add("pg_basebackup exited with status " + r.exitCode());
            throw new StepFailed(errors.stream().map(credentials::redact).toList());
        }
        long bytes = Folders.size(data);
        if (wait.ms() != null) {
            h.detail("copied " + Sizes.human(bytes) + " after waiting "
                    + String.format(Locale.ROOT, "%.1f s", wait.ms() / 1000.0)
                    + " for the source's checkpoint (CNPG runs pg_basebackup without --checkpoint=fast, so the "
                    + "source's checkpoint spreads over checkpoint_completion_target x checkpoint_timeout)");
        }
        target.writeFile("postgresql.conf", conf);
        target.writeFile("pg_hba.conf", hba);
        return bytes;
    }

    /** How long pg_basebackup waited for the source's checkpoint, from its verbose lines. */
    private static final class CheckpointWait {
        private volatile long started;
        private volatile Long ms;

        void read(String line) {
            if (line.contains("waiting for checkpoint")) {
                started = System.nanoTime();
            } else if (line.contains("checkpoint completed") && started != 0) {
                ms = (System.nanoTime() - started) / 1_000_000;
            }
        }

        Long ms() {
            return ms;
        }

        boolean waiting() {
            return started != 0 && ms == null;
        }
    }

    @Override
    public void startStandby() throws Exception {
        target.writeFile(
                ImportSettings.OVERRIDE_FILE,
                "primary_conninfo = '" + external.conninfo("postgres").replace("'", "''") + "'\n");
        target.writeFile("standby.signal", "");
        try {
            target.start();
        } catch (IOException e) {
            throw new StepFailed(List.of(e.getMessage().split("\n|\\| ")));
        }
        log.add("standby started, streaming from the source");
    }

    @Override
    public void promote() throws SQLException {
        try (Connection c = superuser().withDatabase("postgres").open();
                Statement s = c.createStatement()) {
            s.execute("SELECT pg_promote(true, 60)");
        }
        log.add("promoted: pg_promote()");
    }

    @Override
    public PgConnection superuser() {
        return new PgConnection(target.socketDir().toString(), target.port(), "postgres", "postgres", null, null, null);
    }

    @Override
    public List<CommandRecord> commands() {
        return List.copyOf(commands);
    }

    @Override
    public List<String> log() {
        return List.copyOf(log);
    }
}
