package org.cnpgrehearsal.report;

import java.util.Locale;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.util.Sizes;

/** How the tune's figures read, the same in report.md, report.html and on the console. */
public final class TuneView {

    /** The variant the tuned manifest is. */
    public static TuneReport.VariantResult tuned(TuneReport r) {
        return r.variants().stream()
                .filter(v -> v.name().equals(r.tuned().variant()))
                .findFirst()
                .orElseThrow();
    }

    /** One sentence: what was rehearsed, and what the tuned manifest is. */
    public static String headline(TuneReport r) {
        TuneReport.VariantResult t = tuned(r);
        String what = "The import of " + r.manifest() + " rehearsed as written and in "
                + (r.variants().size() - 1)
                + " variants on one seeded source of " + Sizes.human(r.sourceDatabaseBytes()) + ", " + r.repeats()
                + " runs each, alternating. ";
        if (!t.passed()) {
            return what + "The manifest as written does not pass: make it pass first (rehearse --fix).";
        }
        return what
                + (t.changePercent() == null
                        ? "No change counted as faster, passed, fits the volume and may be adopted: the tuned manifest is the"
                                + " manifest as written."
                        : "Tuned: " + t.name() + ", " + changeText(t, "") + " in the median import time.");
    }

    public static String machine(TuneReport.Machine m) {
        return m.cores() + " cores"
                + (m.loadBefore() == null
                        ? ""
                        : ", load average " + m.loadBefore() + " at the start, " + m.loadAfter() + " at the end")
                + (m.productionCpu() == null ? "" : "; the manifest gives the instance " + m.productionCpu() + " CPU");
    }

    /** "20Gi (21.5 GB)", or "not set". */
    public static String volume(TuneReport r) {
        return r.storageSize() == null
                ? "not set"
                : r.storageSize() + (r.storageBytes() == null ? "" : " (" + Sizes.human(r.storageBytes()) + ")");
    }

    /** A phase's name in a table's header: the restore's sections without "restore-". */
    public static String phaseHeader(String phase) {
        return phase.replace("restore-", "");
    }

    public static String runs(TuneReport r) {
        int timed = r.variants().stream().mapToInt(v -> v.importMs().size()).sum();
        return r.repeats() + " each, " + timed + " timed imports, " + Format.duration(r.durationMs()) + " in all";
    }

    public static String range(TuneReport.VariantResult v) {
        return seconds(v.minMs()) + " - " + seconds(v.maxMs()) + " s";
    }

    /** A phase's median in seconds, or blank when the variant has no such phase. */
    public static String phase(TuneReport.VariantResult v, String name) {
        return v.phases().stream()
                .filter(p -> p.phase().equals(name))
                .findFirst()
                .map(p -> seconds(p.medianMs()))
                .orElse("");
    }

    /** "-38.2 % (faster)", "+1.3 % (noise)"; blank for the manifest as written. */
    public static String changeText(TuneReport.VariantResult v, String before) {
        if (v.changePercent() == null) {
            return "";
        }
        return before
                + String.format(Locale.ROOT, "%+.1f %%", v.changePercent())
                + (v.faster() ? " (faster)" : " (noise)");
    }

    public static String ruleSentence(TuneReport r) {
        return "Faster or noise: " + r.rule() + ".";
    }

    /** "as written 3 h 10 min (2 h 40 min to 3 h 58 min), tuned ...". */
    public static String windows(TuneReport.Tuned t) {
        return "as written " + window(t.asWrittenEstimate())
                + (t.tunedEstimate() == null ? "" : ", tuned " + window(t.tunedEstimate()));
    }

    public static String window(Estimate e) {
        return Format.duration(e.window().centralMs()) + " (" + Format.range(e.window()) + ")";
    }

    public static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f", ms / 1000.0);
    }

    private TuneView() {}
}
