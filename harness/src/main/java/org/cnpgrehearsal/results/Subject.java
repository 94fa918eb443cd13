package org.cnpgrehearsal.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * What was rehearsed: the scenario, the manifest (its path, and a digest of the manifest as rehearsed, with the
 * scenario's import overrides) and the fixture (what seeded the source, without its size). Rehearsals of one subject
 * at several sizes are the points of one fit.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Subject(String scenario, String description, String manifest, String manifestDigest, String fixture) {

    /** Whether {@code other} rehearsed the same scenario, manifest and fixture (sizes may differ). */
    public boolean sameAs(Subject other) {
        return Objects.equals(scenario, other.scenario)
                && Objects.equals(manifestDigest, other.manifestDigest)
                && Objects.equals(fixture, other.fixture);
    }
}
