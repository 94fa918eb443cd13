package org.cnpgrehearsal.tune;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.cnpgrehearsal.engine.Rehearsal;
import org.cnpgrehearsal.engine.Version;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ManifestChange;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.report.TuneReport;
import org.cnpgrehearsal.report.TuneReportWriter;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.Sizes;

/**
 * What a tune's runs add up to: each variant's figures, the ranking, the tuned manifest (the fastest variant that
 * passed, counted as faster by {@link Faster}, fits the volume and may be adopted; else the manifest as written), its
 * diff, and with a production size the window of both. Written into the report folder and printed.
 */
final class TuneResults {

    private final TuneRun.Measured measured;
    private final ClusterManifest asWritten;
    private final TuneRun.Settings settings;
    private final Instant started;
    private final String loadBefore;
    private final String loadAfter;
    private final Map<Variant, Estimate> estimates = new HashMap<>();

    TuneResults(
            TuneRun.Measured measured,
            ClusterManifest asWritten,
            TuneRun.Settings settings,
            Instant started,
            String loadBefore,
            String loadAfter) {
        this.measured = measured;
        this.asWritten = asWritten;
        this.settings = settings;
        this.started = started;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
        measured.runs().forEach((v, r) -> estimate(r, settings).ifPresent(e -> estimates.put(v, e)));
    }

    TuneRun.Outcome write(Path dir, PrintStream out) throws Exception {
        VariantRuns base = measured.asWritten();
        Variant tuned = tuned();
        ManifestChange.write(
                asWritten,
                tuned.manifest(asWritten),
                dir,
                TuneRun.TUNED_MANIFEST,
                TuneRun.DIFF,
                asWritten.file().getFileName()
                        + (tuned.isAsWritten()
                                ? " as written: rehearse --tune measured no change faster here (see report.md)"
                                : " as tuned by rehearse --tune: " + tuned.name() + " (see report.md)"));
        RehearsalReport first = base.verified().result().report();
        TuneReport report = new TuneReport(
                "cnpg-rehearsal",
                Version.text(),
                first.scenario(),
                first.facts().environment().platform(),
                started,
                Duration.between(started, Instant.now()).toMillis(),
                first.facts().environment().postgresVersions(),
                String.valueOf(asWritten.file()),
                asWritten.storageSize(),
                storageBytes(),
                first.facts().sizes().sourceDatabaseBytes(),
                new TuneReport.Machine(
                        Machine.cores(),
                        loadBefore,
                        loadAfter,
                        asWritten.resource("cpu").orElse(null)),
                measured.repeats(),
                Faster.rule(measured.repeats(), measured.repeats()),
                ranked(tuned),
                measured.skipped().stream()
                        .map(p -> new TuneReport.Skipped(p.knob(), p.skipped()))
                        .toList(),
                new TuneReport.Tuned(
                        tuned.name(),
                        TuneRun.TUNED_MANIFEST,
                        TuneRun.DIFF,
                        Files.readString(dir.resolve(TuneRun.DIFF)),
                        estimates.get(Variant.asWritten()),
                        tuned.isAsWritten() ? null : estimates.get(tuned)),
                notes());
        TuneReportWriter.write(report, dir);
        TuneConsole.print(report, dir, out);
        return new TuneRun.Outcome(
                report, dir, base.passed() && measured.runs().get(tuned).passed());
    }

    /** The candidate rehearsed again, when it passed, fits, may be adopted and was faster again; else as written. */
    Variant tuned() {
        VariantRuns c = candidate();
        return c != null && notCandidate(c) == null ? c.variant() : Variant.asWritten();
    }

    /** The variant rehearsed again to confirm it (see {@link TuneRun}); null when none was. */
    private VariantRuns candidate() {
        return measured.runs().values().stream()
                .filter(r ->
                        !r.variant().isAsWritten() && !r.times(TuneRun.CONFIRM).isEmpty())
                .findFirst()
                .orElse(null);
    }

    /** Why {@code r} cannot be the tuned manifest; null when it can (the manifest as written always can). */
    private String notCandidate(VariantRuns r) {
        if (r.variant().isAsWritten()) {
            return null;
        }
        if (!r.passed()) {
            return "it did not pass";
        }
        if (r.variant().notAdopted() != null) {
            return r.variant().notAdopted();
        }
        if (needsMoreRoom(r)) {
            return "the manifest's volume (" + asWritten.storageSize() + ") would not hold it";
        }
        if (!faster(r)) {
            return r.times(TuneRun.CONFIRM).isEmpty()
                    ? "not faster than the manifest as written by the rule"
                    : "faster in its rounds, not again when rehearsed once more against the manifest as written";
        }
        return null;
    }

    /** Why {@code r} is not the tuned manifest; null when it is. */
    private String notTuned(VariantRuns r, Variant tuned) {
        if (r.variant().equals(tuned)) {
            return null;
        }
        String reason = notCandidate(r);
        if (reason != null) {
            return reason;
        }
        if (r.variant().isAsWritten()) {
            return "slower than " + tuned.name();
        }
        VariantRuns c = candidate();
        if (c != null && c.variant().changes().containsAll(r.variant().changes())) {
            return "rehearsed again as part of " + c.variant().name();
        }
        return "a faster change of the same knob was rehearsed again";
    }

    List<TuneReport.VariantResult> ranked(Variant tuned) {
        List<VariantRuns> order = new ArrayList<>(measured.runs().values());
        order.sort(Comparator.comparing((VariantRuns r) -> !r.passed())
                .thenComparingLong(r -> r.passed() ? VariantRuns.median(r.times()) : 0));
        List<TuneReport.VariantResult> out = new ArrayList<>();
        for (VariantRuns r : order) {
            List<Long> ms = r.times();
            long median = medianOrZero(ms);
            OptionalLong peak = r.peakBytes();
            Estimate e = estimates.get(r.variant());
            out.add(new TuneReport.VariantResult(
                    out.size() + 1,
                    r.variant().name(),
                    r.variant().changes().stream().map(Change::label).toList(),
                    r.variant().changes().stream()
                            .map(Change::consequence)
                            .filter(Objects::nonNull)
                            .toList(),
                    ms,
                    median,
                    ms.isEmpty()
                            ? 0
                            : ms.stream().mapToLong(Long::longValue).min().getAsLong(),
                    ms.isEmpty()
                            ? 0
                            : ms.stream().mapToLong(Long::longValue).max().getAsLong(),
                    r.phases(),
                    peak.isPresent() ? peak.getAsLong() : null,
                    largestDatabase(peak),
                    r.walBytes(),
                    r.passed(),
                    r.passed() ? "passed" : TuneRun.failureText(r.failure()),
                    fits(r),
                    change(r),
                    faster(r),
                    notTuned(r, tuned),
                    e == null ? null : e.window().centralMs(),
                    e == null ? null : e.window().highMs(),
                    variantFolder(List.copyOf(measured.runs().keySet()).indexOf(r.variant()) + 1, r.variant())));
        }
        return out;
    }

    /** Whether {@code r} counted as faster ({@link Faster}) in every stage it ran in. */
    private boolean faster(VariantRuns r) {
        VariantRuns base = measured.asWritten();
        return !r.variant().isAsWritten()
                && r.stages().stream().allMatch(stage -> Faster.faster(r.times(stage), base.times(stage)));
    }

    /** The median of {@code r}'s runs against that of the manifest as written in the same stages, in percent. */
    private Double change(VariantRuns r) {
        List<Long> base = r.stages().stream()
                .flatMap(stage -> measured.asWritten().times(stage).stream())
                .toList();
        List<Long> own = r.times();
        if (r.variant().isAsWritten() || own.isEmpty() || base.isEmpty()) {
            return null;
        }
        long b = VariantRuns.median(base);
        return Math.round(1000.0 * (VariantRuns.median(own) - b) / b) / 10.0;
    }

    private Boolean fits(VariantRuns r) {
        return fits(r, asWritten, settings, estimates.get(r.variant())).orElse(null);
    }

    private boolean needsMoreRoom(VariantRuns r) {
        return needsMoreRoom(r, measured.asWritten(), asWritten, settings);
    }

    /**
     * Whether {@code r} needs a volume the manifest does not have where the manifest as written ({@code base}) does
     * not, or, when the manifest as written does not fit either, more than it.
     */
    static boolean needsMoreRoom(
            VariantRuns r, VariantRuns base, ClusterManifest asWritten, TuneRun.Settings settings) {
        if (!Boolean.FALSE.equals(fits(r, asWritten, settings).orElse(null))) {
            return false;
        }
        if (!Boolean.FALSE.equals(fits(base, asWritten, settings).orElse(null))) {
            return true;
        }
        Long own = need(r, settings);
        Long written = need(base, settings);
        return own == null || written == null || own > written;
    }

    /** What the volume must hold for {@code r}: the estimate's requirement in production, else the peak here. */
    private static Long need(VariantRuns r, TuneRun.Settings settings) {
        Estimate e = estimate(r, settings).orElse(null);
        if (e != null && e.volume() != null) {
            return e.volume().need().neededBytes();
        }
        OptionalLong peak = r.peakBytes();
        return peak.isPresent() ? peak.getAsLong() : null;
    }

    /**
     * Whether the manifest's volume holds the variant: with a production size, the estimate's volume at production;
     * without, the peak measured here (plus {@link Rehearsal#PEAK_MARGIN}) at this rehearsal's size. Empty when unknown.
     */
    static Optional<Boolean> fits(VariantRuns r, ClusterManifest asWritten, TuneRun.Settings settings) {
        return fits(r, asWritten, settings, estimate(r, settings).orElse(null));
    }

    private static Optional<Boolean> fits(
            VariantRuns r, ClusterManifest asWritten, TuneRun.Settings settings, Estimate e) {
        if (e != null && e.volume() != null && e.volume().sufficient() != null) {
            return Optional.of(e.volume().sufficient());
        }
        OptionalLong peak = r.peakBytes();
        if (asWritten.storageSize() == null || peak.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(peak.getAsLong() * (1 + Rehearsal.PEAK_MARGIN) <= Sizes.parse(asWritten.storageSize()));
    }

    /** The production estimate from the variant's runs; empty without a production size, or when none passed. */
    private static Optional<Estimate> estimate(VariantRuns r, TuneRun.Settings settings) {
        if (settings.estimator() == null || r.succeededReports().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(settings.estimator().apply(r.succeededReports()));
        } catch (BadInputException e) {
            return Optional.empty();
        }
    }

    /** The largest database the manifest's volume holds with this variant, at the peak-per-database measured here. */
    private Long largestDatabase(OptionalLong peak) {
        Long storage = storageBytes();
        long seeded = measured.asWritten()
                .verified()
                .result()
                .report()
                .facts()
                .sizes()
                .sourceDatabaseBytes();
        if (storage == null || peak.isEmpty() || peak.getAsLong() == 0) {
            return null;
        }
        return Math.round(storage * (double) seeded / (peak.getAsLong() * (1 + Rehearsal.PEAK_MARGIN)));
    }

    private Long storageBytes() {
        return asWritten.storageSize() == null ? null : Sizes.parse(asWritten.storageSize());
    }

    private List<String> notes() {
        List<String> notes = new ArrayList<>();
        int cores = Machine.cores();
        notes.add("This machine has " + cores + " cores"
                + (loadBefore == null
                        ? ""
                        : " (load average " + loadBefore + " at the start, " + loadAfter + " at the end: other work on "
                                + "the machine slows all variants alike, since they alternate)")
                + ": the parallel variants stopped at " + cores + ".");
        notes.add(asWritten
                .resource("cpu")
                .map(cpu -> "Your manifest gives the instance " + cpu + " CPU (spec.resources): pg_restore --jobs and"
                        + " max_parallel_maintenance_workers up to that many can keep it busy, pg_dump --jobs too"
                        + " when the source has the cores (each job is a session there). A change measured here that"
                        + " lowers a parallelism is never adopted; rehearse on a machine with as many cores to"
                        + " measure theirs.")
                .orElse("Your manifest sets no CPU in spec.resources: the instance may take its node's cores, and"
                        + " the parallel knobs may go as far as those (and pg_dump --jobs as far as the source's)."
                        + " A change measured here that lowers a parallelism is never adopted."));
        notes.add(String.format(
                Locale.ROOT,
                "Peak disk: the most the target's data volume held at once during the import (the dump, the restored"
                        + " data, WAL%s, temporary files), sampled. Largest database on the volume: storage.size over"
                        + " that peak per database (plus %d %%, as for a full disk); the empty target and WAL weigh"
                        + " more in a small rehearsal, so it errs on the safe side.",
                asWritten.walStorageSize() == null ? "" : " not: it has a volume of its own",
                Math.round(Rehearsal.PEAK_MARGIN * 100)));
        notes.add("The first run of each variant was verified (the differential checks of every rehearsal); the"
                + " others had to import without an error. Runs that failed are not timed.");
        if (!measured.resetMs().isEmpty()) {
            notes.add(String.format(
                    Locale.ROOT,
                    "Before each run the target was made afresh, as a new CNPG volume (a copy of the empty target as"
                            + " initdb made it with the initdb database and owner, then the variant's parameters and the"
                            + " import-only settings): %.1f s a reset"
                            + " (median of %d), not counted in the import time.",
                    VariantRuns.median(measured.resetMs()) / 1000.0,
                    measured.resetMs().size()));
        }
        if (Boolean.FALSE.equals(fits(measured.asWritten()))) {
            Long need = need(measured.asWritten(), settings);
            notes.add("The manifest's volume (" + asWritten.storageSize() + ") is smaller than the "
                    + (need == null ? "room" : Sizes.human(need)) + " the import as written needs"
                    + (estimates.isEmpty() ? " here" : " in production (the estimate)")
                    + ": enlarge storage.size first. Variants that need no more than that are still compared.");
        }
        Long wal = measured.asWritten().walBytes();
        if (wal != null) {
            notes.add("The manifest as written's import wrote " + Sizes.human(wal) + " of WAL.");
        }
        if (!estimates.isEmpty()) {
            notes.add("The production windows extrapolate runs of one size: the bound is the estimate's margin for one"
                    + " size; rehearse the tuned manifest with --sizes for a fitted one.");
        }
        return notes;
    }

    private static long medianOrZero(List<Long> ms) {
        return ms.isEmpty() ? 0 : VariantRuns.median(ms);
    }

    /** {@code variants/NN-<name>}: where a variant's verified run is reported. */
    static String variantFolder(int n, Variant v) {
        String slug =
                v.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return "variants/" + String.format(Locale.ROOT, "%02d-", n) + slug.substring(0, Math.min(60, slug.length()));
    }
}
