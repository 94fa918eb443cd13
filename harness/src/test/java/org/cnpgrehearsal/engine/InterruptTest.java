package org.cnpgrehearsal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.cnpgrehearsal.cli.Main;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ctrl-C at any moment of a rehearsal: the harness runs in its own JVM, is sent SIGINT while a given program runs
 * (initdb, a server starting, pg_restore), and must exit 130 having stopped every server and removed its work
 * folder, without writing a report of what the interruption did.
 */
class InterruptTest {

    @ParameterizedTest(name = "interrupted while {0} runs")
    @ValueSource(strings = {"bin/initdb", "bin/pg_ctl", "bin/pg_restore"})
    void everythingIsStoppedAndRemoved(String program) throws Exception {
        // the harness's work folder goes where the tests' go (a deeper one would make the socket paths too long)
        Path work = Path.of(System.getProperty("java.io.tmpdir"));
        Set<String> before = Leftovers.workFolders();
        Path tmp = Files.createTempDirectory(work, "interrupt-");
        Path reports = tmp.resolve("report");
        Process harness = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Djava.io.tmpdir=" + work,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "rehearse",
                        "--platform",
                        "local",
                        "--size",
                        "15MB",
                        "--report-dir",
                        reports.toString()))
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("console.log").toFile())
                .start();
        try {
            assertTrue(
                    waitFor(harness, program), program + " never ran: " + Files.readString(tmp.resolve("console.log")));
            new ProcessBuilder("kill", "-INT", String.valueOf(harness.pid()))
                    .start()
                    .waitFor();
            assertTrue(harness.waitFor(60, TimeUnit.SECONDS), "the harness ended after the interrupt");
            String console = Files.readString(tmp.resolve("console.log"));
            assertEquals(Main.INTERRUPTED, harness.exitValue(), console);
            Set<String> left = Leftovers.workFolders();
            left.removeAll(before);
            assertEquals(Set.of(), left, "work folders left: " + console);
            assertFalse(Files.exists(reports.resolve("report.json")), "no report of an interrupted rehearsal");
            assertEquals(Set.of(), Leftovers.orphanedServers(), console);
        } finally {
            harness.destroyForcibly();
        }
    }

    /** Waits until a descendant of the harness runs {@code program} (a path ending), at most a minute. */
    private static boolean waitFor(Process harness, String program) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && harness.isAlive()) {
            if (harness.descendants()
                    .anyMatch(p -> command(p).map(c -> c.contains(program)).orElse(false))) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static Optional<String> command(ProcessHandle p) {
        try {
            return Optional.of(new String(Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "cmdline")))
                    .replace('\0', ' '));
        } catch (IOException gone) {
            return Optional.empty();
        }
    }
}
