package org.cnpgrehearsal.importer;

import java.util.List;

/**
 * How the import ended. {@code failedPhase} and {@code errorLines} are set when it failed; {@code commands} are the
 * commands as run (secrets redacted); {@code log} is the import's own log (stderr of the tools, statements run).
 */
public record ImportResult(boolean succeeded, String failedPhase, List<String> errorLines, List<CommandRecord> commands,
                           List<String> log, Long dumpBytes) {
}
