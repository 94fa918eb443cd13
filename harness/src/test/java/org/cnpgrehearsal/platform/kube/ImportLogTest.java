package org.cnpgrehearsal.platform.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.importer.CommandRecord;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ManifestEditor;
import org.cnpgrehearsal.model.Credentials;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.PhaseStatus;
import org.cnpgrehearsal.timeline.Phases;
import org.junit.jupiter.api.Test;

/** The instance manager's log of CNPG v1.30.0 (success and every failure of {@link UpstreamData}) read into phases. */
class ImportLogTest {

    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    private static final UpstreamData UPSTREAM = UpstreamData.CNPG_1_30;

    private static String log(ClusterManifest manifest, String failureId) {
        List<CnpgStream.Emit> emits = CnpgStream.of(
                manifest,
                "cnpg-rehearsal",
                CnpgStream.Facts.defaults(),
                failureId == null ? null : UPSTREAM.failure(failureId));
        StringBuilder text = new StringBuilder();
        emits.forEach(e -> text.append(e.render(START)).append('\n'));
        return text.toString();
    }

    private static ImportLog read(String failureId) {
        return ImportLog.of(log(ClusterRewriterTest.seedManifest(), failureId), s -> s);
    }

    private static List<String> names(List<PhaseRecord> phases) {
        return phases.stream().map(PhaseRecord::name).toList();
    }

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
    void aSuccessfulImportHasEveryLocalPhaseInOrder() {
        ImportLog parsed = read(null);
        List<PhaseRecord> phases = parsed.phases(START.plusSeconds(60), false);

        assertEquals(Phases.IMPORT, names(phases));
        assertTrue(phases.stream().allMatch(p -> p.status() == PhaseStatus.SUCCEEDED));
        assertEquals("database mastodon", phases.get(1).detail());
        assertEquals(Phases.FINALIZE, parsed.currentPhase().orElseThrow());
        assertTrue(parsed.failure().isEmpty());
        assertEquals(List.of(), parsed.errorLines());
        List<CommandRecord> commands = parsed.commands(START.plusSeconds(60), false);
        assertEquals("pg_dump", commands.get(0).argv().get(0));
        assertEquals(
                List.of("-Fd", "-f", "/var/lib/postgresql/data/pgdata/dumps/mastodon.dump"),
                commands.get(0).argv().subList(1, 4));
        assertEquals(4, commands.size(), "one pg_dump, one pg_restore per section");
    }

    @Test
    void aFailedRestoreEndsInItsSectionNotInTheShutdownThatCnpgLogsBeforeTheFailure() {
        ImportLog parsed = read("extension-missing");

        List<PhaseRecord> phases = parsed.phases(START.plusSeconds(60), true);

        assertEquals(List.of(Phases.ROLES, Phases.DUMP, Phases.RESTORE_PRE_DATA), names(phases));
        assertEquals(PhaseStatus.FAILED, phases.get(2).status());
        List<CommandRecord> commands = parsed.commands(START.plusSeconds(60), true);
        assertEquals(1, commands.get(commands.size() - 1).exitCode());
        assertEquals(0, commands.get(0).exitCode());
    }

    @Test
    void aRoleStepThatCannotReadPgAuthidFailsInRoles() {
        ImportLog parsed = read("role-catalog-denied");

        assertEquals(List.of(Phases.ROLES), names(parsed.phases(START.plusSeconds(60), true)));
        assertEquals(
                List.of("Error while bootstrapping data directory: while executing logical import: ERROR: permission"
                        + " denied for table pg_authid (SQLSTATE 42501)"),
                parsed.errorLines());
    }

    @Test
    void aConnectionThatFailsBeforeAnyMarkerStillFailsInRoles() {
        ImportLog parsed = read("tls-unknown-authority");

        List<PhaseRecord> phases = parsed.phases(START.plusSeconds(60), true);

        assertEquals(List.of(Phases.ROLES), names(phases));
        assertEquals(PhaseStatus.FAILED, phases.get(0).status());
        assertTrue(parsed.errorLines().get(0).endsWith("tls error: x509: certificate signed by unknown authority"));
    }

    @Test
    void everyUpstreamFailureIsPlacedInThePhaseItFailsIn() {
        for (String id : UPSTREAM.failureIds()) {
            ImportLog parsed = read(id);
            String phase = UPSTREAM.failure(id).phase();
            List<PhaseRecord> phases = parsed.phases(START.plusSeconds(60), true);
            assertEquals(phase, phases.get(phases.size() - 1).name(), id);
            assertFalse(names(phases).contains(Phases.FINALIZE), id);
        }
    }

    @Test
    void theErrorLinesAreTheFailingToolsProblemsAndTheFailureLineOnly() {
        List<String> errors = read("extension-missing").errorLines();

        assertEquals(
                List.of(
                        "pg_restore: error: could not execute query: ERROR:  extension \"pg_stat_kcache\" is not"
                                + " available",
                        "DETAIL:  Could not open extension control file"
                                + " \"/usr/share/postgresql/17/extension/pg_stat_kcache.control\": No such file or"
                                + " directory.",
                        "HINT:  The extension must first be installed on the system where PostgreSQL is running.",
                        "Command was: CREATE EXTENSION IF NOT EXISTS pg_stat_kcache WITH SCHEMA public;",
                        "pg_restore: error: could not execute query: ERROR:  extension \"pg_stat_kcache\" does not"
                                + " exist",
                        "Command was: COMMENT ON EXTENSION pg_stat_kcache IS 'Kernel statistics gathering';",
                        "pg_restore: warning: errors ignored on restore: 2",
                        "Error while bootstrapping data directory: while executing logical import: error while"
                                + " executing pg_restore, section:pre-data, exit status 1"),
                errors);
    }

    @Test
    void redactsThePasswordHashOfTheRoleQuery() {
        Credentials credentials = new Credentials();
        String text = log(ClusterRewriterTest.seedManifest(), null) + "connection to server failed: password "
                + credentials.password("standby") + " rejected\n";
        ImportLog parsed = ImportLog.of(text, credentials::redact);
        String all = String.join("\n", parsed.lines());
        assertTrue(text.contains(CnpgStream.ROLE_HASH));
        assertFalse(all.contains(CnpgStream.ROLE_HASH), all);
        assertFalse(all.contains(credentials.password("standby")));
    }

    @Test
    void mergesOneDumpPhasePerDatabaseIntoOneRecord() {
        ClusterManifest twoDatabases = ManifestEditor.withImport(
                ClusterRewriterTest.seedManifest(), Map.of("databases", List.of("mastodon", "b")));
        List<PhaseRecord> phases = ImportLog.of(log(twoDatabases, null), s -> s).phases(START.plusSeconds(60), false);
        PhaseRecord dump = phases.get(1);
        assertEquals(Phases.DUMP, dump.name());
        assertEquals("database mastodon, b", dump.detail());
        assertEquals(Phases.RESTORE_PRE_DATA, phases.get(2).name());
    }
}
