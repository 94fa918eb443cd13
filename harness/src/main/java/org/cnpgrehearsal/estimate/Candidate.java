package org.cnpgrehearsal.estimate;

import org.cnpgrehearsal.results.RehearsalFacts;

/**
 * A rehearsal offered to the estimate: how to name it (its folder), the version of the report it came from, and what
 * it measured.
 */
public record Candidate(String label, int reportVersion, RehearsalFacts facts) {}
