package org.cnpgrehearsal.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A connection read the way psql reads it: URIs, keyword strings, services, PG* variables, .pgpass. */
class LibpqTest {

    @TempDir
    Path home;

    private PgConnection resolve(String conninfo, Map<String, String> env) {
        return Libpq.resolve(conninfo, Map.of(), null, null, new Libpq.Environment(env, home, "alice"), "--source-url")
                .connection();
    }

    @Test
    void aSocketUriWithAnEmptyHostReadsTheSocketFolderFromItsParameters() {
        PgConnection c = resolve("postgresql://postgres@/shop?host=/socket&port=54999", Map.of());
        assertEquals("/socket", c.host());
        assertEquals(54999, c.port());
        assertEquals("shop", c.database());
        assertEquals("postgres", c.user());
        assertTrue(c.socket());
        assertEquals("disable", c.sslMode(), "libpq uses no TLS on a socket");
    }

    @Test
    void aPercentEncodedSocketFolderAndAnIpv6HostAreHosts() {
        assertEquals(
                "/var/run/postgresql",
                resolve("postgresql://%2Fvar%2Frun%2Fpostgresql/db", Map.of()).host());
        PgConnection v6 = resolve("postgresql://standby@[::1]:6432/mastodon?sslmode=verify-ca", Map.of());
        assertEquals("::1", v6.host());
        assertEquals(6432, v6.port());
        assertEquals("verify-ca", v6.sslMode());
    }

    @Test
    void whatTheStringLeavesOutComesFromThePgVariablesThenTheDefaults() {
        PgConnection c = resolve(
                "dbname=shop",
                Map.of("PGHOST", "db.internal", "PGPORT", "6543", "PGUSER", "standby", "PGSSLMODE", "require"));
        assertEquals("db.internal", c.host());
        assertEquals(6543, c.port());
        assertEquals("standby", c.user());
        assertEquals("shop", c.database(), "the string wins over PGDATABASE");
        assertEquals("require", c.sslMode());
        PgConnection defaults = resolve(null, Map.of("PGHOST", "h"));
        assertEquals("alice", defaults.user(), "the OS user");
        assertEquals("alice", defaults.database(), "the user's name");
        assertEquals(5432, defaults.port());
    }

    @Test
    void aServiceFillsInBeforeTheEnvironment() throws Exception {
        Files.writeString(home.resolve(".pg_service.conf"), """
                # the team's services
                [other]
                host=wrong
                [prod]
                host=prod.internal
                port=5433
                dbname=mastodon
                user=standby
                sslmode=verify-full
                """);
        PgConnection c = resolve("service=prod", Map.of("PGHOST", "ignored", "PGDATABASE", "ignored"));
        assertEquals("prod.internal", c.host());
        assertEquals(5433, c.port());
        assertEquals("mastodon", c.database());
        assertEquals("verify-full", c.sslMode());
        assertEquals("prod.internal", resolve(null, Map.of("PGSERVICE", "prod")).host());
        assertThrows(BadInputException.class, () -> resolve("service=nope", Map.of()));
    }

    @Test
    void thePasswordComesFromPgpassWhenNothingElseGivesOneAndAReadablePgpassIsIgnored() throws Exception {
        Path pgpass = Files.writeString(home.resolve(".pgpass"), """
                other:*:*:*:wrong
                db.internal:5432:mastodon:standby:s3cr\\:et
                localhost:*:*:postgres:socket-password
                """);
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        assertEquals(
                "s3cr:et",
                resolve("postgresql://standby@db.internal/mastodon", Map.of()).password());
        assertEquals(
                "socket-password",
                resolve("host=/run/pg user=postgres", Map.of()).password());
        assertEquals(
                "from-env",
                resolve("postgresql://standby@db.internal/mastodon", Map.of("PGPASSWORD", "from-env"))
                        .password());
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-r--r--"));
        Libpq.Resolved r = Libpq.resolve(
                "postgresql://standby@db.internal/mastodon",
                Map.of(),
                null,
                null,
                new Libpq.Environment(Map.of(), home, "alice"),
                "--source-url");
        assertNull(r.connection().password());
        assertTrue(r.notes().get(0).contains("chmod 0600"), r.notes().toString());
    }

    @Test
    void theCaComesFromTheOptionTheStringOrPgsslrootcert() {
        assertEquals(
                Path.of("/etc/ca.crt"),
                resolve("host=h sslmode=verify-ca", Map.of("PGSSLROOTCERT", "/etc/ca.crt"))
                        .sslRootCert());
        assertEquals(
                Path.of("/mine.crt"),
                resolve("postgresql://u@h/d?sslrootcert=/mine.crt", Map.of("PGSSLROOTCERT", "/etc/ca.crt"))
                        .sslRootCert());
    }

    @Test
    void typosSeveralHostsAndOtherSchemesAreBadInput() {
        assertThrows(BadInputException.class, () -> resolve("postgresql://u@h/d?sslmod=require", Map.of()));
        assertThrows(BadInputException.class, () -> resolve("postgresql://u@a,b/d", Map.of()));
        assertThrows(BadInputException.class, () -> resolve("mysql://u@h/d", Map.of()));
        assertThrows(BadInputException.class, () -> resolve("host='unterminated", Map.of()));
        assertThrows(BadInputException.class, () -> resolve("just words", Map.of()));
        BadInputException e =
                assertThrows(BadInputException.class, () -> resolve("postgres://u:hunter2@h:70000/d", Map.of()));
        assertTrue(!e.getMessage().contains("hunter2"), e.getMessage());
    }
}
