package org.cnpgrehearsal.util;

import java.util.List;

/** How an external command ended: its exit code and the lines it wrote to standard error (and output, when kept). */
public record CommandResult(List<String> command, int exitCode, List<String> stderr, List<String> stdout) {
    public boolean ok() {
        return exitCode == 0;
    }

    /** Error lines for a diagnosis: lines that carry "error", "fatal" or "warning: errors ignored", or the tail. */
    public List<String> errorLines() {
        List<String> errors = stderr.stream().filter(Processes::isErrorLine).toList();
        if (!errors.isEmpty()) {
            return errors;
        }
        return stderr.subList(Math.max(0, stderr.size() - 10), stderr.size());
    }
}
