package org.cnpgrehearsal.platform.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.importer.TargetServer;
import org.cnpgrehearsal.util.OsUser;
import org.cnpgrehearsal.util.Processes;

/** One embedded PostgreSQL server: a data folder, a free port, a private socket folder, run as {@link OsUser}. */
public final class LocalServer implements TargetServer {

    private final String name;
    private final Path binaries;
    private final Path dataDir;
    private final Path socketDir;
    private final Path logFile;
    private final OsUser user;
    private final int port;
    private Map<String, String> environment = Map.of();
    private boolean running;

    public LocalServer(String name, Path binaries, Path home, OsUser user) throws IOException {
        this.name = name;
        this.binaries = binaries;
        this.user = user;
        this.dataDir = home.resolve("pgdata");
        this.socketDir = Files.createDirectories(home.resolve("run"));
        this.logFile = home.resolve("postgres.log");
        user.own(home);
        user.own(socketDir);
        this.port = freePort();
    }

    public String name() {
        return name;
    }

    /** Environment for initdb and the server (LOCPATH, for locales built for this server only). */
    public void environment(Map<String, String> env) {
        this.environment = Map.copyOf(env);
    }

    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public Path socketDir() {
        return socketDir;
    }

    public Path logFile() {
        return logFile;
    }

    public Path binaries() {
        return binaries;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public OsUser user() {
        return user;
    }

    /** initdb with the superuser {@code postgres} and its password, plus {@code extra} arguments. */
    public void initdb(String superuserPassword, List<String> extra) throws IOException, InterruptedException {
        Path pwfile = dataDir.getParent().resolve("pwfile");
        Files.writeString(pwfile, superuserPassword + "\n");
        user.own(pwfile);
        List<String> cmd = new ArrayList<>(List.of(
                bin("initdb"),
                "-D",
                dataDir.toString(),
                "-U",
                "postgres",
                "--pwfile=" + pwfile,
                "--encoding=UTF8",
                "--locale=C"));
        cmd.addAll(extra);
        try {
            Processes.check(user, cmd, environment);
        } finally {
            Files.deleteIfExists(pwfile);
        }
    }

    /** Appends settings to postgresql.conf. */
    @Override
    public void configure(String lines) throws IOException {
        Files.writeString(dataDir.resolve("postgresql.conf"), "\n" + lines + "\n", StandardOpenOption.APPEND);
    }

    @Override
    public void writeFile(String relative, String content) throws IOException {
        Path p = dataDir.resolve(relative);
        Files.writeString(p, content);
        user.own(p);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    }

    @Override
    public void deleteFile(String relative) throws IOException {
        Files.deleteIfExists(dataDir.resolve(relative));
    }

    @Override
    public void start() throws IOException, InterruptedException {
        try {
            pgCtlStart();
        } catch (IOException e) {
            throw new IOException(e.getMessage() + "; " + logFile.getFileName() + " ends with: " + logTail(), e);
        }
        running = true;
    }

    /** The server's own last words, for a start that failed: pg_ctl alone only says that it did. */
    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private void pgCtlStart() throws IOException, InterruptedException {
        Processes.check(
                user,
                List.of(
                        bin("pg_ctl"),
                        "-D",
                        dataDir.toString(),
                        "-l",
                        logFile.toString(),
                        "-w",
                        "-t",
                        "120",
                        "-o",
                        "-p " + port + " -k " + socketDir + " -c listen_addresses=127.0.0.1",
                        "start"),
                environment);
    }

    @Override
    public void stop() throws IOException, InterruptedException {
        if (running) {
            Processes.check(
                    user,
                    List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-w", "-t", "120", "-m", "fast", "stop"),
                    Map.of());
            running = false;
        }
    }

    public void restart() throws IOException, InterruptedException {
        stop();
        start();
    }

    /**
     * Stops a server whose data is thrown away (cleanup, or a target emptied after a full disk), without a shutdown
     * checkpoint and with a short bound. A fast stop writes a shutdown checkpoint, which a target that has just
     * PANICked on a full disk may not manage, and it waited up to {@code -t 120} without a word: full-disk rehearsals
     * were seen to stall two minutes there. Never throws.
     */
    public void stopImmediately() {
        try {
            Processes.run(
                    user,
                    List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", "immediate", "-w", "-t", "10", "stop"),
                    Map.of(),
                    null,
                    l -> {},
                    false);
        } catch (IOException ignored) {
            // nothing more can be done: the folder is removed all the same
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
    }

    public boolean running() {
        return running;
    }

    @Override
    public String bin(String program) {
        return binaries.resolve("bin").resolve(program).toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
