package org.cnpgrehearsal.strategy;

/**
 * Something a strategy needs on the source before the migration starts: what ({@code wal_level = logical}), how to do
 * it on a Zalando cluster (SQL, or a change of its manifest and a restart), and whether it was already so here.
 */
public record SourceRequirement(String what, String how, boolean alreadyMet) {}
