package org.cnpgrehearsal.importer;

import java.util.List;

/**
 * How the import ended. When it failed: {@code failedPhase}; {@code errorLines}, the failing step's own error output
 * (what its tool printed, or why the harness gave up on it); {@code contextLines}, what surrounded it (the tail of an
 * operator's log, the namespace's events), read by the diagnosis only when the error lines name no known cause.
 * {@code commands} are the commands as run (secrets redacted); {@code log} is the import's own log.
 */
public record ImportResult(
        boolean succeeded,
        String failedPhase,
        List<String> errorLines,
        List<String> contextLines,
        List<CommandRecord> commands,
        List<String> log,
        Long dumpBytes) {}
