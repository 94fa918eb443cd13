package org.cnpgrehearsal.tune;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.cnpgrehearsal.diagnose.Diagnosis;
import org.cnpgrehearsal.engine.ImportVariants;
import org.cnpgrehearsal.engine.RehearsalRun;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.report.ReportWriter;
import org.cnpgrehearsal.report.TuneReport;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.Sizes;

/**
 * {@code rehearse --tune}: provisions and seeds once, then rehearses the import on that one source again and again,
 * each time into an empty target: the manifest as written, and one variant per change a knob proposes
 * ({@link Knobs}), round after round in a rotating order so that the manifest as written alternates with them all and
 * the noise is measured. With several variants one may come out faster by chance, so the changes that did
 * ({@link Faster}), the fastest of each knob together, are rehearsed again alternating with the manifest as written,
 * and adopted only when they are faster again. The first run of each variant is verified. The result
 * ({@link TuneResults}): the ranked variants, and the tuned manifest, {@value #TUNED_MANIFEST}, with its diff.
 */
public final class TuneRun {

    public static final String TUNED_MANIFEST = "database-cnpg.tuned.yaml";
    public static final String DIFF = "database-cnpg.tuned.diff";
    public static final int DEFAULT_REPEATS = 3;

    /** The rounds where every variant alternates with the others and the manifest as written. */
    static final int SINGLES = 1;

    /** The runs that rehearse the candidate again, alternating with the manifest as written alone. */
    static final int CONFIRM = 2;

    /**
     * How often each variant runs, and the production estimate from a variant's reports (null without a production
     * size or profile).
     */
    public record Settings(int repeats, Function<List<RehearsalReport>, Estimate> estimator) {}

    /** The tune's report folder, its findings, and whether both the manifest as written and the tuned one passed. */
    public record Outcome(TuneReport report, Path dir, boolean passed) {}

    private final RehearsalRun run;
    private final PrintStream out;
    private final Timeline.Listener progress;
    private final Settings settings;

    public TuneRun(RehearsalRun run, PrintStream out, Timeline.Listener progress, Settings settings) {
        this.run = run;
        this.out = out;
        this.progress = progress;
        this.settings = settings;
    }

    public Outcome run(Scenario scenario, long fixtureBytes) throws Exception {
        Instant started = Instant.now();
        String loadBefore = Machine.loadAverage();
        Scenario expectingSuccess = scenario.withExpectation(new Scenario.Expectation("success", null, null));
        ClusterManifest asWritten = run.manifest(scenario);
        Path dir = run.reportDir(scenario);
        Measured measured = run.session(
                expectingSuccess,
                asWritten,
                fixtureBytes,
                run.strategy(scenario),
                (rehearsal, platform) ->
                        new Trial(ImportVariants.prepare(rehearsal, platform, progress), asWritten).measure());
        writeVariantReports(measured, dir);
        return new TuneResults(measured, asWritten, settings, started, loadBefore, Machine.loadAverage())
                .write(dir, out);
    }

    /** What the trial measured: every variant's runs in the order first run, the knobs not measured, the reset times. */
    record Measured(Map<Variant, VariantRuns> runs, List<Knobs.Proposal> skipped, List<Long> resetMs, int repeats) {

        VariantRuns asWritten() {
            return runs.values().iterator().next();
        }
    }

    /** One tune on one seeded rehearsal: the runs, in their order. */
    private final class Trial {
        private final ImportVariants variants;
        private final ClusterManifest asWritten;
        private final Map<Variant, VariantRuns> runs = new LinkedHashMap<>();
        private final List<Long> resetMs = new ArrayList<>();
        private int done;
        private int planned;

        Trial(ImportVariants variants, ClusterManifest asWritten) {
            this.variants = variants;
            this.asWritten = asWritten;
        }

        Measured measure() throws Exception {
            VariantRuns base = once(Variant.asWritten(), SINGLES, true);
            if (!base.passed()) {
                out.println(
                        "the manifest as written does not pass: nothing to tune. Make it pass first (rehearse --fix)");
                return new Measured(runs, List.of(), resetMs, settings.repeats());
            }
            List<Knobs.Proposal> proposals = Knobs.propose(context(base));
            List<Variant> singles = proposals.stream()
                    .flatMap(p -> p.changes().stream())
                    .map(Variant::of)
                    .toList();
            planned = 1 + singles.size() * settings.repeats() + (settings.repeats() - 1);
            for (Variant v : singles) {
                once(v, SINGLES, true);
            }
            for (int round = 2; round <= settings.repeats(); round++) {
                List<Variant> order = new ArrayList<>(List.of(Variant.asWritten()));
                singles.stream().filter(v -> runs.get(v).passed()).forEach(order::add);
                for (int i = 0; i < order.size(); i++) {
                    once(order.get((i + round - 1) % order.size()), SINGLES, false);
                }
            }
            Variant candidate = candidate(base, singles);
            if (candidate != null) {
                planned = done + 2 * settings.repeats();
                for (int i = 0; i < settings.repeats(); i++) {
                    once(candidate, CONFIRM, i == 0 && !runs.containsKey(candidate));
                    if (!runs.get(candidate).passed()) {
                        break;
                    }
                    once(Variant.asWritten(), CONFIRM, false);
                }
            }
            List<Knobs.Proposal> skipped =
                    proposals.stream().filter(p -> p.skipped() != null).toList();
            return new Measured(runs, skipped, resetMs, settings.repeats());
        }

        /** What the knobs propose from: the manifest as written, this machine, its first import's WAL. */
        private Knobs.Context context(VariantRuns base) {
            RehearsalReport first = base.verified().result().report();
            return new Knobs.Context(
                    asWritten,
                    Machine.cores(),
                    variants.base().targetMajor(),
                    variants.base().appOwner(),
                    first.facts().sizes().sourceDatabaseBytes(),
                    base.walBytes());
        }

        /**
         * What is rehearsed again to confirm it: the changes that each counted as faster, passed, may be adopted and fit
         * the volume, the fastest of each knob, together (or the one alone); null when there is none.
         */
        private Variant candidate(VariantRuns base, List<Variant> singles) {
            Map<String, VariantRuns> best = new LinkedHashMap<>();
            for (Variant v : singles) {
                VariantRuns r = runs.get(v);
                if (!r.passed()
                        || v.notAdopted() != null
                        || TuneResults.needsMoreRoom(r, base, asWritten, settings)
                        || !Faster.faster(r.times(SINGLES), base.times(SINGLES))) {
                    continue;
                }
                String knob = v.changes().get(0).knob();
                VariantRuns held = best.get(knob);
                if (held == null || VariantRuns.median(r.times()) < VariantRuns.median(held.times())) {
                    best.put(knob, r);
                }
            }
            if (best.size() == 1) {
                return best.values().iterator().next().variant();
            }
            return best.isEmpty()
                    ? null
                    : new Variant(best.values().stream()
                            .map(r -> r.variant().changes().get(0))
                            .toList());
        }

        /** One import of {@code v} into an empty target, added to its runs and said on the console. */
        private VariantRuns once(Variant v, int stage, boolean verify) throws Exception {
            done++;
            out.printf(
                    Locale.ROOT,
                    "%n== tune run %d%s: %s%s%n",
                    done,
                    planned >= done ? " of at most " + planned : "",
                    v.name(),
                    verify ? " (verified)" : "");
            ImportVariants.Run r = variants.rehearse(v.manifest(asWritten), verify);
            if (r.resetMs() > 0) {
                resetMs.add(r.resetMs());
            }
            VariantRuns vr = runs.computeIfAbsent(v, VariantRuns::new);
            vr.add(r, stage);
            out.println("   " + summary(r));
            return vr;
        }

        private static String summary(ImportVariants.Run r) {
            RehearsalReport report = r.result().report();
            StringBuilder b = new StringBuilder(
                    String.format(Locale.ROOT, "import %.1f s", VariantRuns.importMs(report) / 1000.0));
            for (PhaseRecord p : report.facts().phases()) {
                if (List.of(Phases.DUMP, Phases.RESTORE_DATA, Phases.RESTORE_POST_DATA)
                        .contains(p.name())) {
                    b.append(String.format(Locale.ROOT, ", %s %.1f s", p.name(), p.durationMs() / 1000.0));
                }
            }
            r.peakBytes().ifPresent(p -> b.append(", peak ").append(Sizes.human(p)));
            b.append(report.succeeded() ? ", passed" : ", FAILED: " + failureText(report));
            return b.toString();
        }
    }

    static String failureText(RehearsalReport r) {
        Diagnosis d = r.facts().diagnosis();
        RehearsalReport.Failure failure = r.judgement().failure();
        return d == null
                ? "failed in " + (failure == null ? "?" : failure.phase())
                : d.cause() + " at " + d.phase() + ": " + d.summary();
    }

    /** Each variant's verified run (or the run that failed) as a rehearsal report of its own, under variants/. */
    private static void writeVariantReports(Measured measured, Path dir) throws IOException {
        int n = 0;
        for (VariantRuns r : measured.runs().values()) {
            n++;
            Path folder = dir.resolve(TuneResults.variantFolder(n, r.variant()));
            ImportVariants.Run shown = r.failure() == null
                    ? r.verified()
                    : r.runs().stream()
                            .map(VariantRuns.Tagged::run)
                            .filter(x -> !x.result().report().succeeded())
                            .findFirst()
                            .orElseThrow();
            ReportWriter.write(shown.result().report(), folder);
            Files.write(folder.resolve("import.log"), shown.result().importLog());
            Files.writeString(
                    folder.resolve(RehearsalRun.APPLIED_MANIFEST),
                    shown.result().appliedManifest());
        }
    }
}
