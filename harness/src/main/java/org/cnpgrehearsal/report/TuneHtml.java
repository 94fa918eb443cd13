package org.cnpgrehearsal.report;

import java.util.List;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.util.Sizes;

/**
 * The tune's {@code report.html}: one self-contained XHTML file like every report, with a chart of the import's phases
 * per variant (median of each phase stacked, the range of the total as a whisker). Figures are also carried as
 * {@code data-*} attributes so that tools and tests can read them back.
 */
public final class TuneHtml {

    private final Html h = new Html();

    public static String render(TuneReport r) {
        return new TuneHtml().report(r);
    }

    private String report(TuneReport r) {
        String title = "Tuning report: " + r.scenario();
        h.start(title, HtmlReport.CSS);
        h.el("h1", title).nl();
        h.el("p", TuneView.headline(r), "class", "headline").nl();
        summary(r);
        h.open("section", "id", "chart").el("h2", "Phases per variant");
        h.raw(chart(r.variants()));
        h.el(
                "p",
                "Each bar stacks the median of each import phase; the whisker spans the fastest and slowest run.",
                "class",
                "muted");
        h.close("section").nl();
        variants(r);
        if (!r.skipped().isEmpty()) {
            h.open("section", "id", "not-measured").el("h2", "Not measured").open("ul");
            r.skipped()
                    .forEach(s -> h.open("li")
                            .el("strong", s.knob())
                            .text(": " + s.reason())
                            .close("li"));
            h.close("ul").close("section").nl();
        }
        h.open("section", "id", "tuned-manifest").el("h2", "The tuned manifest");
        h.open("p")
                .text("File ")
                .el("code", r.tuned().manifestFile())
                .text(", diff ")
                .el("code", r.tuned().diffFile());
        h.close("p");
        h.el(
                "pre",
                r.tuned().diff().isBlank()
                        ? "(no change: the manifest as written)"
                        : r.tuned().diff(),
                "id",
                "diff");
        h.close("section").nl();
        if (r.tuned().asWrittenEstimate() != null) {
            production(r.tuned());
        }
        h.open("section", "id", "notes").el("h2", "Notes").open("ul");
        r.notes().forEach(n -> h.el("li", n));
        h.close("ul").close("section").nl();
        return h.end();
    }

    private void summary(TuneReport r) {
        h.open("section", "id", "summary").open("table");
        kv("Scenario", r.scenario());
        kv("Manifest", r.manifest());
        if (r.postgresVersions() != null) {
            var v = r.postgresVersions();
            kv(
                    "Platform",
                    r.platform() + ", PostgreSQL " + v.sourceMajor() + " -> " + v.targetMajor()
                            + (v.clientVersion() == null ? "" : " (pg_dump " + v.clientVersion() + ")"));
        }
        kv("Source database", Sizes.human(r.sourceDatabaseBytes()));
        kv("Machine", TuneView.machine(r.machine()));
        kv("Runs", TuneView.runs(r));
        kv("Volume (storage.size)", TuneView.volume(r));
        TuneReport.VariantResult t = TuneView.tuned(r);
        kv("Tuned", t.name() + TuneView.changeText(t, " "));
        if (r.tuned().asWrittenEstimate() != null) {
            kv("Production window", TuneView.windows(r.tuned()));
        }
        h.close("table").close("section").nl();
    }

    private void kv(String k, String v) {
        h.open("tr").el("th", k).el("td", v).close("tr");
    }

    private void variants(TuneReport r) {
        h.open("section", "id", "variants")
                .el("h2", "Variants, ranked")
                .open("table")
                .open("tr");
        for (String c : List.of("#", "Variant", "Import (median)", "Range")) {
            h.el("th", c);
        }
        Phases.IMPORT.forEach(p -> h.el("th", TuneView.phaseHeader(p), "class", "num"));
        for (String c : List.of("vs as written", "Peak disk", "Largest database on the volume", "Verification")) {
            h.el("th", c);
        }
        h.el("th", "Tuned").close("tr");
        for (TuneReport.VariantResult v : r.variants()) {
            boolean timed = !v.importMs().isEmpty();
            h.open("tr", "data-variant", v.name(), "data-median-ms", timed ? String.valueOf(v.medianMs()) : null);
            h.el("td", String.valueOf(v.rank()), "class", "num");
            h.el("td", v.name());
            h.el("td", timed ? Format.duration(v.medianMs()) : "", "class", "num");
            h.el("td", timed ? TuneView.range(v) : "", "class", "num");
            Phases.IMPORT.forEach(p -> h.el("td", TuneView.phase(v, p), "class", "num"));
            h.el("td", TuneView.changeText(v, ""), "class", v.faster() ? "num ok" : "num");
            h.el("td", v.peakBytes() == null ? "" : Sizes.human(v.peakBytes()), "class", "num");
            h.el(
                    "td",
                    (v.largestDatabaseBytes() == null ? "" : Sizes.human(v.largestDatabaseBytes()))
                            + (Boolean.FALSE.equals(v.fitsVolume()) ? " (does not fit)" : ""),
                    "class",
                    Boolean.FALSE.equals(v.fitsVolume()) ? "num bad" : "num");
            h.el("td", v.verification(), "class", v.passed() ? "ok" : "bad");
            h.el("td", v.notAdopted() == null ? "tuned" : "no", "class", v.notAdopted() == null ? "ok" : null);
            h.close("tr");
        }
        h.close("table");
        h.el("p", "Phases: median over the runs, in seconds. " + TuneView.ruleSentence(r), "class", "muted");
        h.el("h3", "Why the others are not the tuned manifest").open("ul");
        r.variants().stream()
                .filter(v -> v.notAdopted() != null)
                .forEach(v -> h.open("li")
                        .el("strong", v.name())
                        .text(": " + v.notAdopted())
                        .close("li"));
        h.close("ul");
        List<TuneReport.VariantResult> withConsequences =
                r.variants().stream().filter(v -> !v.consequences().isEmpty()).toList();
        if (!withConsequences.isEmpty()) {
            h.el("h3", "What the changes do besides the speed").open("ul");
            withConsequences.forEach(v -> h.open("li")
                    .el("strong", v.name())
                    .text(": " + String.join("; ", v.consequences()))
                    .close("li"));
            h.close("ul");
        }
        h.close("section").nl();
    }

    private void production(TuneReport.Tuned t) {
        Estimate a = t.asWrittenEstimate();
        Estimate b = t.tunedEstimate();
        h.open("section", "id", "production").el("h2", "Production window").open("table");
        h.open("tr").el("th", "").el("th", "as written");
        if (b != null) {
            h.el("th", "tuned");
        }
        h.close("tr");
        productionRow(
                "Window, central",
                Format.duration(a.window().centralMs()),
                b == null ? null : Format.duration(b.window().centralMs()));
        productionRow("Window, range", Format.range(a.window()), b == null ? null : Format.range(b.window()));
        if (a.volume() != null) {
            productionRow(
                    "Volume the import needs",
                    Sizes.human(a.volume().need().neededBytes()),
                    b == null || b.volume() == null
                            ? null
                            : Sizes.human(b.volume().need().neededBytes()));
        }
        h.close("table")
                .el("p", a.statement(), "class", "statement")
                .close("section")
                .nl();
    }

    private void productionRow(String name, String asWritten, String tuned) {
        h.open("tr").el("th", name).el("td", asWritten, "class", "num");
        if (tuned != null) {
            h.el("td", tuned, "class", "num");
        }
        h.close("tr");
    }

    /** One row per variant: its phases' medians stacked, the range of its import time as a whisker. */
    static String chart(List<TuneReport.VariantResult> variants) {
        int left = 300;
        int width = 520;
        int right = 90;
        int rowH = 24;
        int top = 30;
        int axisH = 26;
        long max = Math.max(
                1,
                variants.stream()
                        .mapToLong(TuneReport.VariantResult::maxMs)
                        .max()
                        .orElse(1));
        int w = left + width + right;
        int hgt = top + rowH * variants.size() + axisH;
        StringBuilder s = new StringBuilder();
        s.append(
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"tune-chart\" role=\"img\" viewBox=\"0 0 ")
                .append(w)
                .append(' ')
                .append(hgt)
                .append("\" width=\"")
                .append(w)
                .append("\" height=\"")
                .append(hgt)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">");
        s.append("<title>Import phases per variant (median of each phase)</title>");
        double lx = left;
        for (int i = 0; i < Phases.IMPORT.size(); i++) {
            s.append(rect(lx, 6, 12, 12, Svg.PALETTE[i % Svg.PALETTE.length], null));
            s.append(text(lx + 16, 16, "start", TuneView.phaseHeader(Phases.IMPORT.get(i))));
            lx += 28 + 7 * TuneView.phaseHeader(Phases.IMPORT.get(i)).length();
        }
        for (int i = 0; i < variants.size(); i++) {
            TuneReport.VariantResult v = variants.get(i);
            double y = top + rowH * i;
            String name = v.name().length() > 44 ? v.name().substring(0, 43) + "…" : v.name();
            s.append("<g data-variant=\"")
                    .append(Html.esc(v.name()))
                    .append("\"><title>")
                    .append(Html.esc(v.name()))
                    .append("</title>");
            s.append(text(left - 6, y + 16, "end", name));
            if (v.importMs().isEmpty()) {
                s.append(text(left + 4, y + 16, "start", "failed: " + v.verification(), "#c62828"));
                s.append("</g>");
                continue;
            }
            double x = left;
            for (int p = 0; p < Phases.IMPORT.size(); p++) {
                String phase = Phases.IMPORT.get(p);
                long ms = v.phases().stream()
                        .filter(st -> st.phase().equals(phase))
                        .mapToLong(TuneReport.PhaseStat::medianMs)
                        .sum();
                double bw = width * (double) ms / max;
                if (bw > 0) {
                    s.append(rect(
                            x,
                            y + 4,
                            bw,
                            rowH - 8,
                            Svg.PALETTE[p % Svg.PALETTE.length],
                            phase + " " + Format.duration(ms)));
                    x += bw;
                }
            }
            double x0 = left + width * (double) v.minMs() / max;
            double x1 = left + width * (double) v.maxMs() / max;
            double ym = y + rowH / 2.0;
            s.append("<line x1=\"")
                    .append(Svg.num(x0))
                    .append("\" y1=\"")
                    .append(Svg.num(ym))
                    .append("\" x2=\"")
                    .append(Svg.num(x1))
                    .append("\" y2=\"")
                    .append(Svg.num(ym))
                    .append("\" stroke=\"#222\" stroke-width=\"1.5\"/>");
            s.append(text(Math.max(x, x1) + 6, y + 16, "start", Format.duration(v.medianMs())));
            s.append("</g>");
        }
        double axisY = top + rowH * variants.size();
        for (int t = 0; t <= 4; t++) {
            double x = left + width * t / 4.0;
            s.append("<line x1=\"")
                    .append(Svg.num(x))
                    .append("\" y1=\"")
                    .append(top)
                    .append("\" x2=\"")
                    .append(Svg.num(x))
                    .append("\" y2=\"")
                    .append(Svg.num(axisY))
                    .append("\" stroke=\"#ddd\"/>");
            s.append(text(x, axisY + 16, "middle", Format.duration(Math.round(max * t / 4.0))));
        }
        return s.append("</svg>").toString();
    }

    private static String rect(double x, double y, double w, double hgt, String fill, String title) {
        return "<rect x=\"" + Svg.num(x) + "\" y=\"" + Svg.num(y) + "\" width=\"" + Svg.num(w) + "\" height=\""
                + Svg.num(hgt) + "\" fill=\"" + fill + "\">"
                + (title == null ? "" : "<title>" + Html.esc(title) + "</title>")
                + "</rect>";
    }

    private static String text(double x, double y, String anchor, String content) {
        return text(x, y, anchor, content, "#222");
    }

    private static String text(double x, double y, String anchor, String content, String fill) {
        return "<text x=\"" + Svg.num(x) + "\" y=\"" + Svg.num(y) + "\" text-anchor=\"" + anchor + "\" fill=\"" + fill
                + "\">" + Html.esc(content) + "</text>";
    }
}
