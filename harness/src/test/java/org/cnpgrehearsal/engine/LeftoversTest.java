package org.cnpgrehearsal.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The leftover check counts servers, not the arguments of other programs that mention a work folder. */
class LeftoversTest {

    @Test
    void anInitdbOfAnotherRehearsalWithItsPwfileIsNotAnOrphanedServer() throws Exception {
        Process p = new ProcessBuilder(List.of(
                        "bash",
                        "-c",
                        "exec -a initdb sleep 30",
                        "-U",
                        "postgres",
                        "--pwfile=/tmp/cnpg-rehearsal-gone-"
                                + ProcessHandle.current().pid() + "/source/pwfile"))
                .start();
        try {
            Thread.sleep(300);
            assertFalse(
                    Leftovers.orphanedServers().stream()
                            .anyMatch(c ->
                                    c.contains("gone-" + ProcessHandle.current().pid())),
                    Leftovers.orphanedServers().toString());
        } finally {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPostgresServerWhoseWorkFolderIsGoneIsAnOrphan() throws Exception {
        String gone = "/tmp/cnpg-rehearsal-gone-" + ProcessHandle.current().pid() + "/target/pgdata";
        Process p = new ProcessBuilder(
                        List.of("bash", "-c", "exec -a /opt/pg/bin/postgres bash -c 'sleep 30; true' -D " + gone))
                .start();
        try {
            Thread.sleep(300);
            assertTrue(
                    Leftovers.orphanedServers().stream().anyMatch(c -> c.contains(gone)),
                    Leftovers.orphanedServers().toString());
        } finally {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
