package org.cnpgrehearsal.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.cnpgrehearsal.manifest.ImportSpec;
import org.cnpgrehearsal.manifest.ImportType;
import org.junit.jupiter.api.Test;

/** The argument lists and statements of CNPG's import, checked against FACTS.md. */
class CnpgImportCommandsTest {

    private static final Path DUMP = Path.of("/var/lib/postgresql/data/pgdata/dumps/mastodon.dump");

    static ImportSpec spec(
            ImportType type,
            List<String> dbs,
            List<String> roles,
            boolean schemaOnly,
            List<String> dump,
            List<String> restore,
            List<String> pre,
            List<String> data,
            List<String> post) {
        return new ImportSpec(
                type, dbs, roles, "zalando-cluster", schemaOnly, dump, restore, pre, data, post, List.of());
    }

    static ImportSpec seed() {
        return spec(
                ImportType.MONOLITH,
                List.of("mastodon"),
                List.of("mastodon"),
                false,
                List.of("--verbose", "--format=custom", "--no-owner", "--no-acl"),
                List.of("--verbose", "--jobs=4", "--no-owner", "--no-acl"),
                List.of(),
                List.of(),
                List.of());
    }

    @Test
    void pgDumpIsDirectoryFormatOnThePgdataVolumeWithAllSectionsThenTheExtraOptions() {
        List<String> argv = CnpgImportCommands.pgDump(Path.of("pg_dump"), DUMP, "host=h user=standby", seed());
        assertEquals(
                List.of(
                        "pg_dump",
                        "-Fd",
                        "-f",
                        DUMP.toString(),
                        "-d",
                        "host=h user=standby",
                        "-v",
                        "--section=pre-data",
                        "--section=data",
                        "--section=post-data",
                        "--verbose",
                        "--format=custom",
                        "--no-owner",
                        "--no-acl"),
                argv);
    }

    @Test
    void schemaOnlyDumpsAndRestoresPreAndPostDataOnly() {
        ImportSpec s = spec(
                ImportType.MONOLITH,
                List.of("db"),
                List.of(),
                true,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of());
        assertEquals(
                List.of(
                        "pg_dump",
                        "-Fd",
                        "-f",
                        DUMP.toString(),
                        "-d",
                        "x",
                        "-v",
                        "--section=pre-data",
                        "--section=post-data"),
                CnpgImportCommands.pgDump(Path.of("pg_dump"), DUMP, "x", s));
        assertEquals(List.of("pre-data", "post-data"), CnpgImportCommands.sections(s));
    }

    @Test
    void monolithRestoreCreatesTheDatabaseOnlyWhenItDoesNotExist() {
        assertEquals(
                List.of(
                        "pg_restore",
                        "--create",
                        "--verbose",
                        "--jobs=4",
                        "--no-owner",
                        "--no-acl",
                        "-U",
                        "postgres",
                        "-d",
                        "dbname=postgres",
                        "--section",
                        "pre-data",
                        DUMP.toString()),
                CnpgImportCommands.pgRestoreMonolith(
                        Path.of("pg_restore"), "pre-data", true, "dbname=postgres", DUMP, seed()));
        assertEquals(
                List.of(
                        "pg_restore",
                        "--verbose",
                        "--jobs=4",
                        "--no-owner",
                        "--no-acl",
                        "-U",
                        "postgres",
                        "-d",
                        "dbname=mastodon",
                        "--section",
                        "data",
                        DUMP.toString()),
                CnpgImportCommands.pgRestoreMonolith(
                        Path.of("pg_restore"), "data", false, "dbname=mastodon", DUMP, seed()));
    }

    @Test
    void sectionOptionsReplaceTheExtraOptionsForTheirSectionOnly() {
        ImportSpec s = spec(
                ImportType.MONOLITH,
                List.of("db"),
                List.of(),
                false,
                List.of(),
                List.of("--jobs=2"),
                List.of(),
                List.of("--jobs=8", "--disable-triggers"),
                List.of());
        assertEquals(List.of("--jobs=2"), s.restoreOptionsFor("pre-data"));
        assertEquals(List.of("--jobs=8", "--disable-triggers"), s.restoreOptionsFor("data"));
        assertEquals(List.of("--jobs=2"), s.restoreOptionsFor("post-data"));
    }

    @Test
    void microserviceRestoresWithoutOwnerAndPrivilegesAsTheOwner() {
        ImportSpec s = spec(
                ImportType.MICROSERVICE,
                List.of("mastodon"),
                List.of(),
                false,
                List.of(),
                List.of("--jobs=2"),
                List.of(),
                List.of(),
                List.of());
        assertEquals(
                List.of(
                        "pg_restore",
                        "--no-owner",
                        "--no-privileges",
                        "--role=app",
                        "--jobs=2",
                        "-U",
                        "postgres",
                        "-d",
                        "dbname=app",
                        "--section",
                        "data",
                        DUMP.toString()),
                CnpgImportCommands.pgRestoreMicroservice(Path.of("pg_restore"), "data", "app", "dbname=app", DUMP, s));
    }

    @Test
    void createRoleDropsSuperuserAndReplicationAndKeepsTheStoredHash() {
        ImportedRole r = new ImportedRole(
                "mastodon",
                true,
                true,
                true,
                true,
                true,
                true,
                true,
                20,
                "SCRAM-SHA-256$4096:abc",
                "2030-01-01 00:00:00+00");
        assertEquals(
                "CREATE ROLE \"mastodon\" WITH CREATEDB LOGIN INHERIT CREATEROLE BYPASSRLS VALID UNTIL "
                        + "'2030-01-01 00:00:00+00' PASSWORD 'SCRAM-SHA-256$4096:abc' CONNECTION LIMIT 20",
                CnpgImportCommands.createRole(r));
        ImportedRole plain = new ImportedRole("admin", false, false, false, false, false, false, false, -1, null, null);
        assertEquals("CREATE ROLE \"admin\" WITH NOLOGIN CONNECTION LIMIT -1", CnpgImportCommands.createRole(plain));
    }

    @Test
    void membershipGrantCarriesAdminOptionAndGrantor() {
        assertEquals(
                "GRANT \"cron_admin\" TO \"admin\" WITH ADMIN OPTION GRANTED BY \"postgres\"",
                CnpgImportCommands.grantMembership("cron_admin", "admin", true, "postgres"));
        assertEquals("GRANT \"a\" TO \"b\"", CnpgImportCommands.grantMembership("a", "b", false, null));
    }

    @Test
    void roleRulesSkipSystemRolesAndTheInitdbOwnerAndHonourTheWildcard() {
        ImportSpec all = spec(
                ImportType.MONOLITH,
                List.of("*"),
                List.of("*"),
                false,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of());
        assertTrue(CnpgImportCommands.imports(all, "app", "mastodon"));
        for (String skipped :
                List.of("postgres", "streaming_replica", "cnpg_pooler_pgbouncer", "cnpg_metrics_exporter", "app")) {
            assertFalse(CnpgImportCommands.imports(all, "app", skipped), skipped);
        }
        assertTrue(CnpgImportCommands.imports(seed(), "app", "mastodon"));
        assertFalse(CnpgImportCommands.imports(seed(), "app", "robot_zmon"));
        assertFalse(CnpgImportCommands.imports(seed(), "mastodon", "mastodon"), "the initdb owner is never imported");
    }

    @Test
    void roleQueryReadsPgAuthidAboveTheSystemOids() {
        assertTrue(CnpgImportCommands.ROLE_QUERY.contains("FROM pg_catalog.pg_authid WHERE oid >= 16384"));
        assertTrue(CnpgImportCommands.ALL_DATABASES_QUERY.contains(
                "datallowconn AND NOT datistemplate AND datname <> 'postgres'"));
    }

    @Test
    void theDumpLivesOnTheDataVolume() {
        assertEquals(
                Path.of("/pgdata/dumps/mastodon.dump"), CnpgImportCommands.dumpFile(Path.of("/pgdata"), "mastodon"));
    }
}
