package org.cnpgrehearsal.platform.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.cnpgrehearsal.importer.CommandRecord;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.PhaseStatus;
import org.cnpgrehearsal.timeline.Phases;

/**
 * The import Job's log, read back into the same phases the local platform times. CNPG logs where each step starts,
 * never where it ends, so a phase ends where the next marker starts; the last one ends when the Job does.
 */
public final class ImportLog {

    static final String ROLES_MARKER = "executing import role query";
    static final String DUMP_MARKER = "exporting database";
    static final String SECTION_MARKER = "executing database importing section";
    static final String ANALYZE_MARKER = "running analyze for database: ";
    static final String FINALIZE_MARKER = "Attempting checkpoint before shutdown";
    static final String FAILURE_MARKER = "Error while bootstrapping data directory";

    /** Where a phase starts in the log, and for which database. */
    public record Mark(String phase, Instant at, String database) {}

    private record Command(String tool, List<String> options, String phase, Instant at) {}

    private final UnaryOperator<String> redact;
    private final List<String> lines = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();
    private final List<Command> commands = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private InstanceLogLine failure;
    private Instant lastTs;

    /** @param redact removes secrets from every line kept (see {@code Credentials#redact}) */
    public ImportLog(UnaryOperator<String> redact) {
        this.redact = redact;
    }

    /** Reads a whole log text (what {@code getLog()} returns). */
    public static ImportLog of(String text, UnaryOperator<String> redact) {
        ImportLog log = new ImportLog(redact);
        text.lines().forEach(log::accept);
        return log;
    }

    public void accept(String raw) {
        if (raw.isBlank()) {
            return;
        }
        Optional<InstanceLogLine> parsed = InstanceLogLine.parse(raw);
        if (parsed.isEmpty()) {
            String text = redact.apply(raw.strip());
            lines.add(text);
            if (looksLikeError(text)) {
                errors.add(text);
            }
            return;
        }
        InstanceLogLine line = parsed.get();
        lastTs = line.ts();
        String text = redact.apply(render(line));
        lines.add(text);
        mark(line);
        if (line.isError()) {
            errors.add(redact.apply(line.msg() + (line.field("error").isEmpty() ? "" : ": " + line.field("error"))));
        } else if (isToolOutput(line) && looksLikeError(line.msg())) {
            errors.add(redact.apply(line.msg()));
        }
        if (FAILURE_MARKER.equals(line.msg()) && failure == null) {
            failure = line;
        }
    }

    private void mark(InstanceLogLine line) {
        String msg = line.msg();
        String database = line.field("databaseName");
        if (msg.equals(ROLES_MARKER)) {
            addMark(Phases.ROLES, line.ts(), "");
        } else if (msg.equals(DUMP_MARKER)) {
            addMark(Phases.DUMP, line.ts(), database);
        } else if (msg.equals(SECTION_MARKER)) {
            addMark(Phases.restoreOf(line.field("section")), line.ts(), database);
        } else if (msg.startsWith(ANALYZE_MARKER)) {
            addMark(
                    Phases.ANALYZE,
                    line.ts(),
                    msg.substring(ANALYZE_MARKER.length()).strip());
        } else if (msg.equals(FINALIZE_MARKER)) {
            addMark(Phases.FINALIZE, line.ts(), "");
        } else if (msg.equals("Running pg_dump") || msg.equals("Running pg_restore")) {
            commands.add(new Command(
                    msg.substring("Running ".length()),
                    options(line.fields().get("options")),
                    currentPhase().orElse(Phases.DUMP),
                    line.ts()));
        }
    }

    private void addMark(String phase, Instant at, String database) {
        Mark last = marks.isEmpty() ? null : marks.get(marks.size() - 1);
        // the role query runs once per role: one roles phase
        if (last != null && last.phase().equals(phase) && phase.equals(Phases.ROLES)) {
            return;
        }
        marks.add(new Mark(phase, at, database));
    }

    private List<String> options(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(o -> out.add(redact.apply(o.asText())));
        } else if (node != null && !node.isNull()) {
            out.add(redact.apply(node.asText()));
        }
        return out;
    }

    /** The phase running at the end of what has been read. */
    public Optional<String> currentPhase() {
        return marks.isEmpty()
                ? Optional.empty()
                : Optional.of(marks.get(marks.size() - 1).phase());
    }

    public List<Mark> marks() {
        return List.copyOf(marks);
    }

    /** The instance manager's own failure line ({@value #FAILURE_MARKER}), when it logged one. */
    public Optional<InstanceLogLine> failure() {
        return Optional.ofNullable(failure);
    }

    /** The time of the last JSON entry read. */
    public Optional<Instant> lastTimestamp() {
        return Optional.ofNullable(lastTs);
    }

    /**
     * The phases read so far. Consecutive marks of the same phase (one per database) make one record. The last phase
     * ends at {@code end}; it is failed when {@code failed}.
     */
    public List<PhaseRecord> phases(Instant end, boolean failed) {
        List<PhaseRecord> out = new ArrayList<>();
        int i = 0;
        while (i < marks.size()) {
            Mark first = marks.get(i);
            List<String> databases = new ArrayList<>();
            int j = i;
            while (j < marks.size() && marks.get(j).phase().equals(first.phase())) {
                if (!marks.get(j).database().isEmpty()
                        && !databases.contains(marks.get(j).database())) {
                    databases.add(marks.get(j).database());
                }
                j++;
            }
            boolean last = j == marks.size();
            Instant stop = last ? later(end, first.at()) : marks.get(j).at();
            PhaseStatus status = last && failed ? PhaseStatus.FAILED : PhaseStatus.SUCCEEDED;
            String detail = databases.isEmpty() ? null : "database " + String.join(", ", databases);
            out.add(new PhaseRecord(first.phase(), first.at(), stop, status, null, detail));
            i = j;
        }
        return out;
    }

    /** pg_dump and pg_restore as the Job ran them; the last one failed when the import did. */
    public List<CommandRecord> commands(Instant end, boolean failed) {
        List<CommandRecord> out = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            Command c = commands.get(i);
            Instant stop = nextMarkAfter(c.at()).orElse(end);
            if (i + 1 < commands.size() && commands.get(i + 1).at().isBefore(stop)) {
                stop = commands.get(i + 1).at();
            }
            boolean lastFailed = failed && i == commands.size() - 1;
            List<String> argv = new ArrayList<>();
            argv.add(c.tool());
            argv.addAll(c.options());
            out.add(new CommandRecord(
                    c.phase(),
                    argv,
                    lastFailed ? 1 : 0,
                    Math.max(0, later(stop, c.at()).toEpochMilli() - c.at().toEpochMilli())));
        }
        return out;
    }

    private Optional<Instant> nextMarkAfter(Instant at) {
        return marks.stream().map(Mark::at).filter(t -> t.isAfter(at)).findFirst();
    }

    /** Error lines: the instance manager's errors and what pg_dump/pg_restore reported as errors. Redacted. */
    public List<String> errorLines() {
        return List.copyOf(errors);
    }

    /** The whole log as readable lines, redacted. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The last {@code n} lines, redacted. */
    public List<String> tail(int n) {
        return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    private static boolean isToolOutput(InstanceLogLine line) {
        return line.logger().equals("pg_dump") || line.logger().equals("pg_restore");
    }

    private static boolean looksLikeError(String text) {
        return text.contains("error:")
                || text.contains("ERROR")
                || text.contains("FATAL")
                || text.contains("No space left on device")
                || text.contains("errors ignored on restore");
    }

    private static String render(InstanceLogLine line) {
        StringBuilder b = new StringBuilder().append(line.ts()).append(' ').append(line.level());
        if (!line.logger().isEmpty()) {
            b.append(" [").append(line.logger()).append(']');
        }
        b.append(' ').append(line.msg());
        for (String key : List.of("databaseName", "section", "error")) {
            if (!line.field(key).isEmpty()) {
                b.append(' ').append(key).append('=').append(line.field(key));
            }
        }
        return b.toString();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
