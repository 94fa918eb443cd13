package org.cnpgrehearsal.tune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.cnpgrehearsal.engine.ImportVariants;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.report.TuneReport;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.PhaseStatus;
import org.cnpgrehearsal.timeline.Phases;

/**
 * The runs of one variant and what they add up to. Its import time is the sum of the import's phases (what CNPG's
 * import Job does: {@link Phases#IMPORT}), never the reset or the verification. Each run is tagged with the stage it
 * ran in, so that a variant is compared with the runs of the manifest as written that alternated with it.
 */
final class VariantRuns {

    /** One import of the variant, in stage {@code stage}. */
    record Tagged(ImportVariants.Run run, int stage) {}

    private final Variant variant;
    private final List<Tagged> runs = new ArrayList<>();

    VariantRuns(Variant variant) {
        this.variant = variant;
    }

    Variant variant() {
        return variant;
    }

    void add(ImportVariants.Run run, int stage) {
        runs.add(new Tagged(run, stage));
    }

    List<Tagged> runs() {
        return List.copyOf(runs);
    }

    /** Whether every run succeeded (and the verified one passed verification). */
    boolean passed() {
        return !runs.isEmpty()
                && runs.stream().allMatch(t -> t.run().result().report().succeeded());
    }

    /** The first run that failed, when one did. */
    RehearsalReport failure() {
        return runs.stream()
                .map(t -> t.run().result().report())
                .filter(r -> !r.succeeded())
                .findFirst()
                .orElse(null);
    }

    /** The run that was verified (the first), else the first. */
    ImportVariants.Run verified() {
        return runs.stream()
                .map(Tagged::run)
                .filter(r -> r.result().report().judgement().verification() != null)
                .findFirst()
                .orElse(runs.get(0).run());
    }

    /** The stages the variant ran in. */
    Set<Integer> stages() {
        return runs.stream().map(Tagged::stage).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Import times of the succeeded runs, in run order. */
    List<Long> times() {
        return succeededReports().stream().map(VariantRuns::importMs).toList();
    }

    /** Import times of the succeeded runs in stage {@code stage}, in run order. */
    List<Long> times(int stage) {
        return runs.stream()
                .filter(t -> t.stage() == stage)
                .map(t -> t.run().result().report())
                .filter(RehearsalReport::succeeded)
                .map(VariantRuns::importMs)
                .toList();
    }

    /** The reports of the succeeded runs (what an estimate is fitted on). */
    List<RehearsalReport> succeededReports() {
        return runs.stream()
                .map(t -> t.run().result().report())
                .filter(RehearsalReport::succeeded)
                .toList();
    }

    List<TuneReport.PhaseStat> phases() {
        List<TuneReport.PhaseStat> out = new ArrayList<>();
        for (String phase : Phases.IMPORT) {
            List<Long> ms = new ArrayList<>();
            for (RehearsalReport r : succeededReports()) {
                r.facts().phases().stream()
                        .filter(p -> p.name().equals(phase) && p.status() == PhaseStatus.SUCCEEDED)
                        .mapToLong(PhaseRecord::durationMs)
                        .reduce(Long::sum)
                        .ifPresent(ms::add);
            }
            if (!ms.isEmpty()) {
                out.add(new TuneReport.PhaseStat(phase, median(ms), Collections.min(ms), Collections.max(ms)));
            }
        }
        return out;
    }

    /** The most the target's volume held at once over the runs; empty when not measured. */
    OptionalLong peakBytes() {
        return runs.stream()
                .map(t -> t.run().peakBytes())
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .max();
    }

    /** The most WAL one import wrote; null when not measured. */
    Long walBytes() {
        return runs.stream()
                .map(t -> t.run().walBytes())
                .filter(w -> w != null)
                .max(Long::compare)
                .orElse(null);
    }

    /** The import's phases summed: roles through finalize. */
    static long importMs(RehearsalReport r) {
        return r.facts().phases().stream()
                .filter(p -> Phases.IMPORT.contains(p.name()))
                .mapToLong(PhaseRecord::durationMs)
                .sum();
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
