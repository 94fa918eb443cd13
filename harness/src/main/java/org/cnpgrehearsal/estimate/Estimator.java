package org.cnpgrehearsal.estimate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.cnpgrehearsal.results.DatabaseShape;
import org.cnpgrehearsal.results.RehearsalFacts;
import org.cnpgrehearsal.results.SizeFacts;
import org.cnpgrehearsal.results.TableSize;
import org.cnpgrehearsal.results.VolumeNeed;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.Sizes;

/**
 * The production night from a sweep of rehearsals: each import phase fitted on what it does ({@link PhaseModel}) and
 * extrapolated to production, the replicas of the manifest cloned afterwards, the cutover steps around it, each with
 * its range ({@link #method}).
 */
public final class Estimator {

    public static final String JOBS_RULE = "pg_restore --jobs=N runs N workers, as many at once as there are "
            + "processors, and one table's data, one index build or one foreign-key check is one worker's: restore-data "
            + "and restore-post-data take max(work / workers, the largest item). In the rehearsals workers = min(N, the "
            + "machine's processors); in production min(N, the manifest's CPU limit), or N when the manifest sets none";

    /** The hardware part of the range: how much faster or slower production may be than this machine. */
    static final double HARDWARE_UNKNOWN = 2.0;

    static final double HARDWARE_MEASURED = 1.25;

    private Estimator() {}

    public static Estimate estimate(List<Candidate> candidates, ProductionProfile profile, EstimateSettings settings) {
        Objects.requireNonNull(profile, "profile");
        EstimateSettings s = settings == null ? EstimateSettings.defaults() : settings;
        Selection selection = Selection.of(candidates);
        List<Candidate> used = selection.used();
        RehearsalFacts largest = used.stream()
                .map(Candidate::facts)
                .max(Comparator.comparingLong(RehearsalFacts::databaseBytes))
                .orElseThrow();
        Estimate.Hardware hardware = new Estimate.Hardware(
                s.throughputFactor(),
                s.throughputMeasured(),
                s.throughputMeasured() ? HARDWARE_MEASURED : HARDWARE_UNKNOWN);
        Estimate.Jobs jobs = jobs(largest, s);
        Production production = production(profile, largest, s, jobs);
        List<String> notes = new ArrayList<>();

        List<Fitted> fits = new ArrayList<>();
        for (PhaseModel m : PhaseModel.values()) {
            Fitted f = fit(m.phase, m.shape, m.unit.text, used, m::work, production.side());
            if (f != null) {
                fits.add(f);
            }
        }
        if (fits.isEmpty()) {
            throw new BadInputException("no succeeded import phase in the given rehearsals: nothing to estimate from");
        }
        Fitted clone = s.target().instances() > 1
                ? fit(
                        Phases.REPLICA_CLONE,
                        PhaseModel.REPLICA_CLONE_SHAPE,
                        PhaseModel.Unit.BYTES.text,
                        used,
                        Side::databaseBytes,
                        production.side())
                : null;
        Estimate.Noise noise = noise(clone == null ? fits : concat(fits, clone));
        List<Estimate.PhaseEstimate> phases =
                fits.stream().map(f -> f.estimate(noise, hardware)).toList();
        Estimate.Range importTime =
                phases.stream().map(Estimate.PhaseEstimate::range).reduce(Estimate.Range.ZERO, Estimate.Range::plus);
        Estimate.Replicas replicas = replicas(clone == null ? null : clone.estimate(noise, hardware), s);
        List<Estimate.Step> steps = s.steps().stream()
                .map(c -> new Estimate.Step(c.name(), c.when(), c.millis()))
                .toList();
        Night.Plan night = Night.plan(steps, phases, replicas);

        notes.addAll(caveats(used, largest, profile, production, fits));
        return new Estimate(
                statement(used, profile, largest),
                method(hardware, noise),
                used.stream().map(Candidate::label).toList(),
                selection.leftOut(),
                production.description(),
                hardware,
                noise,
                jobs,
                List.copyOf(phases),
                importTime,
                replicas,
                steps,
                night.night(),
                night.window(),
                volume(production, s.target()),
                List.copyOf(notes));
    }

    /** The production side and how it is described: from the profile, or the rehearsed shape scaled to its size. */
    record Production(Side side, Estimate.Production description, double scale) {}

    static Production production(
            ProductionProfile profile, RehearsalFacts largest, EstimateSettings s, Estimate.Jobs jobs) {
        SizeFacts.Source rehearsed = largest.sizes().source();
        double scale = (double) profile.databaseBytes() / Math.max(1, rehearsed.databaseBytes());
        DatabaseShape shape = profile.shape();
        String shapeFrom = "the profile's catalogs";
        if (shape == null) {
            shape = largest.shape().scaled(scale);
            shapeFrom = String.format(
                    Locale.ROOT,
                    "the rehearsed fixture's shape scaled %.0f times (no profile: production is assumed shaped like "
                            + "the fixture; profile --out gives its real tables, indexes and keys)",
                    scale);
        }
        long data = profile.tableBytes() != null
                ? profile.tableBytes() + (profile.largeObjectBytes() == null ? 0 : profile.largeObjectBytes())
                : Math.round(
                        (rehearsed.dataBytes() == null ? rehearsed.databaseBytes() : rehearsed.dataBytes()) * scale);
        TableSize largestTable = profile.largestTable() != null
                ? new TableSize(
                        profile.largestTable().name(), profile.largestTable().tableBytes())
                : rehearsed.largestTable() == null
                        ? null
                        : new TableSize(
                                rehearsed.largestTable().name(),
                                Math.round(rehearsed.largestTable().bytes() * scale));
        int dumpJobs = Side.jobs(largest.commands(), Phases.DUMP);
        int processors =
                s.target().processors() == null ? Integer.MAX_VALUE : s.target().processors();
        Side side = new Side(
                shape,
                profile.databaseBytes(),
                data,
                largestTable == null ? data : largestTable.bytes(),
                Math.min(dumpJobs, processors),
                jobs.productionWorkers(),
                s.target().maintenanceWorkMemBytes());
        Long indexBytes = profile.indexBytes() != null
                ? profile.indexBytes()
                : Long.valueOf(shape.indexes().stream()
                        .mapToLong(DatabaseShape.Index::bytes)
                        .sum());
        Estimate.Production description = new Estimate.Production(
                profile.databases().size() == 1
                        ? profile.databases().get(0).name()
                        : profile.databases().size() + " databases",
                profile.databaseBytes(),
                data,
                indexBytes,
                largestTable,
                profile.postgresVersion(),
                shapeFrom);
        return new Production(side, description, scale);
    }

    static Estimate.Jobs jobs(RehearsalFacts largest, EstimateSettings s) {
        int rehearsed = Side.jobs(largest.commands(), Phases.RESTORE_DATA);
        Integer rehearsalProcessors = largest.environment().processors();
        int production = s.restoreJobs() != null ? s.restoreJobs() : rehearsed;
        Integer processors = s.target().processors();
        int workers = processors == null ? production : Math.min(production, processors);
        return new Estimate.Jobs(
                rehearsed,
                rehearsalProcessors == null ? rehearsed : rehearsalProcessors,
                production,
                processors,
                workers,
                JOBS_RULE);
    }

    /** One phase fitted on the rehearsals that ran it, and its work in production. */
    record Fitted(
            String phase,
            String model,
            String unit,
            List<Estimate.MeasuredPoint> points,
            LinearFit fit,
            double productionWork) {

        /** The prediction for production: central on the line, the range from the pooled noise and the hardware. */
        Estimate.PhaseEstimate estimate(Estimate.Noise noise, Estimate.Hardware hardware) {
            double central = Math.max(0, fit.fixedMs() + fit.perByteMs() / hardware.factor() * productionWork);
            double margin = noise.dof() == 0
                    ? central * LinearFit.NO_SPREAD_MARGIN_PERCENT / 100.0
                    : Math.max(fit.halfWidth(productionWork, noise.relativeSd(), noise.t()), fit.ownHalfWidth())
                            / hardware.factor();
            // an upper bound (the rate hidden in the noise) says nothing below it but the time the phase took
            double low = fit.upperBound()
                    ? points.stream()
                            .mapToLong(Estimate.MeasuredPoint::durationMs)
                            .min()
                            .orElse(0)
                    : central - margin;
            Estimate.Range range = new Estimate.Range(
                    Math.round(Math.max(0, Math.min(low, central)) / hardware.uncertainty()),
                    Math.round(central),
                    Math.round((central + margin) * hardware.uncertainty()));
            return new Estimate.PhaseEstimate(
                    phase,
                    model,
                    unit,
                    points,
                    fit.fixedMs(),
                    fit.perByteMs(),
                    fit.method(),
                    Double.isNaN(fit.rSquared()) ? null : fit.rSquared(),
                    productionWork,
                    range);
        }
    }

    static Fitted fit(
            String phase,
            String model,
            String unit,
            List<Candidate> used,
            ToDoubleFunction<Side> work,
            Side production) {
        List<LinearFit.Point> points = new ArrayList<>();
        List<Estimate.MeasuredPoint> shown = new ArrayList<>();
        for (Candidate c : used) {
            Long ms = c.facts().succeededMs(phase);
            if (ms == null) {
                continue;
            }
            double x = work.applyAsDouble(Side.of(c.facts()));
            points.add(new LinearFit.Point(x, ms));
            shown.add(new Estimate.MeasuredPoint(c.label(), x, ms));
        }
        if (points.isEmpty()) {
            return null;
        }
        return new Fitted(phase, model, unit, List.copyOf(shown), LinearFit.of(points), work.applyAsDouble(production));
    }

    /**
     * The machine's noise, relative (a loaded machine slows every phase by a share), pooled over every phase's fit:
     * more degrees of freedom than any one fit of a few rehearsals has. The mean squared residual over the mean squared
     * duration, so that the long phases weigh most and a 100 ms phase's jitter does not pass for a share.
     */
    static Estimate.Noise noise(List<Fitted> all) {
        // an upper bound's residuals are its missing fixed cost, not noise
        List<LinearFit> fits =
                all.stream().map(Fitted::fit).filter(f -> !f.upperBound()).toList();
        int dof = fits.stream().mapToInt(LinearFit::dof).sum();
        int points = fits.stream().mapToInt(LinearFit::n).sum();
        double residuals = fits.stream().mapToDouble(LinearFit::residualSquares).sum();
        double fitted = fits.stream().mapToDouble(LinearFit::fittedSquares).sum();
        return dof == 0 || fitted == 0
                ? new Estimate.Noise(0, 0, 0)
                : new Estimate.Noise(Math.sqrt((residuals / dof) / (fitted / points)), dof, LinearFit.tQuantile95(dof));
    }

    private static List<Fitted> concat(List<Fitted> fits, Fitted more) {
        List<Fitted> all = new ArrayList<>(fits);
        all.add(more);
        return all;
    }

    static Estimate.Replicas replicas(Estimate.PhaseEstimate clone, EstimateSettings s) {
        int instances = s.target().instances();
        int count = instances - 1;
        if (count <= 0) {
            return new Estimate.Replicas(
                    instances, 0, null, Estimate.Range.ZERO, "one instance: no replica to clone after the import");
        }
        if (clone == null) {
            return new Estimate.Replicas(
                    instances,
                    count,
                    null,
                    null,
                    "no rehearsal measured a replica clone (this platform cannot): the window leaves out the time "
                            + "until the " + count + " replicas are back, which grows with the database like the dump");
        }
        long wait = s.target().checkpointWaitMs();
        Estimate.Range each = clone.range().plus(new Estimate.Range(0, wait, wait));
        return new Estimate.Replicas(
                instances,
                count,
                clone,
                each.times(count),
                "CNPG clones the " + count + " replicas of instances: " + instances + " one after another, each with "
                        + "pg_basebackup from the primary, which first waits for a spread checkpoint (up to "
                        + String.format(Locale.ROOT, "%d min %02d s", wait / 60_000, wait / 1000 % 60)
                        + ": checkpoint_timeout x checkpoint_completion_target; nothing to wait for when no page is "
                        + "dirty) and then copies the data directory; the cluster is highly available again after "
                        + "the last");
    }

    static Estimate.VolumeCheck volume(Production production, TargetCluster target) {
        VolumeNeed need = VolumeRule.need(
                production.side().dataBytes(),
                production.side().databaseBytes(),
                target.walOnDataVolume(),
                target.maxWalSizeBytes());
        Long storage = target.storageBytes();
        return new Estimate.VolumeCheck(need, storage, storage == null ? null : storage >= need.neededBytes());
    }

    /** The range method, in a sentence. */
    static String method(Estimate.Hardware hardware, Estimate.Noise noise) {
        String fitPart = noise.dof() == 0
                ? "each phase's central estimate plus or minus " + LinearFit.NO_SPREAD_MARGIN_PERCENT
                        + " % (with one rehearsal per size there is no noise to measure)"
                : String.format(
                        Locale.ROOT,
                        "each phase's 90 %% prediction interval (Student's t on the rehearsals' relative noise, "
                                + "%.1f %% pooled over every phase's fit, %d degrees of freedom; it widens with the "
                                + "distance from the rehearsed sizes, which is the extrapolation; a phase that does not grow "
                                + "gets at least its own spread)",
                        noise.relativeSd() * 100,
                        noise.dof());
        return String.format(
                Locale.ROOT,
                "The range adds up %s, as if the phases' errors went together, then divides the low end and "
                        + "multiplies the high end by a hardware factor of %.2f (%s).",
                fitPart,
                hardware.uncertainty(),
                hardware.measured()
                        ? "a measured throughput factor of " + String.format(Locale.ROOT, "%.2f", hardware.factor())
                                + " was given, so only the day-to-day difference remains"
                        : "production's speed against this machine was not measured: pass --throughput-factor, "
                                + "measured with the same fixture on both, to narrow it to " + HARDWARE_MEASURED);
    }

    private static String statement(List<Candidate> used, ProductionProfile profile, RehearsalFacts largest) {
        long smallest =
                used.stream().mapToLong(c -> c.facts().databaseBytes()).min().orElse(1);
        return String.format(
                Locale.ROOT,
                "This estimate extrapolates what the rehearsal machine measured (%d rehearsal%s of %s, %s) to a "
                        + "production database of %s, %.0f times the largest rehearsal. It is not a measurement of "
                        + "production: its hardware, storage, network and load differ.",
                used.size(),
                used.size() == 1 ? "" : "s",
                largest.subject().scenario(),
                smallest == largest.databaseBytes()
                        ? Sizes.human(smallest)
                        : Sizes.human(smallest) + " to " + Sizes.human(largest.databaseBytes()),
                Sizes.human(profile.databaseBytes()),
                (double) profile.databaseBytes() / Math.max(1, largest.databaseBytes()));
    }

    private static List<String> caveats(
            List<Candidate> used,
            RehearsalFacts largest,
            ProductionProfile profile,
            Production production,
            List<Fitted> fits) {
        List<String> notes = new ArrayList<>();
        List<String> hidden = fits.stream()
                .filter(f -> f.fit().upperBound())
                .map(Fitted::phase)
                .toList();
        if (!hidden.isEmpty()) {
            notes.add("the rehearsals are too small or too noisy to measure the per-unit rate of " + hidden
                    + ": each is taken as proportional to its work from the origin, an upper bound; rehearse larger "
                    + "sizes, on a quieter machine, to measure it");
        }
        if (used.stream().map(c -> c.facts().databaseBytes()).distinct().count() < 2) {
            notes.add("all rehearsals have one size: each phase is proportional to its work; rehearse several sizes "
                    + "(--sizes) for a fitted model");
        } else if (used.size() < 3) {
            notes.add("fewer than three rehearsals: little noise to measure; rehearse three or more sizes");
        }
        if (production.scale() > 10) {
            notes.add(String.format(
                    Locale.ROOT,
                    "production is %.0f times the largest rehearsal: beyond what the rehearsal machine's caches and "
                            + "memory held, the disks set the pace, which the hardware factor stands for",
                    production.scale()));
        }
        var versions = largest.environment().postgresVersions();
        if (versions != null
                && profile.postgresVersion() != null
                && !profile.postgresVersion().split("\\.")[0].equals(String.valueOf(versions.sourceMajor()))) {
            notes.add("production runs PostgreSQL " + profile.postgresVersion() + " but the rehearsals ran "
                    + versions.sourceMajor() + ": rehearse the production major for a faithful estimate");
        }
        return notes;
    }
}
