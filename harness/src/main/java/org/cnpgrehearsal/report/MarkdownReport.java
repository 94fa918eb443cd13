package org.cnpgrehearsal.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import org.cnpgrehearsal.diagnose.Diagnosis;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.importer.CommandRecord;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.verify.Check;

/**
 * {@code report.md}: the same facts as {@code report.json}, for pull requests. It opens with the scenario, its
 * expectation and whether it was reproduced, then the fix chain and the diagnosis when there are, then the details.
 */
public final class MarkdownReport {

    private final StringBuilder md = new StringBuilder();

    public static String render(RehearsalReport r) {
        return new MarkdownReport().report(r);
    }

    /** An estimate on its own ({@code estimate --from ...}). */
    public static String renderEstimate(Estimate e) {
        MarkdownReport m = new MarkdownReport();
        m.line("# Production window estimate").line();
        m.estimate(e, "##");
        return m.md.toString();
    }

    private String report(RehearsalReport r) {
        line("# Rehearsal report: " + inline(r.scenario()));
        line();
        if (r.description() != null && !r.description().isBlank()) {
            line(text(r.description())).line();
        }
        if (r.fixChain() != null && !r.fixChain().isEmpty()) {
            fixChain(r.fixChain());
        }
        line("| | |").line("|---|---|");
        row("Scenario", code(r.scenario()));
        row("Outcome", "**" + cell(r.outcome()) + "**");
        row("Expected", expectation(r.expectation()));
        row("Reproduced", r.reproduced() ? "**yes**" : "**no**");
        if (r.platform() != null) {
            row("Platform", cell(r.platform()));
        }
        if (r.postgresVersions() != null) {
            var v = r.postgresVersions();
            row(
                    "PostgreSQL",
                    "source " + v.sourceMajor() + ", target " + v.targetMajor()
                            + (v.clientVersion() == null ? "" : ", pg_dump/pg_restore " + cell(v.clientVersion()))
                            + (v.manifestMajor() == null ? "" : ", manifest image " + v.manifestMajor()));
        }
        if (r.startedAt() != null) {
            row("Started", cell(r.startedAt().toString()));
        }
        row("Import time", Format.duration(importMs(r)));
        if (r.estimate() != null) {
            row(
                    "Estimated production window",
                    Format.duration(r.estimate().windowCentralMs()) + " (conservative "
                            + Format.duration(r.estimate().windowConservativeMs()) + ")");
        }
        if (r.manifest() != null) {
            row("Manifest", code(r.manifest()));
        }
        if (r.tool() != null) {
            row("Tool", cell(r.tool() + (r.toolVersion() == null ? "" : " " + r.toolVersion())));
        }
        line();

        if (r.diagnosis() != null) {
            diagnosis(r.diagnosis());
        }
        if (r.failure() != null) {
            line("## Failure").line();
            line("Failed in phase " + code(r.failure().phase()) + ":").line();
            codeBlock(r.failure().errorLines());
        }

        if (r.strategy() != null) {
            md.append(StrategyView.markdown(r.strategy()));
        }
        phases(r);
        verification(r);
        if (r.preflight() != null && !r.preflight().isNull()) {
            preflight(r.preflight());
        }
        commands(r.commands());
        if (r.notes() != null && !r.notes().isEmpty()) {
            line("## Notes").line();
            r.notes().forEach(n -> line("- " + text(n)));
            line();
        }
        sizes(r.sizes());
        if (r.estimate() != null) {
            line("## Estimate of the production window").line();
            estimate(r.estimate(), "###");
        }
        return md.toString();
    }

    static long importMs(RehearsalReport r) {
        return r.phases() == null
                ? 0
                : r.phases().stream()
                        .filter(p -> Phases.IMPORT.contains(p.name()))
                        .mapToLong(PhaseRecord::durationMs)
                        .sum();
    }

    static String expectationText(Scenario.Expectation e) {
        if (e == null) {
            return "success";
        }
        StringBuilder b = new StringBuilder(e.outcome());
        if (e.cause() != null) {
            b.append(", cause ").append(e.cause());
        }
        if (e.phase() != null) {
            b.append(" in phase ").append(e.phase());
        }
        return b.toString();
    }

    private String expectation(Scenario.Expectation e) {
        if (e == null) {
            return "success";
        }
        return cell(e.outcome())
                + (e.cause() == null ? "" : ", cause " + code(e.cause()))
                + (e.phase() == null ? "" : " in phase " + code(e.phase()));
    }

    private void fixChain(List<FixRound> chain) {
        line("## Fix chain").line();
        line("| Round | Cause | Remedy applied | Duration |").line("|---:|---|---|---:|");
        for (FixRound f : chain) {
            line("| " + f.round() + " | " + (f.cause() == null ? "passed" : code(f.cause())) + " | "
                    + (f.remedy() == null ? "(none)" : cell(f.remedy())) + " | " + Format.duration(f.durationMs())
                    + " |");
        }
        line();
        for (FixRound f : chain) {
            if (!f.evidence().isEmpty()) {
                line("Round " + f.round() + " evidence:").line();
                codeBlock(f.evidence());
            }
        }
    }

    private void diagnosis(Diagnosis d) {
        line("## Diagnosis").line();
        line("**" + (d.cause() == null ? "UNKNOWN" : d.cause().name()) + "**: " + text(d.summary()))
                .line();
        if (d.phase() != null) {
            line("Phase: " + code(d.phase())).line();
        }
        if (d.evidence() != null && !d.evidence().isEmpty()) {
            line("Evidence:").line();
            codeBlock(d.evidence());
        }
        if (d.remediation() != null) {
            line("**Remediation:** " + text(d.remediation())).line();
        }
    }

    private void phases(RehearsalReport r) {
        line("## Phases").line();
        if (r.phases() == null || r.phases().isEmpty()) {
            line("No phase ran.").line();
            return;
        }
        line("| Phase | Duration | Status | Bytes | Detail |").line("|---|---:|---|---:|---|");
        for (PhaseRecord p : r.phases()) {
            line("| " + cell(p.name()) + " | " + Format.duration(p.durationMs()) + " | "
                    + (p.status() == null ? "" : p.status().json()) + " | " + Format.bytes(p.bytes()) + " | "
                    + cell(p.detail()) + " |");
        }
        line();
        line("Import phases (" + String.join(", ", Phases.IMPORT) + ") took " + Format.duration(importMs(r))
                + " in all.");
        line();
    }

    private void verification(RehearsalReport r) {
        line("## Verification").line();
        if (r.verification() == null) {
            line("Not run.").line();
            return;
        }
        line(r.verification().passed() ? "All checks passed." : "**Verification failed.**")
                .line();
        if (r.verification().checks() == null || r.verification().checks().isEmpty()) {
            return;
        }
        line("| Check | Result | Detail |").line("|---|---|---|");
        for (Check c : r.verification().checks()) {
            String diff = c.differences() == null || c.differences().isEmpty()
                    ? ""
                    : "<br>"
                            + String.join(
                                    "<br>",
                                    c.differences().stream()
                                            .map(MarkdownReport::cell)
                                            .toList());
            line("| " + cell(c.name()) + " | " + (c.passed() ? "pass" : "**FAIL**") + " | " + cell(c.detail()) + diff
                    + " |");
        }
        line();
    }

    private void preflight(JsonNode p) {
        line("## Preflight").line();
        List<PreflightView.Row> rows = PreflightView.rows(p);
        if (rows == null) {
            line("```json").line(ReportJson.toJson(p).strip()).line("```").line();
            return;
        }
        line("| Check | Result | Detail |").line("|---|---|---|");
        for (PreflightView.Row row : rows) {
            line("| " + cell(row.name()) + " | " + cell(row.result()) + " | " + cell(row.detail()) + " |");
        }
        line();
    }

    private void commands(List<CommandRecord> commands) {
        line("## Commands as run").line();
        if (commands == null || commands.isEmpty()) {
            line("None.").line();
            return;
        }
        line("```");
        for (CommandRecord c : commands) {
            line("# " + c.phase() + ": exit " + c.exitCode() + ", " + Format.duration(c.durationMs()));
            line(Format.commandLine(c.argv()));
        }
        line("```").line();
    }

    private void sizes(RehearsalReport.SizeFacts s) {
        if (s == null) {
            return;
        }
        line("## Sizes").line();
        line("| Size | Bytes |").line("|---|---:|");
        sizeRow("source database", s.sourceDatabaseBytes());
        sizeRow("source tables (with TOAST)", s.tableBytes());
        sizeRow("source TOAST", s.toastBytes());
        sizeRow("source indexes", s.indexBytes());
        sizeRow("source large objects", s.largeObjectBytes());
        sizeRow("largest table", s.largestTableBytes());
        if (s.rows() != null) {
            line("| rows | " + s.rows() + " |");
        }
        sizeRow("dump", s.dumpBytes());
        sizeRow("target database", s.targetDatabaseBytes());
        sizeRow("target volume", s.volumeBytes());
        sizeRow("volume needed", s.volumeNeededBytes());
        line();
    }

    private void sizeRow(String name, Long v) {
        if (v != null) {
            line("| " + name + " | " + Format.bytes(v) + " (" + v + ") |");
        }
    }

    private void estimate(Estimate e, String h) {
        line("**" + Format.duration(e.windowCentralMs()) + "** central, **" + Format.duration(e.windowConservativeMs())
                        + "** conservative: import " + Format.duration(e.importCentralMs()) + " (conservative "
                        + Format.duration(e.importConservativeMs()) + ") plus " + Format.duration(e.stepsMs())
                        + " of operator and cutover steps.")
                .line();
        line("> " + text(e.statement())).line();
        var p = e.production();
        line("Production: " + cell(p.source()) + ", " + Format.bytes(p.databaseBytes())
                        + (p.tableBytes() == null ? "" : ", tables " + Format.bytes(p.tableBytes()))
                        + (p.indexBytes() == null ? "" : ", indexes " + Format.bytes(p.indexBytes()))
                        + (p.largestTableBytes() == null
                                ? ""
                                : ", largest table " + Format.bytes(p.largestTableBytes()))
                        + (p.postgresVersion() == null ? "" : ", PostgreSQL " + cell(p.postgresVersion()))
                        + ". Rehearsals: " + cell(String.join(", ", e.rehearsals())) + ".")
                .line();
        line(h + " Breakdown").line();
        line("| Phase | Handles | Production bytes | Fit (fixed + per GB) | Central | Conservative |")
                .line("|---|---|---:|---|---:|---:|");
        for (Estimate.PhaseEstimate ph : e.phases()) {
            line("| " + cell(ph.phase()) + " | " + cell(ph.quantity()) + " | " + Format.bytes(ph.productionBytes())
                    + " | "
                    + Format.duration(Math.round(ph.fixedMs())) + " + " + Format.perGb(ph.perByteMs())
                    + (ph.rSquared() == null ? "" : String.format(Locale.ROOT, ", R² %.3f", ph.rSquared()))
                    + " (" + cell(ph.method()) + ", " + ph.points().size() + " points) | "
                    + Format.duration(ph.centralMs()) + " | " + Format.duration(ph.conservativeMs()) + " |");
        }
        line("| **import** | | | | **" + Format.duration(e.importCentralMs()) + "** | **"
                + Format.duration(e.importConservativeMs()) + "** |");
        for (Estimate.Step s : e.steps()) {
            line("| " + cell(s.name()) + " | step | | | " + Format.duration(s.durationMs()) + " | "
                    + Format.duration(s.durationMs()) + " |");
        }
        line("| **window** | | | | **" + Format.duration(e.windowCentralMs()) + "** | **"
                + Format.duration(e.windowConservativeMs()) + "** |");
        line();
        line(h + " Measured points").line();
        line("| Phase | Rehearsal | Bytes handled | Duration |").line("|---|---|---:|---:|");
        for (Estimate.PhaseEstimate ph : e.phases()) {
            for (Estimate.MeasuredPoint pt : ph.points()) {
                line("| " + cell(ph.phase()) + " | " + cell(pt.rehearsal()) + " | " + Format.bytes(pt.bytes()) + " | "
                        + Format.duration(pt.durationMs()) + " |");
            }
        }
        line();
        var j = e.restoreJobs();
        line(h + " pg_restore --jobs").line();
        line("Rehearsed with " + j.rehearsed() + ", production " + j.production()
                        + (j.effectiveProduction() == null
                                ? ""
                                : String.format(Locale.ROOT, ", effective %.1f", j.effectiveProduction()))
                        + (j.modelled() ? "" : " (not modelled)") + ". Rule: " + oneLine(j.rule()) + ".")
                .line();
        var v = e.volume();
        line(h + " Volume").line();
        line("Needed at the peak of the import: **" + Format.bytes(v.requiredBytes()) + "** = dump "
                        + Format.bytes(v.dumpBytes()) + " + restored data " + Format.bytes(v.dataBytes())
                        + " + WAL headroom "
                        + Format.bytes(v.walHeadroomBytes()) + ". "
                        + (v.manifestStorageBytes() == null
                                ? "The manifest's storage size is not known."
                                : "The manifest asks for " + Format.bytes(v.manifestStorageBytes()) + ": "
                                        + (Boolean.TRUE.equals(v.sufficient()) ? "enough." : "**not enough**.")))
                .line();
        line("Rule: " + oneLine(v.rule()) + ".").line();
        if (e.notes() != null && !e.notes().isEmpty()) {
            line(h + " Caveats").line();
            e.notes().forEach(n -> line("- " + text(n)));
            line();
        }
    }

    private void codeBlock(List<String> lines) {
        line("```");
        if (lines != null) {
            lines.forEach(l -> line(String.valueOf(l).replace("```", "'''")));
        }
        line("```").line();
    }

    private void row(String k, String v) {
        line("| " + k + " | " + v + " |");
    }

    private MarkdownReport line(String s) {
        md.append(s).append('\n');
        return this;
    }

    private MarkdownReport line() {
        md.append('\n');
        return this;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** Text outside code: one line, and no raw HTML (GitHub would swallow "<markup>"). */
    private static String text(String s) {
        return oneLine(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Text in a table cell. */
    static String cell(String s) {
        return text(s).replace("|", "\\|");
    }

    private static String inline(String s) {
        return text(s);
    }

    private static String code(String s) {
        if (s == null) {
            return "";
        }
        return "`" + oneLine(s).replace("|", "\\|").replace("`", "'") + "`";
    }
}
