package org.cnpgrehearsal.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.diagnose.Diagnosis;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.preflight.Check;
import org.cnpgrehearsal.results.PrepStep;
import org.cnpgrehearsal.results.SourcePrep;
import org.cnpgrehearsal.timeline.Phases;

/**
 * The answer a DBA reads first, in this order: will production work with this manifest (and if not, every blocking
 * reason: a failed import or verification, a preflight no-go, a volume too small for production), the production
 * window with its range, and the source preparation the rehearsal relied on; then what to act on although it passed.
 *
 * @param works      no blocking reason
 * @param unchecked  what the rehearsal could not judge for production (no production size given)
 * @param window     the production window with its range, or null when not estimated
 */
public record Verdict(
        boolean works,
        String headline,
        List<String> blocking,
        List<String> unchecked,
        String window,
        List<String> sourcePrep,
        List<String> warnings) {

    static Verdict of(RehearsalReport r) {
        List<String> blocking = new ArrayList<>();
        Diagnosis d = r.facts().diagnosis();
        if (!r.succeeded()) {
            blocking.add(
                    d == null
                            ? "the rehearsal failed"
                            : (Phases.VERIFY.equals(d.phase())
                                            ? "the import ran through but verification failed: "
                                            : "the import failed in " + d.phase() + ": ")
                                    + d.cause() + ", " + d.summary() + ". Fix: " + d.remediation()
                                    + volumeFigure(r, d));
        }
        if (r.preflight() != null && !r.preflight().go()) {
            for (Check c : r.preflight().checks()) {
                if (c.failed()) {
                    blocking.add("preflight no-go, " + c.id() + ": " + c.fix());
                }
            }
        }
        Estimate e = r.estimate();
        if (e != null && Boolean.FALSE.equals(e.volume().sufficient())) {
            blocking.add(volume(e));
        }
        List<String> unchecked = new ArrayList<>();
        if (e == null) {
            unchecked.add("production's window and the volume production needs: no production size was given "
                    + "(--production-size SIZE or --profile FILE)");
        } else if (e.volume().sufficient() == null) {
            unchecked.add(noStorage(e));
        }
        boolean works = blocking.isEmpty();
        return new Verdict(
                works,
                headline(works, blocking, e != null),
                List.copyOf(blocking),
                List.copyOf(unchecked),
                e == null ? null : window(e),
                prep(r.sourcePrep()),
                r.warnings());
    }

    /**
     * The verdict of a sweep's estimate: every blocking reason of the rehearsals (of the estimate's scenario, manifest
     * and fixture: a size that failed blocks too), named with the rehearsals it came from, and the production volume;
     * the window from the estimate; the source preparation and the warnings of all of them.
     */
    public static Verdict of(List<Labelled> rehearsals, Estimate e) {
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        SourcePrep prep = SourcePrep.none();
        Set<String> warnings = new LinkedHashSet<>();
        for (Labelled l : rehearsals) {
            Verdict one = of(l.report().withEstimate(null));
            one.blocking()
                    .forEach(b ->
                            reasons.computeIfAbsent(b, k -> new ArrayList<>()).add(l.label()));
            prep = prep.with(l.report().sourcePrep());
            warnings.addAll(l.report().warnings());
        }
        List<String> blocking = new ArrayList<>();
        reasons.forEach((reason, labels) -> blocking.add(reason + " (" + String.join(", ", labels) + ")"));
        if (Boolean.FALSE.equals(e.volume().sufficient())) {
            blocking.add(volume(e));
        }
        List<String> unchecked = e.volume().sufficient() == null ? List.of(noStorage(e)) : List.of();
        boolean works = blocking.isEmpty();
        return new Verdict(
                works,
                headline(works, blocking, true),
                List.copyOf(blocking),
                unchecked,
                window(e),
                prep(prep),
                List.copyOf(warnings));
    }

    /** A rehearsal and how the estimate names it (its folder). */
    public record Labelled(String label, RehearsalReport report) {}

    private static String volume(Estimate e) {
        return "volume: production needs " + e.volume().need().quantity() + ", the manifest asks for "
                + Format.quantity(e.volume().manifestStorageBytes()) + " (spec.storage.size): raise it to at least "
                + e.volume().need().quantity();
    }

    private static String noStorage(Estimate e) {
        return "the manifest's volume: it has no spec.storage.size to compare with the "
                + e.volume().need().quantity() + " production needs";
    }

    private static String headline(boolean works, List<String> blocking, boolean estimated) {
        return works
                ? estimated
                        ? "Production will work with this manifest, as rehearsed."
                        : "This manifest works at the rehearsed size; production's size was not checked."
                : "Production will NOT work with this manifest: " + blocking.size() + " blocking reason"
                        + (blocking.size() == 1 ? "" : "s") + ".";
    }

    /** After a full disk, the one volume figure (with how, in Sizes), so that the fix names a size. */
    private static String volumeFigure(RehearsalReport r, Diagnosis d) {
        var sizes = r.facts().sizes();
        if (d.cause() != Cause.DISK_FULL
                || sizes == null
                || sizes.volume() == null
                || sizes.volume().need() == null) {
            return "";
        }
        return " (the volume needed for the rehearsed database: "
                + sizes.volume().need().quantity() + ")";
    }

    /** "2 h 09 min (1 h 31 min to 3 h 40 min) for 250 GB, from ... until ...". */
    static String window(Estimate e) {
        boolean replicas =
                e.replicas() != null && e.replicas().count() > 0 && e.replicas().perReplica() != null;
        return Format.duration(e.window().centralMs()) + " (" + Format.range(e.window()) + ") for "
                + Format.bytes(e.production().databaseBytes()) + ", from the first cutover step until "
                + (replicas
                        ? "the " + e.replicas().count() + " replica"
                                + (e.replicas().count() == 1 ? " is" : "s are") + " back"
                        : "the last cutover step")
                + (e.replicas() != null
                                && e.replicas().perReplica() == null
                                && e.replicas().count() > 0
                        ? " (the replicas' clone is not included: "
                                + e.replicas().note() + ")"
                        : "");
    }

    private static List<String> prep(SourcePrep prep) {
        if (prep.isEmpty()) {
            return List.of("none: the source as the Zalando operator leaves it");
        }
        return prep.steps().stream().map(PrepStep::summary).toList();
    }
}
