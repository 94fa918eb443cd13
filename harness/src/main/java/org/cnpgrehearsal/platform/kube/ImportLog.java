package org.cnpgrehearsal.platform.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cnpgrehearsal.importer.CommandRecord;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.PhaseStatus;
import org.cnpgrehearsal.timeline.Phases;

/**
 * The import Job's log, read back into the same phases the local platform times. CNPG logs where each step starts,
 * never where it ends, so a phase ends where the next marker starts; the last one ends when the Job does. A failed
 * import is placed by its failure line, not by the last marker: CNPG shuts the instance down (and logs its checkpoint)
 * before it logs the failure (instance.go:865-869 defers the shutdown; initdb/cmd.go:163 logs the error after it).
 */
public final class ImportLog {

    /** role.go:148, the first line of the role step (logged before pg_authid is read). */
    static final String ROLES_VERSION_MARKER = "postgres version extracted";

    static final String ROLES_MARKER = "executing import role query";
    /** monolith.go:39, microservice.go:43: where the import proper starts. */
    private static final Pattern IMPORT_START = Pattern.compile("starting (monolith|microservice) clone process");

    static final String DUMP_MARKER = "exporting database";
    static final String SECTION_MARKER = "executing database importing section";
    static final String ANALYZE_MARKER = "running analyze for database: ";
    static final String FINALIZE_MARKER = "Attempting checkpoint before shutdown";
    static final String FAILURE_MARKER = "Error while bootstrapping data directory";
    /** database.go:122 and :177/:239: the error CNPG returns when pg_dump or pg_restore exits non-zero. */
    private static final Pattern DUMP_FAILED = Pattern.compile("error in pg_dump, ");

    private static final Pattern RESTORE_FAILED =
            Pattern.compile("error while executing pg_restore, section:([a-z-]+),");
    private static final List<String> TOOLS = List.of("pg_dump", "pg_restore");

    /** Where a phase starts in the log, and for which database. */
    public record Mark(String phase, Instant at, String database) {}

    private record Command(String tool, List<String> options, String phase, Instant at) {}

    /** A line of pg_dump's or pg_restore's output, and the run of the tool it belongs to. */
    private record ToolLine(String tool, int run, String text) {}

    private final UnaryOperator<String> redact;
    private final List<String> lines = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();
    private final List<Command> commands = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<ToolLine> toolLines = new ArrayList<>();
    private InstanceLogLine failure;
    /** When CNPG started the import proper ({@link #IMPORT_START}). */
    private Instant importStart;

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
        if (importStart == null && IMPORT_START.matcher(line.msg()).matches()) {
            importStart = line.ts();
        }
        lastTs = line.ts();
        String text = redact.apply(render(line));
        lines.add(text);
        mark(line);
        if (line.isError()) {
            errors.add(redact.apply(line.msg() + (line.field("error").isEmpty() ? "" : ": " + line.field("error"))));
        } else if (isToolOutput(line)) {
            toolLines.add(new ToolLine(line.logger(), commands.size() - 1, redact.apply(line.msg())));
            if (looksLikeError(line.msg())) {
                errors.add(redact.apply(line.msg()));
            }
        }
        if (FAILURE_MARKER.equals(line.msg()) && failure == null) {
            failure = line;
        }
    }

    private void mark(InstanceLogLine line) {
        String msg = line.msg();
        String database = line.field("databaseName");
        if (msg.equals(ROLES_VERSION_MARKER) || msg.equals(ROLES_MARKER)) {
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
     * ends at {@code end}; it is failed when {@code failed}. After a failure line the import ends in the phase
     * {@link #failedPhase()} names: the shutdown's checkpoint that came before it is no finalize phase.
     */
    public List<PhaseRecord> phases(Instant end, boolean failed) {
        List<Mark> kept = failure == null ? marks : marksUntilFailure();
        List<PhaseRecord> out = new ArrayList<>();
        int i = 0;
        while (i < kept.size()) {
            Mark first = kept.get(i);
            List<String> databases = new ArrayList<>();
            int j = i;
            while (j < kept.size() && kept.get(j).phase().equals(first.phase())) {
                if (!kept.get(j).database().isEmpty()
                        && !databases.contains(kept.get(j).database())) {
                    databases.add(kept.get(j).database());
                }
                j++;
            }
            boolean last = j == kept.size();
            Instant stop = last ? later(end, first.at()) : kept.get(j).at();
            PhaseStatus status = last && failed ? PhaseStatus.FAILED : PhaseStatus.SUCCEEDED;
            String detail = databases.isEmpty() ? null : "database " + String.join(", ", databases);
            out.add(new PhaseRecord(first.phase(), first.at(), stop, status, null, detail));
            i = j;
        }
        return out;
    }

    /**
     * The marks of the phases that ran before the failure, ending with the failed phase: the failure line's own
     * step when it names one (pg_dump, a pg_restore section), else the last step that started. A failed phase that
     * logged no marker of its own (the role step fails before its first role query) starts where the import did.
     */
    private List<Mark> marksUntilFailure() {
        String phase = failedPhase().orElseThrow();
        int failedAt = Phases.IMPORT.indexOf(phase);
        List<Mark> kept = new ArrayList<>(marks.stream()
                .filter(m -> !m.phase().equals(Phases.FINALIZE) && !m.at().isAfter(failure.ts()))
                .filter(m -> Phases.IMPORT.indexOf(m.phase()) <= failedAt)
                .toList());
        if (kept.stream().noneMatch(m -> m.phase().equals(phase))) {
            Instant at =
                    !kept.isEmpty() ? kept.get(kept.size() - 1).at() : importStart != null ? importStart : failure.ts();
            kept.add(new Mark(phase, at, ""));
        }
        return kept;
    }

    /**
     * The phase a failed import failed in, read from the failure line's {@code error}: {@code error in pg_dump} is the
     * dump, {@code error while executing pg_restore, section:<s>} that section's restore; anything else failed in
     * the last step that started (the roles when none did). Empty while no failure line has been read.
     */
    public Optional<String> failedPhase() {
        if (failure == null) {
            return Optional.empty();
        }
        String error = failure.field("error");
        if (DUMP_FAILED.matcher(error).find()) {
            return Optional.of(Phases.DUMP);
        }
        Matcher restore = RESTORE_FAILED.matcher(error);
        if (restore.find()) {
            return Optional.of(Phases.restoreOf(restore.group(1)));
        }
        return Optional.of(marks.stream()
                .filter(m -> !m.phase().equals(Phases.FINALIZE) && !m.at().isAfter(failure.ts()))
                .reduce((a, b) -> b)
                .map(Mark::phase)
                .orElse(Phases.ROLES));
    }

    /** pg_dump and pg_restore as the Job ran them; the one the failure line names (else the last) failed. */
    public List<CommandRecord> commands(Instant end, boolean failed) {
        List<CommandRecord> out = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            Command c = commands.get(i);
            Instant stop = nextMarkAfter(c.at()).orElse(end);
            if (i + 1 < commands.size() && commands.get(i + 1).at().isBefore(stop)) {
                stop = commands.get(i + 1).at();
            }
            boolean lastFailed = failed && (failure == null ? i == commands.size() - 1 : i == lastRunOf(failedTool()));
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

    /**
     * The failing step's own lines, redacted: what the failing tool printed as errors (its error, warning, detail and
     * hint lines and the server's message lines that follow them) and the instance manager's failure line. Without a
     * failure line (the pod was killed), every error the log shows.
     */
    public List<String> errorLines() {
        if (failure == null) {
            return List.copyOf(errors);
        }
        List<String> out = new ArrayList<>();
        String error = failure.field("error");
        String tool = failedTool();
        int run = lastRunOf(tool);
        for (ToolLine t : toolLines) {
            if (t.tool().equals(tool) && t.run() == run && isErrorOutput(t)) {
                out.add(t.text());
            }
        }
        out.add(redact.apply(failure.msg() + ": " + error));
        return out;
    }

    /** The tool whose exit status failed the import, as the failure line names it; null for any other failure. */
    private String failedTool() {
        if (failure == null) {
            return null;
        }
        String error = failure.field("error");
        return DUMP_FAILED.matcher(error).find()
                ? "pg_dump"
                : RESTORE_FAILED.matcher(error).find() ? "pg_restore" : null;
    }

    private int lastRunOf(String tool) {
        for (int i = commands.size() - 1; i >= 0; i--) {
            if (commands.get(i).tool().equals(tool)) {
                return i;
            }
        }
        return -1;
    }

    /** pg_dump/pg_restore prefix their progress with "tool: " and their problems with "tool: error:" and the like. */
    private static boolean isErrorOutput(ToolLine t) {
        String prefix = t.tool() + ": ";
        if (!t.text().startsWith(prefix)) {
            return true;
        }
        String rest = t.text().substring(prefix.length());
        return rest.startsWith("error:")
                || rest.startsWith("warning:")
                || rest.startsWith("detail:")
                || rest.startsWith("hint:");
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
        return TOOLS.contains(line.logger());
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
