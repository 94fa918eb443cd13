package org.cnpgrehearsal.report;

import java.util.List;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.util.Sizes;

/** The tune's {@code report.md}: the verdict, the ranked variants with their phases, the tuned manifest's diff. */
public final class TuneMarkdown {

    private final StringBuilder md = new StringBuilder();

    public static String render(TuneReport r) {
        return new TuneMarkdown().report(r);
    }

    private String report(TuneReport r) {
        TuneReport.VariantResult tuned = TuneView.tuned(r);
        line("# Tuning report: " + MarkdownReport.cell(r.scenario())).line();
        line(MarkdownReport.cell(TuneView.headline(r))).line();
        line("| | |").line("|---|---|");
        row("Scenario", code(r.scenario()));
        row("Manifest", code(r.manifest()));
        if (r.postgresVersions() != null) {
            var v = r.postgresVersions();
            row(
                    "Platform",
                    MarkdownReport.cell(r.platform()) + ", PostgreSQL " + v.sourceMajor() + " -> " + v.targetMajor()
                            + (v.clientVersion() == null
                                    ? ""
                                    : " (pg_dump " + MarkdownReport.cell(v.clientVersion()) + ")"));
        }
        row("Source database", Sizes.human(r.sourceDatabaseBytes()));
        row("Machine", MarkdownReport.cell(TuneView.machine(r.machine())));
        row("Runs", MarkdownReport.cell(TuneView.runs(r)));
        if (r.startedAt() != null) {
            row("Started", MarkdownReport.cell(r.startedAt().toString()));
        }
        row("Volume (storage.size)", TuneView.volume(r));
        row("Tuned", "**" + MarkdownReport.cell(tuned.name()) + "**" + TuneView.changeText(tuned, " "));
        row(
                "Tuned manifest",
                code(r.tuned().manifestFile()) + " (diff: " + code(r.tuned().diffFile()) + ")");
        if (r.tuned().asWrittenEstimate() != null) {
            row("Production window", MarkdownReport.cell(TuneView.windows(r.tuned())));
        }
        line();
        variants(r);
        if (!r.skipped().isEmpty()) {
            line("## Not measured").line();
            r.skipped()
                    .forEach(s ->
                            line("- **" + MarkdownReport.cell(s.knob()) + "**: " + MarkdownReport.cell(s.reason())));
            line();
        }
        line("## The tuned manifest").line();
        if (r.tuned().diff().isBlank()) {
            line("The same as the manifest as written: no change counted as faster, passed, fits the volume and may be "
                            + "adopted.")
                    .line();
        } else {
            line("```diff");
            r.tuned().diff().lines().forEach(this::line);
            line("```").line();
        }
        if (r.tuned().asWrittenEstimate() != null) {
            production(r.tuned());
        }
        line("## Notes").line();
        r.notes().forEach(n -> line("- " + MarkdownReport.cell(n)));
        line();
        return md.toString();
    }

    private void variants(TuneReport r) {
        line("## Variants, ranked").line();
        StringBuilder head = new StringBuilder("| # | Variant | Import (median) | Range |");
        StringBuilder rule = new StringBuilder("|---:|---|---:|---:|");
        for (String p : Phases.IMPORT) {
            head.append(' ').append(TuneView.phaseHeader(p)).append(" |");
            rule.append("---:|");
        }
        head.append(" vs as written | Peak disk | Largest database on the volume | Verification | Tuned |");
        rule.append("---:|---:|---:|---|---|");
        line(head.toString()).line(rule.toString());
        for (TuneReport.VariantResult v : r.variants()) {
            boolean timed = !v.importMs().isEmpty();
            StringBuilder b = new StringBuilder("| " + v.rank() + " | " + MarkdownReport.cell(v.name()) + " | ");
            b.append(timed ? Format.duration(v.medianMs()) : "").append(" | ");
            b.append(timed ? TuneView.range(v) : "").append(" |");
            for (String p : Phases.IMPORT) {
                b.append(' ').append(TuneView.phase(v, p)).append(" |");
            }
            b.append(' ').append(TuneView.changeText(v, "")).append(" | ");
            b.append(v.peakBytes() == null ? "" : Sizes.human(v.peakBytes())).append(" | ");
            b.append(v.largestDatabaseBytes() == null ? "" : Sizes.human(v.largestDatabaseBytes()));
            b.append(Boolean.FALSE.equals(v.fitsVolume()) ? " (does not fit)" : "")
                    .append(" | ");
            b.append(v.passed() ? "passed" : "**" + MarkdownReport.cell(v.verification()) + "**")
                    .append(" | ");
            b.append(v.notAdopted() == null ? "**tuned**" : "no").append(" |");
            line(b.toString());
        }
        line();
        line("Each phase: median over the runs, in seconds. " + MarkdownReport.cell(TuneView.ruleSentence(r)))
                .line();
        line("Why the others are not the tuned manifest:").line();
        r.variants().stream()
                .filter(v -> v.notAdopted() != null)
                .forEach(v ->
                        line("- **" + MarkdownReport.cell(v.name()) + "**: " + MarkdownReport.cell(v.notAdopted())));
        line();
        List<TuneReport.VariantResult> withConsequences =
                r.variants().stream().filter(v -> !v.consequences().isEmpty()).toList();
        if (!withConsequences.isEmpty()) {
            line("What the changes do besides the speed:").line();
            for (TuneReport.VariantResult v : withConsequences) {
                line("- **" + MarkdownReport.cell(v.name()) + "**: "
                        + MarkdownReport.cell(String.join("; ", v.consequences())));
            }
            line();
        }
    }

    private void production(TuneReport.Tuned t) {
        line("## Production window").line();
        Estimate a = t.asWrittenEstimate();
        Estimate b = t.tunedEstimate();
        line("| | as written" + (b == null ? "" : " | tuned") + " |")
                .line("|---|---:" + (b == null ? "" : "|---:") + "|");
        line("| Window, central | " + Format.duration(a.window().centralMs())
                + (b == null ? "" : " | " + Format.duration(b.window().centralMs())) + " |");
        line("| Window, range | " + Format.range(a.window()) + (b == null ? "" : " | " + Format.range(b.window()))
                + " |");
        if (a.volume() != null) {
            line("| Volume the import needs | " + Sizes.human(a.volume().need().neededBytes())
                    + (b == null || b.volume() == null
                            ? ""
                            : " | " + Sizes.human(b.volume().need().neededBytes())) + " |");
        }
        line();
        line(MarkdownReport.cell(a.statement())).line();
    }

    private void row(String k, String v) {
        line("| " + k + " | " + v + " |");
    }

    private static String code(String s) {
        return s == null ? "" : "`" + s.replace("`", "'").replace("|", "\\|") + "`";
    }

    private TuneMarkdown line(String s) {
        md.append(s).append('\n');
        return this;
    }

    private TuneMarkdown line() {
        md.append('\n');
        return this;
    }
}
