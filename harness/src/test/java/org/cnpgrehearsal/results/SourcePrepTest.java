package org.cnpgrehearsal.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cnpgrehearsal.scenario.Scenario;
import org.junit.jupiter.api.Test;

class SourcePrepTest {

    private static final Scenario.Source SEED_FIXED = new Scenario.Source(
            null,
            "standby",
            List.of("pg_read_all_data", "lo_compat_privileges"),
            null,
            List.of("pg_stat_statements", "pg_stat_kcache", "set_user"),
            List.of("DROP EXTENSION pg_stat_kcache", "DROP EXTENSION IF EXISTS set_user;"),
            null);

    @Test
    void aScenariosSetupStandsForItsStepsOnARealSource() {
        SourcePrep prep = SourcePrep.assumedBy(SEED_FIXED, "standby");
        assertEquals(
                List.of(
                        "grant:pg_read_all_data",
                        "parameter:lo_compat_privileges",
                        "drop-extension:pg_stat_kcache",
                        "drop-extension:set_user"),
                prep.steps().stream().map(PrepStep::key).toList());
        assertEquals(
                List.of(
                        "GRANT pg_read_all_data TO standby;",
                        "lo_compat_privileges = on (postgresql resource)",
                        "DROP EXTENSION IF EXISTS pg_stat_kcache;",
                        "DROP EXTENSION IF EXISTS set_user;"),
                prep.steps().stream().map(PrepStep::summary).toList());
    }

    @Test
    void theScriptSetsParametersThroughThePostgresqlResourceAndEveryStatementCanRunTwice() {
        List<String> script = SourcePrep.assumedBy(SEED_FIXED, "standby").prepScript();
        assertTrue(script.contains("--            lo_compat_privileges: \"on\""), script.toString());
        assertFalse(script.stream().anyMatch(l -> l.startsWith("ALTER SYSTEM")), "never ALTER SYSTEM");
        List<String> statements =
                script.stream().filter(l -> !l.startsWith("--") && !l.isBlank()).toList();
        assertEquals(
                List.of(
                        "GRANT pg_read_all_data TO standby;",
                        "DROP EXTENSION IF EXISTS pg_stat_kcache;",
                        "DROP EXTENSION IF EXISTS set_user;"),
                statements);
        int why = script.indexOf(
                "-- set_user is one of Spilo's extensions and CNPG's images do not ship it: the restore would fail on "
                        + "CREATE EXTENSION set_user (the application does not use it)");
        assertEquals("DROP EXTENSION IF EXISTS set_user;", script.get(why + 1), "each statement after its reason");
    }

    @Test
    void theRevertUndoesEachStepInReverseOrder() {
        List<String> revert = SourcePrep.assumedBy(SEED_FIXED, "standby").revertScript();
        List<String> statements =
                revert.stream().filter(l -> !l.startsWith("--") && !l.isBlank()).toList();
        assertEquals(
                List.of(
                        "CREATE EXTENSION IF NOT EXISTS set_user;",
                        "CREATE EXTENSION IF NOT EXISTS pg_stat_kcache;",
                        "REVOKE pg_read_all_data FROM standby;"),
                statements);
        assertTrue(revert.contains("--      lo_compat_privileges"), "the parameter removed from the resource");
    }

    @Test
    void nothingAssumedIsSaid() {
        SourcePrep none =
                SourcePrep.assumedBy(new Scenario.Source(null, null, null, null, null, null, null), "standby");
        assertTrue(none.isEmpty());
        assertTrue(none.prepScript().get(none.prepScript().size() - 1).contains("Nothing"));
    }

    @Test
    void aStepOfTheSameKeyIsReplacedNotRepeated() {
        SourcePrep twice =
                SourcePrep.none().with(SourcePrep.dropExtension("set_user")).with(SourcePrep.dropExtension("set_user"));
        assertEquals(1, twice.steps().size());
    }
}
