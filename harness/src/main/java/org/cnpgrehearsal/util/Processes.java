package org.cnpgrehearsal.util;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Runs external programs, streams their standard error line by line, and kills whatever is left on exit (see
 * {@link Shutdown}).
 */
public final class Processes {

    private static final Pattern ERROR_LINE =
            Pattern.compile("(?i)(error|fatal|panic|no space left|could not|permission denied|aborting)");
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    public static boolean isErrorLine(String line) {
        return ERROR_LINE.matcher(line).find();
    }

    /**
     * Runs {@code command} as {@code user} with extra environment, streaming every stderr line to {@code onLine}.
     * Standard output is kept when {@code keepStdout}, else discarded.
     */
    public static CommandResult run(
            OsUser user,
            List<String> command,
            Map<String, String> env,
            Path workDir,
            Consumer<String> onLine,
            boolean keepStdout)
            throws IOException, InterruptedException {
        return watch(user, command, env, workDir, (line, pid) -> onLine.accept(line), keepStdout);
    }

    /** Sees each standard error line of a running program together with the program's process id. */
    public interface LineWatcher {
        void line(String line, long pid);
    }

    /** {@link #run}, telling {@code watcher} the process id with each line (to pause the program, for one). */
    public static CommandResult watch(
            OsUser user,
            List<String> command,
            Map<String, String> env,
            Path workDir,
            LineWatcher watcher,
            boolean keepStdout)
            throws IOException, InterruptedException {
        if (!Shutdown.mayStartPrograms()) {
            throw new InterruptedException("shutting down: " + command.get(0) + " not started");
        }
        ProcessBuilder pb = new ProcessBuilder(user.wrap(command));
        if (user.switchNeeded()) {
            // libpq reads ~/.postgresql and ~/.pgpass: not the invoking root's home, which the user cannot read
            pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
        }
        pb.environment().putAll(env);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        if (!keepStdout) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process process = pb.start();
        RUNNING.add(process);
        List<String> stderr = Collections.synchronizedList(new ArrayList<>());
        List<String> stdout = Collections.synchronizedList(new ArrayList<>());
        Thread errReader = pump(process, true, line -> {
            stderr.add(line);
            watcher.line(line, process.pid());
        });
        Thread outReader = keepStdout ? pump(process, false, stdout::add) : null;
        try {
            int code = process.waitFor();
            errReader.join();
            if (outReader != null) {
                outReader.join();
            }
            return new CommandResult(command, code, List.copyOf(stderr), List.copyOf(stdout));
        } catch (InterruptedException e) {
            kill(process.toHandle());
            throw e;
        } finally {
            RUNNING.remove(process);
        }
    }

    /** Runs a command that must succeed, and returns its standard output. */
    public static List<String> check(OsUser user, List<String> command, Map<String, String> env)
            throws IOException, InterruptedException {
        CommandResult r = run(user, command, env, null, line -> {}, true);
        if (!r.ok()) {
            throw new IOException(
                    String.join(" ", command) + " exited " + r.exitCode() + ": " + String.join(" | ", r.errorLines()));
        }
        return r.stdout();
    }

    /**
     * Kills every program still running with its children (initdb's postgres survives the death of initdb), and waits
     * a few seconds for them to be gone, so that their folders can be removed.
     */
    static void killAll() {
        List<ProcessHandle> killed = new ArrayList<>();
        RUNNING.forEach(p -> killed.addAll(kill(p.toHandle())));
        long deadline = System.currentTimeMillis() + 5_000;
        for (ProcessHandle h : killed) {
            while (running(h) && System.currentTimeMillis() < deadline) {
                sleep(50);
            }
        }
    }

    /**
     * Alive and not a zombie: a killed grandchild is reparented to PID 1, which in some containers never reaps it, and
     * {@link ProcessHandle#isAlive} counts such a zombie as alive.
     */
    private static boolean running(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(h.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    /** The parent first, so that it starts no new child, then the children it had; returns them all. */
    private static List<ProcessHandle> kill(ProcessHandle process) {
        List<ProcessHandle> all = new ArrayList<>(List.of(process));
        all.addAll(process.descendants().toList());
        all.forEach(ProcessHandle::destroyForcibly);
        return all;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread pump(Process process, boolean err, Consumer<String> sink) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(
                            err ? process.getErrorStream() : process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            sink.accept(line);
                        }
                    } catch (IOException ignored) {
                        // the process is gone; what was read is kept
                    }
                },
                "pump-" + process.pid());
        t.setDaemon(true);
        t.start();
        return t;
    }

    private Processes() {}
}
