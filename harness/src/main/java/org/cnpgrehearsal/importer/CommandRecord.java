package org.cnpgrehearsal.importer;

import java.util.List;

/** One command the import ran, as run: the phase, the argument list (no secret in it), its exit code and duration. */
public record CommandRecord(String phase, List<String> argv, int exitCode, long durationMs) {}
