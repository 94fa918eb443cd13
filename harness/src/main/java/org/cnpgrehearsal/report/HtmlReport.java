package org.cnpgrehearsal.report;

import java.util.List;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.results.SourcePrep;
import org.cnpgrehearsal.verify.Check;

/**
 * {@code report.html}: one self-contained, well-formed XHTML file (no network, no external CSS, scripts or fonts;
 * inline SVG charts; a print stylesheet) that opens on the verdict. Figures of {@code report.json} are also carried
 * as {@code data-*} attributes so that tools and tests can read them back. It only formats a {@link ReportView}.
 */
public final class HtmlReport {

    static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;max-width:1020px;\
            padding:0 1em;color:#222;line-height:1.45}
            h1{font-size:1.6em;margin-bottom:.2em}
            h2{font-size:1.25em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.8em}
            h3{font-size:1.05em}
            table{border-collapse:collapse;margin:.6em 0}
            th,td{border:1px solid #ccc;padding:.25em .55em;text-align:left;vertical-align:top}
            th{background:#f3f3f3}
            td.num,th.num{text-align:right;white-space:nowrap}
            .ok{color:#2e7d32;font-weight:bold}
            .bad{color:#c62828;font-weight:bold}
            .verdict{border-left:8px solid #2e7d32;background:#edf7ed;padding:.5em 1.2em;margin-top:1em}
            .verdict.no{border-left-color:#c62828;background:#fdecea}
            .verdict h2{border:none;margin-top:.3em}
            .verdict .answer{font-size:1.3em;font-weight:bold}
            .verdict .window{font-size:1.15em}
            .diagnosis{border-left:6px solid #c62828;background:#fdecea;padding:.4em 1em}
            .statement{border-left:6px solid #f9a825;background:#fff8e1;padding:.4em 1em}
            pre{background:#f5f5f5;padding:.6em;white-space:pre-wrap;word-break:break-all;font-size:.9em}
            svg.chart{max-width:100%;height:auto}
            .muted{color:#666}
            @media print{body{max-width:none;margin:0;padding:0;font-size:10pt}\
            h2{page-break-after:avoid}section{page-break-inside:avoid}\
            .verdict,.diagnosis,.statement,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
            """;

    private final Html h = new Html();

    public static String render(RehearsalReport r) {
        return new HtmlReport().report(new ReportView(r));
    }

    /**
     * An estimate on its own ({@code estimate --out}, a sweep's folder): the verdict first, then links to the
     * rehearsals it used and the production night.
     */
    public static String renderEstimate(Verdict verdict, Estimate e, List<MarkdownReport.Link> rehearsals) {
        HtmlReport x = new HtmlReport();
        EstimateView v = new EstimateView(e);
        x.h.start("Production window estimate", CSS);
        x.h.el("h1", "Production window estimate").nl();
        x.verdict(verdict, v);
        if (!rehearsals.isEmpty()) {
            x.h.open("section", "id", "rehearsals").el("h2", "Rehearsals").open("ul");
            for (MarkdownReport.Link l : rehearsals) {
                x.h.open("li")
                        .el("a", l.label(), "href", l.href())
                        .text(": " + l.detail())
                        .close("li");
            }
            x.h.close("ul").close("section").nl();
        }
        x.estimate(v);
        return x.h.end();
    }

    private String report(ReportView v) {
        h.start(v.title, CSS);
        h.el("h1", v.title).nl();
        verdict(v.verdict, v.estimate);
        if (v.description != null && !v.description.isBlank()) {
            h.el("p", v.description, "class", "muted").nl();
        }
        if (!v.fixChain.isEmpty()) {
            fixChain(v.fixChain);
        }
        h.open("section", "id", "summary").el("h2", "Rehearsal").open("table");
        for (ReportView.Row r : v.summary) {
            h.open("tr")
                    .el("th", r.label())
                    .el("td", r.value(), "id", r.id(), "class", r.tone())
                    .close("tr");
        }
        h.close("table").close("section").nl();
        if (v.diagnosis != null) {
            diagnosis(v);
        }
        if (v.failure != null) {
            h.open("section", "id", "failure").el("h2", "Failure");
            h.open("p")
                    .text("Failed in phase ")
                    .el("code", v.failure.phase())
                    .text(":")
                    .close("p");
            pre(v.failure.errorLines());
            h.close("section").nl();
        }
        if (v.strategy != null) {
            strategy(v);
        }
        if (v.estimate != null) {
            estimate(v.estimate);
        }
        timeline(v);
        verification(v);
        preflight(v);
        sizes(v);
        h.open("section", "id", "source-prep").el("h2", "Source preparation (" + SourcePrep.PREP_FILE + ")");
        h.el(
                "p",
                "Written next to this report with " + SourcePrep.REVERT_FILE + ", which undoes it.",
                "class",
                "muted");
        pre(v.sourcePrep);
        h.close("section").nl();
        if (!v.notes.isEmpty()) {
            h.open("section", "id", "notes").el("h2", "Notes").open("ul");
            v.notes.forEach(n -> h.el("li", n));
            h.close("ul").close("section").nl();
        }
        h.open("section", "id", "commands").el("h2", "Commands as run");
        if (v.commands.isEmpty()) {
            h.el("p", "None.");
        } else {
            pre(v.commands);
        }
        h.close("section").nl();
        return h.end();
    }

    private void strategy(ReportView v) {
        h.open("section", "id", "strategy", "data-strategy", v.strategy)
                .el("h2", "Migration path: " + v.strategy)
                .open("table");
        for (ReportView.Row r : v.strategyFigures) {
            h.open("tr").el("th", r.label()).el("td", r.value()).close("tr");
        }
        h.close("table");
        if (!v.strategyNeeds.isEmpty()) {
            h.el("p", "Needs on the source first:").open("ul");
            v.strategyNeeds.forEach(n -> h.el("li", n));
            h.close("ul");
        }
        h.close("section").nl();
    }

    private void verdict(Verdict d, EstimateView estimate) {
        h.open("section", "id", "verdict", "class", d.works() ? "verdict" : "verdict no");
        h.el("h2", "Verdict");
        h.el("p", d.headline(), "class", "answer", "id", "answer", "data-works", Boolean.toString(d.works()));
        if (!d.blocking().isEmpty() || !d.unchecked().isEmpty()) {
            h.open("ul", "id", "blocking");
            d.blocking()
                    .forEach(b -> h.open("li", "class", "blocking")
                            .el("strong", "Blocking: ")
                            .text(b)
                            .close("li"));
            d.unchecked()
                    .forEach(u -> h.open("li", "class", "unchecked")
                            .text("Not checked: " + u)
                            .close("li"));
            h.close("ul");
        }
        if (estimate == null) {
            h.el(
                    "p",
                    "Production window: not estimated (pass --production-size SIZE or --profile FILE).",
                    "class",
                    "window");
        } else {
            window(estimate);
        }
        h.open("p")
                .el("strong", "Source preparation it relies on")
                .text(" (" + SourcePrep.PREP_FILE + ", undone by " + SourcePrep.REVERT_FILE + "):")
                .close("p");
        h.open("ul", "id", "prep");
        d.sourcePrep().forEach(s -> h.open("li").el("code", s).close("li"));
        h.close("ul");
        if (!d.warnings().isEmpty()) {
            h.open("p").el("strong", "Act on this before the night:").close("p");
            h.open("ul", "id", "warnings");
            d.warnings().forEach(w -> h.el("li", w, "class", "warning"));
            h.close("ul");
        }
        h.close("section").nl();
    }

    private void window(EstimateView v) {
        Estimate e = v.estimate;
        h.open("p", "class", "window")
                .text("Production window: ")
                .el(
                        "strong",
                        v.window,
                        "id",
                        "window-central",
                        "data-ms",
                        Long.toString(e.window().centralMs()))
                .text(" (")
                .el(
                        "span",
                        Format.duration(e.window().lowMs()),
                        "id",
                        "window-low",
                        "data-ms",
                        Long.toString(e.window().lowMs()))
                .text(" to ")
                .el(
                        "span",
                        Format.duration(e.window().highMs()),
                        "id",
                        "window-high",
                        "data-ms",
                        Long.toString(e.window().highMs()))
                .text(")")
                .close("p");
        h.el("p", v.headline + ": " + v.breakdown + ".", "class", "muted");
    }

    private void fixChain(List<FixRound> chain) {
        h.open("section", "id", "fix-chain")
                .el("h2", "Fix chain")
                .open("table")
                .open("tr")
                .el("th", "Round", "class", "num")
                .el("th", "Cause")
                .el("th", "Evidence")
                .el("th", "Remedy applied")
                .el("th", "Duration", "class", "num")
                .close("tr");
        for (FixRound f : chain) {
            h.open("tr", "class", "round", "data-round", Integer.toString(f.round()))
                    .el("td", Integer.toString(f.round()), "class", "num")
                    .open("td")
                    .el("code", f.cause() == null ? "passed" : f.cause())
                    .close("td")
                    .open("td");
            if (!f.evidence().isEmpty()) {
                h.el("pre", String.join("\n", f.evidence()));
            }
            h.close("td")
                    .el("td", f.remedy() == null ? "(none)" : f.remedy())
                    .el(
                            "td",
                            Format.duration(f.durationMs()),
                            "class",
                            "num",
                            "data-duration-ms",
                            Long.toString(f.durationMs()))
                    .close("tr");
        }
        h.close("table").close("section").nl();
    }

    private void diagnosis(ReportView v) {
        var d = v.diagnosis;
        h.open("section", "id", "diagnosis", "class", "diagnosis").el("h2", "Diagnosis");
        h.open("p")
                .el("strong", d.cause() == null ? "UNKNOWN" : d.cause().name(), "id", "cause")
                .text(": " + d.summary())
                .close("p");
        if (d.phase() != null) {
            h.open("p").text("Phase: ").el("code", d.phase()).close("p");
        }
        if (d.evidence() != null && !d.evidence().isEmpty()) {
            h.el("p", "Evidence:");
            pre(d.evidence());
        }
        if (d.remediation() != null) {
            h.open("p")
                    .el("strong", "Remediation: ")
                    .el("span", d.remediation(), "id", "remediation")
                    .close("p");
        }
        h.close("section").nl();
    }

    private void timeline(ReportView v) {
        h.open("section", "id", "timeline").el("h2", "This rehearsal's timeline");
        if (v.phases.isEmpty()) {
            h.el("p", "No phase ran.").close("section").nl();
            return;
        }
        h.raw(Svg.gantt(v.phases.stream().map(ReportView.PhaseRow::phase).toList()))
                .nl();
        h.el(
                "p",
                "The rehearsal itself, on this machine. Dark blue: the import (what CNPG's import Job does); light: the "
                        + "rehearsal around it; orange: found problems; red: failed; grey: skipped.",
                "class",
                "muted");
        h.open("table", "id", "phases")
                .open("tr")
                .el("th", "Phase")
                .el("th", "Duration", "class", "num")
                .el("th", "Status")
                .el("th", "Bytes", "class", "num")
                .el("th", "Detail")
                .close("tr");
        for (ReportView.PhaseRow p : v.phases) {
            h.open(
                            "tr",
                            "class",
                            "phase",
                            "data-phase",
                            p.phase().name(),
                            "data-duration-ms",
                            Long.toString(p.phase().durationMs()),
                            "data-status",
                            p.phase().status().json())
                    .el("td", p.phase().name())
                    .el("td", p.duration(), "class", "num")
                    .el("td", p.status(), "class", p.bad() ? "bad" : null)
                    .el(
                            "td",
                            p.bytes(),
                            "class",
                            "num",
                            "data-bytes",
                            p.phase().bytes() == null ? null : p.phase().bytes().toString())
                    .el("td", p.detail() == null ? "" : p.detail())
                    .close("tr");
        }
        h.close("table");
        h.el("p", v.phasesTotal, "class", "muted");
        h.close("section").nl();
    }

    private void estimate(EstimateView v) {
        Estimate e = v.estimate;
        h.open("section", "id", "estimate").el("h2", "Production night (estimate)");
        h.raw(Svg.night(e)).nl();
        h.el(
                "p",
                "Each line of the production night at its central estimate; the dashed tail reaches the top of its range. "
                        + "Grey: cutover steps; blue: the import; green: the replicas, cloned while the steps after "
                        + "the import go on.",
                "class",
                "muted");
        h.el("p", v.statement, "class", "statement", "id", "statement");
        h.el("p", v.method, "class", "statement", "id", "method");
        h.el("p", v.production);
        h.open("table", "id", "estimate-lines")
                .open("tr")
                .el("th", "Line")
                .el("th", "Kind")
                .el("th", "Work in production", "class", "num")
                .el("th", "Fit on the rehearsals")
                .el("th", "Points", "class", "num")
                .el("th", "Central", "class", "num")
                .el("th", "Range", "class", "num")
                .close("tr");
        for (EstimateView.Line l : v.lines) {
            h.open(
                            "tr",
                            "class",
                            "import".equals(l.kind()) ? "estimate-phase" : "estimate-line",
                            "data-phase",
                            l.name(),
                            "data-central-ms",
                            Long.toString(l.range().centralMs()),
                            "data-low-ms",
                            Long.toString(l.range().lowMs()),
                            "data-high-ms",
                            Long.toString(l.range().highMs()))
                    .el("td", l.name())
                    .el("td", l.kind())
                    .el("td", l.work(), "class", "num")
                    .el("td", l.fit())
                    .el("td", l.points(), "class", "num")
                    .el("td", Format.duration(l.range().centralMs()), "class", "num")
                    .el("td", l.kind().startsWith("step") ? "as given" : Format.range(l.range()), "class", "num")
                    .close("tr");
        }
        h.open("tr")
                .el("th", "window")
                .el("td", "")
                .el("td", "")
                .el("td", "")
                .el("td", "")
                .el("th", v.window, "class", "num")
                .el("th", Format.range(e.window()), "class", "num")
                .close("tr");
        h.close("table");
        h.el("h3", "What each line follows");
        h.open("ul", "id", "models");
        for (EstimateView.Line l : v.lines) {
            if (!l.model().isEmpty()) {
                h.open("li").el("strong", l.name()).text(": " + l.model()).close("li");
            }
        }
        h.close("ul");
        h.el("h3", "Replicas, hardware, pg_restore --jobs");
        h.open("ul").el("li", v.replicas).el("li", v.hardware).el("li", v.jobs).close("ul");
        h.open("div", "id", "volume").el("h3", "Volume");
        h.el(
                "p",
                v.volume,
                "class",
                Boolean.FALSE.equals(v.volumeSufficient) ? "bad" : null,
                "data-bytes",
                Long.toString(e.volume().need().neededBytes()));
        h.el("p", "How: " + v.volumeHow + ".", "class", "muted").close("div");
        h.el("h3", "Scaling");
        h.raw(Svg.scaling(e)).nl();
        h.el(
                "p",
                "Each phase that grows with its work: the rehearsals (dots), the fitted line on the rehearsal machine, "
                        + "and production (square) with its range (bar), against the work relative to the largest "
                        + "rehearsal. Both axes logarithmic.",
                "class",
                "muted");
        h.el("h3", "Measured points");
        h.open("table", "id", "points")
                .open("tr")
                .el("th", "Line")
                .el("th", "Rehearsal")
                .el("th", "Work", "class", "num")
                .el("th", "Duration", "class", "num")
                .close("tr");
        for (EstimateView.Point p : v.points) {
            h.open("tr")
                    .el("td", p.phase())
                    .el("td", p.rehearsal())
                    .el("td", p.work(), "class", "num")
                    .el(
                            "td",
                            Format.duration(p.durationMs()),
                            "class",
                            "num",
                            "data-duration-ms",
                            Long.toString(p.durationMs()))
                    .close("tr");
        }
        h.close("table");
        if (!v.leftOut.isEmpty()) {
            h.el("h3", "Rehearsals left out").open("ul", "id", "left-out");
            v.leftOut.forEach(l -> h.el("li", l.rehearsal() + ": " + l.reason()));
            h.close("ul");
        }
        if (!v.notes.isEmpty()) {
            h.el("h3", "Caveats").open("ul");
            v.notes.forEach(n -> h.el("li", n));
            h.close("ul");
        }
        h.close("section").nl();
    }

    private void verification(ReportView v) {
        h.open("section", "id", "verification").el("h2", "Verification");
        h.el(
                "p",
                v.verificationHeadline,
                "class",
                v.verificationPassed == null ? "muted" : v.verificationPassed ? "ok" : "bad");
        if (!v.checks.isEmpty()) {
            h.open("table")
                    .open("tr")
                    .el("th", "Check")
                    .el("th", "Result")
                    .el("th", "Compared, source against target")
                    .el("th", "Detail")
                    .close("tr");
            for (Check c : v.checks) {
                h.open("tr", "class", "check", "data-passed", Boolean.toString(c.passed()))
                        .el("td", c.name())
                        .el("td", c.passed() ? "pass" : "FAIL", "class", c.passed() ? "ok" : "bad")
                        .el("td", c.compared() == null ? "" : c.compared(), "class", "muted")
                        .open("td")
                        .text(c.detail() == null ? "" : c.detail());
                if (!c.differences().isEmpty() || !c.notes().isEmpty()) {
                    h.open("ul");
                    c.differences().forEach(d -> h.el("li", d));
                    c.notes().forEach(n -> h.el("li", "note: " + n, "class", "muted"));
                    h.close("ul");
                }
                h.close("td").close("tr");
            }
            h.close("table");
        }
        h.close("section").nl();
    }

    private void preflight(ReportView v) {
        if (v.preflightHeadline == null) {
            return;
        }
        h.open("section", "id", "preflight").el("h2", "Preflight");
        h.el("p", v.preflightHeadline, "class", v.preflightGo ? "ok" : "bad");
        h.open("table")
                .open("tr")
                .el("th", "Check")
                .el("th", "Result")
                .el("th", "Detail")
                .close("tr");
        for (PreflightView.Row row : v.preflight) {
            h.open("tr", "class", "preflight-check", "data-check", row.name())
                    .el("td", row.name())
                    .el("td", row.result(), "class", row.bad() ? "bad" : null)
                    .el("td", row.detail())
                    .close("tr");
        }
        h.close("table").close("section").nl();
    }

    private void sizes(ReportView v) {
        if (v.sizes.isEmpty()) {
            return;
        }
        h.open("section", "id", "sizes").el("h2", "Sizes").open("table");
        h.open("tr")
                .el("th", "Size")
                .el("th", "Value", "class", "num")
                .el("th", "How")
                .close("tr");
        for (ReportView.SizeRow s : v.sizes) {
            h.open("tr", "class", "size", "data-size", s.label())
                    .el("th", s.label())
                    .el(
                            "td",
                            s.value(),
                            "class",
                            "num",
                            "data-bytes",
                            s.bytes() == null ? null : s.bytes().toString())
                    .el("td", s.how(), "class", "muted")
                    .close("tr");
        }
        h.close("table").close("section").nl();
    }

    private void pre(List<String> lines) {
        h.el("pre", lines == null ? "" : String.join("\n", lines));
    }
}
