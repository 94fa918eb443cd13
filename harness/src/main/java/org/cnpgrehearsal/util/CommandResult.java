package org.cnpgrehearsal.util;

import java.util.ArrayList;
import java.util.List;

/** How an external command ended: its exit code and the lines it wrote to standard error (and output, when kept). */
public record CommandResult(List<String> command, int exitCode, List<String> stderr, List<String> stdout) {
    public boolean ok() {
        return exitCode == 0;
    }

    /**
     * Error lines for a diagnosis: lines that carry "error", "fatal" or "warning: errors ignored", each with the
     * lines that continue it (the statement, detail and hint) and pg_restore's TOC lines before it (the object); or
     * the tail when no line is an error.
     */
    public List<String> errorLines() {
        List<String> errors = new ArrayList<>();
        List<String> toc = new ArrayList<>();
        boolean inError = false;
        for (String line : stderr) {
            if (line.isBlank()) {
                continue;
            }
            if (ToolLines.isToc(line)) {
                toc.add(line);
                inError = false;
            } else if (Processes.isErrorLine(line)) {
                errors.addAll(toc);
                errors.add(line);
                toc.clear();
                inError = true;
            } else if (inError && ToolLines.continues(line)) {
                errors.add(line);
            } else {
                toc.clear();
                inError = false;
            }
        }
        if (!errors.isEmpty()) {
            return errors;
        }
        return stderr.subList(Math.max(0, stderr.size() - 10), stderr.size());
    }
}
