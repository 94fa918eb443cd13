package org.cnpgrehearsal.scenario;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One rehearsal scenario (a YAML file in {@code scenarios/}): how the source is set up, what is seeded, what the
 * target changes in the user's manifest, and what must happen. See scenarios/README.md for every key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Scenario(
        @JsonIgnore String name,
        String description,
        Source source,
        Fixture fixture,
        Target target,
        Expectation expect,
        Migration migration) {

    /** How the Zalando-style source is set up. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(
            Integer major,
            String importUser,
            List<String> grants,
            String passwordEncryption,
            List<String> extensions,
            List<String> prepareSql,
            String tls,
            String locale,
            Boolean replica,
            Map<String, List<String>> prepareSqlIn,
            DuringDump duringDump,
            Map<String, String> parameters) {
        public Source {
            importUser = importUser == null ? "standby" : importUser;
            grants = grants == null ? List.of() : List.copyOf(grants);
            passwordEncryption = passwordEncryption == null ? "scram-sha-256" : passwordEncryption;
            extensions = extensions == null ? List.of("pg_stat_statements") : List.copyOf(extensions);
            prepareSql = prepareSql == null ? List.of() : List.copyOf(prepareSql);
            tls = tls == null ? "matching-ca" : tls;
            replica = replica != null && replica;
            prepareSqlIn = prepareSqlIn == null ? Map.of() : Map.copyOf(prepareSqlIn);
            parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        }

        /** A source without the locale, replica, hook and server parameter keys. */
        public Source(
                Integer major,
                String importUser,
                List<String> grants,
                String passwordEncryption,
                List<String> extensions,
                List<String> prepareSql,
                String tls) {
            this(
                    major,
                    importUser,
                    grants,
                    passwordEncryption,
                    extensions,
                    prepareSql,
                    tls,
                    null,
                    null,
                    null,
                    null,
                    null);
        }

        /** The same source with other grants, preparation SQL and password hashing (a remedy's change). */
        public Source withPreparation(List<String> newGrants, List<String> newPrepareSql, String newEncryption) {
            return new Source(
                    major,
                    importUser,
                    newGrants,
                    newEncryption,
                    extensions,
                    newPrepareSql,
                    tls,
                    locale,
                    replica,
                    prepareSqlIn,
                    duringDump,
                    parameters);
        }

        /** The same source, read on its primary ({@code false}) or on a streaming replica. */
        public Source withReplica(boolean readsReplica) {
            return new Source(
                    major,
                    importUser,
                    grants,
                    passwordEncryption,
                    extensions,
                    prepareSql,
                    tls,
                    locale,
                    readsReplica,
                    prepareSqlIn,
                    duringDump,
                    parameters);
        }
    }

    /**
     * Statements run on the source's primary while pg_dump runs: once pg_dump prints a line containing {@code after},
     * it is held until each statement has finished or waits for a lock (and a replica has replayed them), then it
     * goes on. The hold stands for a dump long enough for a migration or a vacuum to meet it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DuringDump(String after, List<String> sql) {
        public DuringDump {
            sql = sql == null ? List.of() : List.copyOf(sql);
        }
    }

    /** What is seeded into the application database. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Fixture(String profile, String size, Boolean largeObjects) {
        public Fixture {
            profile = profile == null ? "mastodon" : profile;
            largeObjects = largeObjects == null || largeObjects;
        }
    }

    /**
     * What the rehearsal changes in the target: the manifest it starts from (a path in the project; --manifest wins),
     * volume size, image major, import options, and the image ({@code spec.imageName}, e.g. another flavour).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Target(
            String manifest,
            String storageSize,
            Integer major,
            @JsonProperty("import") Map<String, Object> importOverrides,
            String imageName) {
        public Target {
            importOverrides = importOverrides == null ? Map.of() : Map.copyOf(importOverrides);
        }

        /** A target that keeps the manifest's image. */
        public Target(String manifest, String storageSize, Integer major, Map<String, Object> importOverrides) {
            this(manifest, storageSize, major, importOverrides, null);
        }
    }

    /** What must happen: success, or a failure with a cause at a phase. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Expectation(String outcome, String cause, String phase) {
        public Expectation {
            outcome = outcome == null ? "success" : outcome;
        }

        public boolean success() {
            return "success".equals(outcome);
        }
    }

    /**
     * The migration path a scenario rehearses ({@code offline}, CNPG's import, by default; {@code online}, logical
     * replication; {@code physical}, a replica cluster), what its cutover does with large objects ({@code copy}, the
     * default, or {@code leave}, as a Subscription alone leaves them), and the write load's rate (statements a second)
     * and duration (such as 5s) when the scenario fixes them.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Migration(String strategy, String largeObjects, Integer writeRate, String writeDuration) {
        public Migration {
            largeObjects = largeObjects == null ? "copy" : largeObjects;
        }
    }

    public Scenario(
            String name, String description, Source source, Fixture fixture, Target target, Expectation expect) {
        this(name, description, source, fixture, target, expect, null);
    }

    public Scenario {
        source = source == null ? new Source(null, null, null, null, null, null, null) : source;
        migration = migration == null ? new Migration(null, null, null, null) : migration;
        fixture = fixture == null ? new Fixture(null, null, null) : fixture;
        target = target == null ? new Target(null, null, null, null) : target;
        expect = expect == null ? new Expectation(null, null, null) : expect;
        description = description == null ? "" : description;
    }

    public Scenario withName(String newName) {
        return new Scenario(newName, description, source, fixture, target, expect, migration);
    }

    public Scenario withSource(Source s) {
        return new Scenario(name, description, s, fixture, target, expect, migration);
    }

    public Scenario withExpectation(Expectation e) {
        return new Scenario(name, description, source, fixture, target, e);
    }
}
