package org.cnpgrehearsal.platform.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.cnpgrehearsal.importer.CommandRecord;
import org.cnpgrehearsal.model.Credentials;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.PhaseStatus;
import org.cnpgrehearsal.timeline.Phases;
import org.junit.jupiter.api.Test;

class ImportLogTest {

    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void readsTimestampsInAllThreeFormats() {
        String nanos = "{\"level\":\"info\",\"ts\":\"2026-11-25T10:00:01.123456789Z\",\"msg\":\"a\"}";
        String plain = "{\"level\":\"info\",\"ts\":\"2026-11-25T10:00:01Z\",\"msg\":\"b\"}";
        String epoch = "{\"level\":\"info\",\"ts\":1795600801.25,\"msg\":\"c\"}";
        String epochText = "{\"level\":\"info\",\"ts\":\"1795600801.5\",\"msg\":\"d\"}";
        String offset = "{\"level\":\"info\",\"ts\":\"2026-11-25T11:00:01.5+01:00\",\"msg\":\"e\"}";
        assertEquals(
                Instant.parse("2026-11-25T10:00:01.123456789Z"),
                InstanceLogLine.parse(nanos).orElseThrow().ts());
        assertEquals(
                Instant.parse("2026-11-25T10:00:01Z"),
                InstanceLogLine.parse(plain).orElseThrow().ts());
        assertEquals(
                Instant.ofEpochSecond(1795600801L, 250_000_000),
                InstanceLogLine.parse(epoch).orElseThrow().ts());
        assertEquals(
                Instant.ofEpochSecond(1795600801L, 500_000_000),
                InstanceLogLine.parse(epochText).orElseThrow().ts());
        assertEquals(
                Instant.parse("2026-11-25T10:00:01.5Z"),
                InstanceLogLine.parse(offset).orElseThrow().ts());
    }

    @Test
    void skipsWhatIsNotAnInstanceManagerEntry() {
        assertTrue(InstanceLogLine.parse("plain text").isEmpty());
        assertTrue(
                InstanceLogLine.parse("{\"level\":\"info\",\"msg\":\"no ts\"}").isEmpty());
        assertTrue(InstanceLogLine.parse("{\"level\":\"info\",\"ts\":\"2026-1").isEmpty());
    }

    @Test
    void rebuildsTheLocalPhasesFromTheMarkers() {
        CnpgLogLines log =
                new CnpgLogLines(START).monolithUntilAnalyze("mastodon").finalizeSteps();
        ImportLog parsed = ImportLog.of(log.text(), s -> s);
        Instant end = log.now().plusSeconds(1);
        List<PhaseRecord> phases = parsed.phases(end, false);

        assertEquals(
                List.of(
                        Phases.ROLES,
                        Phases.DUMP,
                        Phases.RESTORE_PRE_DATA,
                        Phases.RESTORE_DATA,
                        Phases.RESTORE_POST_DATA,
                        Phases.ANALYZE,
                        Phases.FINALIZE),
                phases.stream().map(PhaseRecord::name).toList());
        assertTrue(phases.stream().allMatch(p -> p.status() == PhaseStatus.SUCCEEDED));
        PhaseRecord data = phases.get(3);
        assertEquals(1000, data.durationMs(), "data ends where post-data starts");
        assertEquals("database mastodon", data.detail());
        assertEquals(end, phases.get(6).endedAt());
        assertEquals(Phases.FINALIZE, parsed.currentPhase().orElseThrow());
    }

    @Test
    void endsTheRunningPhaseAsFailedAndKeepsTheErrors() {
        CnpgLogLines log = new CnpgLogLines(START).monolithUntilAnalyze("mastodon");
        log.after(10)
                .tool(
                        "pg_restore",
                        "pg_restore: error: could not execute query: ERROR:  role \\\"robot_zmon\\\" does not exist")
                .after(10)
                .error(
                        ImportLog.FAILURE_MARKER,
                        "while executing logical import: error while executing pg_restore, section:data, exit status 1");
        ImportLog parsed = ImportLog.of(log.text(), s -> s);

        List<PhaseRecord> phases = parsed.phases(log.now(), true);
        assertEquals(PhaseStatus.FAILED, phases.get(phases.size() - 1).status());
        assertTrue(parsed.failure().isPresent());
        assertTrue(parsed.errorLines().get(0).contains("role \"robot_zmon\" does not exist"));
        assertTrue(parsed.errorLines().get(1).contains("section:data, exit status 1"));
        List<CommandRecord> commands = parsed.commands(log.now(), true);
        assertEquals("pg_dump", commands.get(0).argv().get(0));
        assertEquals(0, commands.get(0).exitCode());
        assertEquals(1, commands.get(commands.size() - 1).exitCode());
    }

    @Test
    void redactsThePasswordHashOfTheRoleQuery() {
        Credentials credentials = new Credentials();
        CnpgLogLines log = new CnpgLogLines(START)
                .monolithUntilAnalyze("mastodon")
                .raw("connection to server failed: password " + credentials.password("standby") + " rejected");
        ImportLog parsed = ImportLog.of(log.text(), credentials::redact);
        String all = String.join("\n", parsed.lines());
        assertFalse(all.contains("SCRAM-SHA-256$4096"), all);
        assertFalse(all.contains(credentials.password("standby")));
    }

    @Test
    void mergesOneDumpPhasePerDatabaseIntoOneRecord() {
        CnpgLogLines log = new CnpgLogLines(START)
                .info("exporting database", "\"databaseName\":\"a\"")
                .after(1000)
                .info("exporting database", "\"databaseName\":\"b\"")
                .after(1000)
                .info("executing database importing section", "\"databaseName\":\"a\",\"section\":\"pre-data\"");
        List<PhaseRecord> phases = ImportLog.of(log.text(), s -> s).phases(log.now(), false);
        assertEquals(Phases.DUMP, phases.get(0).name());
        assertEquals(2000, phases.get(0).durationMs());
        assertEquals("database a, b", phases.get(0).detail());
    }
}
