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
        running = true;
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

    /** Stops the server however it can; used on cleanup paths where nothing may throw. */
    public void stopQuietly() {
        try {
            stop();
        } catch (Exception e) {
            try {
                Processes.run(
                        user,
                        List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", "immediate", "stop"),
                        Map.of(),
                        null,
                        l -> {},
                        false);
            } catch (Exception ignored) {
                // nothing more can be done
            }
        }
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
