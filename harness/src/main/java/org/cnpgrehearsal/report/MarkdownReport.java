package org.cnpgrehearsal.report;

import java.util.ArrayList;
import java.util.List;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.results.SourcePrep;
import org.cnpgrehearsal.verify.Check;

/**
 * {@code report.md}, for pull requests: the verdict first (will production work, the window, the source preparation,
 * what to act on), then the fix chain, the diagnosis, the estimate and the details. It only formats a
 * {@link ReportView}.
 */
public final class MarkdownReport {

    private final StringBuilder md = new StringBuilder();

    public static String render(RehearsalReport r) {
        return new MarkdownReport().report(new ReportView(r));
    }

    /** An estimate on its own ({@code estimate --out}, a sweep's folder): the verdict first, then the night. */
    public static String renderEstimate(Verdict verdict, Estimate e, List<Link> rehearsals) {
        MarkdownReport m = new MarkdownReport();
        EstimateView v = new EstimateView(e);
        m.line("# Production window estimate").line();
        m.verdict(verdict);
        if (!rehearsals.isEmpty()) {
            m.line("## Rehearsals").line();
            rehearsals.forEach(l -> m.line("- [" + cell(l.label()) + "](" + l.href() + "): " + text(l.detail())));
            m.line();
        }
        m.estimate(v, "##");
        return m.md.toString();
    }

    /** A link from an estimate page to one rehearsal's report. */
    public record Link(String label, String href, String detail) {}

    private String report(ReportView v) {
        line("# " + text(v.title)).line();
        verdict(v.verdict);
        if (v.description != null && !v.description.isBlank()) {
            line("_" + text(v.description) + "_").line();
        }
        if (!v.fixChain.isEmpty()) {
            fixChain(v.fixChain);
        }
        line("## Rehearsal").line();
        line("| | |").line("|---|---|");
        v.summary.forEach(r -> line("| " + r.label() + " | "
                + ("bad".equals(r.tone()) ? "**" + cell(r.value()) + "**" : cell(r.value())) + " |"));
        line();
        if (v.diagnosis != null) {
            diagnosis(v);
        }
        if (v.failure != null) {
            line("## Failure").line();
            line("Failed in phase " + code(v.failure.phase()) + ":").line();
            codeBlock(v.failure.errorLines());
        }
        if (v.strategy != null) {
            strategy(v);
        }
        if (v.estimate != null) {
            line("## Production night (estimate)").line();
            estimate(v.estimate, "###");
        }
        phases(v);
        verification(v);
        if (v.preflightHeadline != null) {
            preflight(v);
        }
        sizes(v);
        line("## Source preparation (" + SourcePrep.PREP_FILE + ")").line();
        line("Written next to this report with " + SourcePrep.REVERT_FILE + ", which undoes it.")
                .line();
        line("```sql");
        v.sourcePrep.forEach(this::line);
        line("```").line();
        if (!v.notes.isEmpty()) {
            line("## Notes").line();
            v.notes.forEach(n -> line("- " + text(n)));
            line();
        }
        line("## Commands as run").line();
        if (v.commands.isEmpty()) {
            line("None.").line();
        } else {
            codeBlock(v.commands);
        }
        return md.toString();
    }

    private void strategy(ReportView v) {
        line("## Migration path: " + v.strategy).line();
        line("| | |").line("|---|---|");
        v.strategyFigures.forEach(r -> line("| " + cell(r.label()) + " | " + cell(r.value()) + " |"));
        line();
        if (!v.strategyNeeds.isEmpty()) {
            line("Needs on the source first:").line();
            v.strategyNeeds.forEach(n -> line("- " + text(n)));
            line();
        }
    }

    private void verdict(Verdict v) {
        line("## Verdict").line();
        line("**" + text(v.headline()) + "**").line();
        v.blocking().forEach(b -> line("- **Blocking:** " + text(b)));
        v.unchecked().forEach(u -> line("- Not checked: " + text(u)));
        if (!v.blocking().isEmpty() || !v.unchecked().isEmpty()) {
            line();
        }
        line("**Production window:** "
                        + (v.window() == null
                                ? "not estimated (pass --production-size SIZE or --profile FILE)"
                                : text(v.window()) + "."))
                .line();
        line("**Source preparation it relies on** (" + SourcePrep.PREP_FILE + ", undone by " + SourcePrep.REVERT_FILE
                        + "):")
                .line();
        v.sourcePrep().forEach(s -> line("- " + code(s)));
        line();
        if (!v.warnings().isEmpty()) {
            line("**Act on this before the night:**").line();
            v.warnings().forEach(w -> line("- " + text(w)));
            line();
        }
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

    private void diagnosis(ReportView v) {
        var d = v.diagnosis;
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

    private void phases(ReportView v) {
        line("## Phases of this rehearsal").line();
        if (v.phases.isEmpty()) {
            line("No phase ran.").line();
            return;
        }
        line("| Phase | Duration | Status | Bytes | Detail |").line("|---|---:|---|---:|---|");
        for (ReportView.PhaseRow p : v.phases) {
            line("| " + cell(p.phase().name()) + " | " + p.duration() + " | "
                    + (p.bad() ? "**" + p.status() + "**" : p.status()) + " | " + p.bytes() + " | "
                    + cell(p.detail()) + " |");
        }
        line();
        line(v.phasesTotal).line();
    }

    private void verification(ReportView v) {
        line("## Verification").line();
        line(Boolean.FALSE.equals(v.verificationPassed)
                        ? "**" + text(v.verificationHeadline) + "**"
                        : text(v.verificationHeadline))
                .line();
        if (v.checks.isEmpty()) {
            return;
        }
        line("| Check | Result | Compared, source against target | Detail |").line("|---|---|---|---|");
        for (Check c : v.checks) {
            List<String> more = new ArrayList<>(c.differences());
            c.notes().forEach(n -> more.add("note: " + n));
            String extra = more.isEmpty()
                    ? ""
                    : "<br>"
                            + String.join(
                                    "<br>",
                                    more.stream().map(MarkdownReport::cell).toList());
            line("| " + cell(c.name()) + " | " + (c.passed() ? "pass" : "**FAIL**") + " | "
                    + cell(c.compared() == null ? "" : c.compared()) + " | " + cell(c.detail()) + extra + " |");
        }
        line();
    }

    private void preflight(ReportView v) {
        line("## Preflight").line();
        line(v.preflightGo ? text(v.preflightHeadline) : "**" + text(v.preflightHeadline) + "**")
                .line();
        line("| Check | Result | Detail |").line("|---|---|---|");
        for (PreflightView.Row row : v.preflight) {
            line("| " + cell(row.name()) + " | " + (row.bad() ? "**" + cell(row.result()) + "**" : cell(row.result()))
                    + " | " + cell(row.detail()) + " |");
        }
        line();
    }

    private void sizes(ReportView v) {
        if (v.sizes.isEmpty()) {
            return;
        }
        line("## Sizes").line();
        line("| Size | Value | How |").line("|---|---:|---|");
        v.sizes.forEach(s -> line("| " + cell(s.label()) + " | " + cell(s.value()) + " | " + cell(s.how()) + " |"));
        line();
    }

    private void estimate(EstimateView v, String h) {
        line("**" + v.window + "** (" + Format.range(v.estimate.window()) + "): " + text(v.breakdown) + ".")
                .line();
        line("> " + text(v.statement)).line();
        line("> " + text(v.method)).line();
        line(text(v.production)).line();
        line(h + " The night, line by line").line();
        line("| Line | Kind | Work in production | Fit on the rehearsals | Points | Central | Range |")
                .line("|---|---|---:|---|---:|---:|---|");
        for (EstimateView.Line l : v.lines) {
            line("| " + cell(l.name()) + " | " + cell(l.kind()) + " | " + cell(l.work()) + " | " + cell(l.fit())
                    + " | " + l.points() + " | " + Format.duration(l.range().centralMs()) + " | "
                    + (l.kind().startsWith("step") ? "as given" : Format.range(l.range())) + " |");
        }
        line("| **window** | | | | | **" + v.window + "** | " + Format.range(v.estimate.window()) + " |");
        line();
        line(h + " What each line follows").line();
        for (EstimateView.Line l : v.lines) {
            if (!l.model().isEmpty()) {
                line("- **" + cell(l.name()) + "**: " + text(l.model()));
            }
        }
        line();
        line(h + " Replicas, hardware, pg_restore --jobs").line();
        line("- " + text(v.replicas));
        line("- " + text(v.hardware));
        line("- " + text(v.jobs));
        line();
        line(h + " Volume").line();
        line((Boolean.FALSE.equals(v.volumeSufficient) ? "**" + text(v.volume) + "**" : text(v.volume)))
                .line();
        line("How: " + text(v.volumeHow) + ".").line();
        line(h + " Measured points").line();
        line("| Line | Rehearsal | Work | Duration |").line("|---|---|---:|---:|");
        v.points.forEach(p -> line("| " + cell(p.phase()) + " | " + cell(p.rehearsal()) + " | " + cell(p.work()) + " | "
                + Format.duration(p.durationMs()) + " |"));
        line();
        if (!v.leftOut.isEmpty()) {
            line(h + " Rehearsals left out").line();
            v.leftOut.forEach(l -> line("- " + cell(l.rehearsal()) + ": " + text(l.reason())));
            line();
        }
        if (!v.notes.isEmpty()) {
            line(h + " Caveats").line();
            v.notes.forEach(n -> line("- " + text(n)));
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
    static String text(String s) {
        return oneLine(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Text in a table cell. */
    static String cell(String s) {
        return text(s).replace("|", "\\|");
    }

    private static String code(String s) {
        if (s == null) {
            return "";
        }
        return "`" + oneLine(s).replace("|", "\\|").replace("`", "'") + "`";
    }
}
