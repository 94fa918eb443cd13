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
        Expectation expect) {

    /** How the Zalando-style source is set up. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(
            Integer major,
            String importUser,
            List<String> grants,
            String passwordEncryption,
            List<String> extensions,
            List<String> prepareSql,
            String tls) {
        public Source {
            importUser = importUser == null ? "standby" : importUser;
            grants = grants == null ? List.of() : List.copyOf(grants);
            passwordEncryption = passwordEncryption == null ? "scram-sha-256" : passwordEncryption;
            extensions = extensions == null ? List.of("pg_stat_statements") : List.copyOf(extensions);
            prepareSql = prepareSql == null ? List.of() : List.copyOf(prepareSql);
            tls = tls == null ? "matching-ca" : tls;
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
     * volume size, image major, import options.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Target(
            String manifest,
            String storageSize,
            Integer major,
            @JsonProperty("import") Map<String, Object> importOverrides) {
        public Target {
            importOverrides = importOverrides == null ? Map.of() : Map.copyOf(importOverrides);
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

    public Scenario {
        source = source == null ? new Source(null, null, null, null, null, null, null) : source;
        fixture = fixture == null ? new Fixture(null, null, null) : fixture;
        target = target == null ? new Target(null, null, null, null) : target;
        expect = expect == null ? new Expectation(null, null, null) : expect;
        description = description == null ? "" : description;
    }

    public Scenario withName(String newName) {
        return new Scenario(newName, description, source, fixture, target, expect);
    }

    public Scenario withSource(Source s) {
        return new Scenario(name, description, s, fixture, target, expect);
    }

    public Scenario withExpectation(Expectation e) {
        return new Scenario(name, description, source, fixture, target, e);
    }
}
