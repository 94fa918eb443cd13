package org.cnpgrehearsal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.scenario.ScenarioCatalog;
import org.cnpgrehearsal.timeline.Timeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Report folders never collide: unique per rehearsal, even in the same second and from runs at once. */
class ReportFoldersTest {

    @TempDir
    Path tmp;

    private final Scenario happy = ScenarioCatalog.builtIn().find(ScenarioCatalog.DEFAULT);

    private RehearsalRun run(Path reportDir, boolean parent) {
        return new RehearsalRun(
                new RunOptions(PlatformChoice.local(), null, reportDir, parent, false, null, null, null),
                System.out,
                new Timeline.Listener() {});
    }

    @Test
    void twoRehearsalsOfOneScenarioInTheSameSecondGetTwoFolders() throws Exception {
        RehearsalRun run = run(tmp, true);
        Path first = run.reportDir(happy);
        Path second = run.reportDir(happy);
        assertTrue(!first.equals(second), first + " vs " + second);
        assertEquals(tmp, first.getParent());
        assertEquals(tmp, second.getParent());
        assertTrue(first.getFileName().toString().endsWith("-happy-path"), first.toString());
    }

    @Test
    void runsAtOnceClaimDistinctFolders() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Path>> claims = IntStream.range(0, 16)
                    .<Callable<Path>>mapToObj(i -> () -> run(tmp, true).reportDir(happy))
                    .toList();
            List<Path> dirs =
                    pool.invokeAll(claims).stream().map(ReportFoldersTest::get).toList();
            assertEquals(16, Set.copyOf(dirs).size(), dirs.toString());
            dirs.forEach(d -> assertTrue(Files.isDirectory(d)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reportDirIsTheParentOfASweepAndTheFolderOfOneRehearsal() throws Exception {
        Path sweep = run(tmp.resolve("sweeps"), true).newReportFolder("happy-path-sweep");
        assertEquals(tmp.resolve("sweeps"), sweep.getParent());
        assertTrue(sweep.getFileName().toString().endsWith("-happy-path-sweep"), sweep.toString());
        assertEquals(tmp.resolve("one"), run(tmp.resolve("one"), false).reportDir(happy));
    }

    private static Path get(Future<Path> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
