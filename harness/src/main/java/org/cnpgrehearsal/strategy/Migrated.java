package org.cnpgrehearsal.strategy;

import java.util.Map;
import java.util.Set;
import org.cnpgrehearsal.importer.ImportResult;

/**
 * How a migration ended: the import's result (its phases' failure, commands and log, as offline's), what the strategy
 * measured, and the rows the write load touched by table (empty without a load) for verification.
 */
public record Migrated(ImportResult imported, StrategyFacts facts, Map<String, Set<Long>> written) {}
