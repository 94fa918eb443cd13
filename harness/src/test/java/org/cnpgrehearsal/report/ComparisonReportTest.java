package org.cnpgrehearsal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.strategy.SourceRequirement;
import org.cnpgrehearsal.strategy.StrategyFacts;
import org.cnpgrehearsal.timeline.Phases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison's first lines: the shorter downtime, by how much, and what each path needs on the source first. */
class ComparisonReportTest {

    @TempDir
    Path tmp;

    private static StrategyFacts facts(String strategy, Long downtime, Long drain, List<SourceRequirement> needs) {
        return new StrategyFacts(
                strategy,
                1_000L,
                drain == null ? null : 2_000L,
                drain,
                drain == null ? null : downtime - drain,
                downtime,
                4_000L,
                drain == null ? 0L : 3_000_000L,
                5_000_000L,
                2,
                null,
                needs,
                List.of());
    }

    private static ComparisonReport.Entry entry(String strategy, StrategyFacts f) {
        RehearsalReport r = Samples.success("happy-path", 20_000_000L, Map.of(Phases.DUMP, 1_000L), 1)
                .withStrategy(f);
        return new ComparisonReport.Entry(strategy, r, strategy);
    }

    private static final List<ComparisonReport.Entry> THREE = List.of(
            entry(
                    "offline",
                    facts(
                            "offline",
                            3_360L,
                            null,
                            List.of(new SourceRequirement(
                                    "GRANT pg_read_all_data TO standby", "SQL on the source", false)))),
            entry(
                    "online",
                    facts(
                            "online",
                            950L,
                            600L,
                            List.of(new SourceRequirement(
                                    "wal_level = logical", "Zalando manifest and a restart", false)))),
            entry(
                    "physical",
                    facts(
                            "physical",
                            410L,
                            50L,
                            List.of(new SourceRequirement("REPLICATION", "standby has it", true)))));

    @Test
    void theFirstLineNamesTheShortestDowntimeAndByHowMuchAgainstTheOthers() {
        List<String> h = ComparisonReport.headline(THREE);
        assertEquals(
                "Shortest downtime: physical, 410 ms: 2.95 s shorter than offline's 3.36 s (8.2x); 540 ms shorter "
                        + "than online's 950 ms (2.3x).",
                h.get(0));
    }

    @Test
    void thenWhatEachPathNeedsOnTheSourceFirst() {
        List<String> h = ComparisonReport.headline(THREE);
        assertEquals(
                "offline needs on the source first: GRANT pg_read_all_data TO standby (SQL on the source).", h.get(1));
        assertEquals(
                "online needs on the source first: wal_level = logical (Zalando manifest and a restart).", h.get(2));
        assertEquals("physical needs on the source first: nothing a Zalando cluster lacks.", h.get(3));
    }

    @Test
    void aPathThatFailedIsNamedWithItsCauseAndLeftOutOfTheComparison() {
        RehearsalReport failed = Samples.failure().withStrategy(facts("online", null, null, List.of()));
        List<String> h = ComparisonReport.headline(
                List.of(THREE.get(0), new ComparisonReport.Entry("online", failed, "online")));
        assertEquals("Shortest downtime: offline, 3.36 s.", h.get(0));
        assertTrue(h.get(1).startsWith("online did not pass: ROLE_CATALOG_DENIED in roles"), h.get(1));
    }

    @Test
    void theReportOpensWithTheHeadlineThenTheMeasuredTableAndTheLanes() throws Exception {
        List<String> h = ComparisonReport.write("happy-path", 200_000_000L, THREE, tmp);
        List<String> md = Files.readAllLines(tmp.resolve(ComparisonReport.MARKDOWN));
        assertEquals("# Offline or online? happy-path at 200 MB", md.get(0));
        assertEquals(h.get(0), md.get(2));
        String all = String.join("\n", md);
        assertTrue(all.contains("| | offline | online | physical |"), all);
        assertTrue(all.contains("| Downtime | 3.36 s | 950 ms | 410 ms |"), all);
        assertTrue(all.contains("| WAL retained on the source (peak) | none | 3.00 MB | 3.00 MB |"), all);
        String html = Files.readString(tmp.resolve(ComparisonReport.HTML));
        assertTrue(html.contains("id=\"comparison-gantt\""), html);
        assertTrue(html.contains("data-strategy=\"offline\" data-phase=\"dump\""), html);
        assertTrue(
                Files.readString(tmp.resolve(ComparisonReport.JSON)).contains("\"shortestDowntime\" : \"physical\""));
    }
}
