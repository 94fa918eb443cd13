package org.cnpgrehearsal.estimate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cnpgrehearsal.importer.CommandRecord;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.PhaseStatus;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.Sizes;

/**
 * Fits each import phase on the rehearsals of a sweep and extrapolates it to a production profile.
 *
 * <p>What each phase handles (its "bytes"), falling back to database bytes when the rehearsals or the profile do not
 * know the more specific size:
 * <ul>
 *   <li>{@code roles}, {@code restore-pre-data}, {@code finalize}: database bytes (mostly fixed cost);</li>
 *   <li>{@code dump}: data bytes (tables with TOAST, plus large objects);</li>
 *   <li>{@code restore-data}: data bytes per job, see {@link #JOBS_RULE};</li>
 *   <li>{@code restore-post-data}: index bytes (index builds, constraints);</li>
 *   <li>{@code analyze}: table bytes.</li>
 * </ul>
 * Only succeeded phases are measured points; several phases of the same name in one rehearsal (several databases)
 * are summed.
 */
public final class Estimator {

    public static final String JOBS_RULE =
            "pg_restore --jobs=N loads tables in parallel but one table is loaded by one "
                    + "worker: restore-data handles max(data bytes / N, largest table bytes) bytes on its critical path, in the "
                    + "rehearsals and in production alike; effective parallelism = min(N, data bytes / largest table bytes)";

    public static final String VOLUME_RULE =
            "required = dump (production database bytes x the largest dump/database ratio "
                    + "of the rehearsals) + restored data (x the largest target/source ratio) + " + WalHeadroom.RULE;

    private static final Pattern JOBS = Pattern.compile("^(?:--jobs=|-j)(\\d+)$");

    enum Quantity {
        /** Phases that handle the schema or the role catalog, not the data: their duration does not grow with size. */
        NONE("none", "nothing that grows with size (schema objects, roles): the mean of the rehearsals"),
        DATABASE("database", "database bytes (pg_database_size)"),
        DATA("data", "data bytes (tables with TOAST, plus large objects)"),
        DATA_PER_JOB("data-per-job", "data bytes on the critical path: max(data / jobs, largest table)"),
        INDEX("index", "index bytes (pg_indexes_size)"),
        TABLE("table", "table bytes (pg_table_size)");

        final String code;
        final String description;

        Quantity(String code, String description) {
            this.code = code;
            this.description = description;
        }
    }

    /** One rehearsal's sizes and restore jobs, from its report. */
    record Measured(
            String label,
            RehearsalReport report,
            Long database,
            Long table,
            Long index,
            Long lo,
            Long largest,
            int jobs) {
        Long data() {
            return table == null ? null : table + (lo == null ? 0 : lo);
        }
    }

    private Estimator() {}

    public static Estimate estimate(
            List<RehearsalReport> reports, ProductionProfile profile, EstimateSettings settings) {
        return estimate(reports, null, profile, settings);
    }

    /**
     * @param labels how to name each rehearsal in the report (for example its folder); null: scenario and size
     */
    public static Estimate estimate(
            List<RehearsalReport> reports, List<String> labels, ProductionProfile profile, EstimateSettings settings) {
        Objects.requireNonNull(profile, "profile");
        settings = settings == null ? EstimateSettings.defaults() : settings;
        List<String> notes = new ArrayList<>();
        List<Measured> measured = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            RehearsalReport r = reports.get(i);
            Measured m = measure(r, labels != null && i < labels.size() ? labels.get(i) : null);
            if (m.database() == null) {
                notes.add("rehearsal " + m.label() + " has no measured database size: left out of the fit");
                continue;
            }
            measured.add(m);
        }
        if (measured.isEmpty()) {
            throw new BadInputException(
                    "no rehearsal with a measured database size to estimate from: give report folders of finished rehearsals");
        }

        int rehearsedJobs = measured.stream().mapToInt(Measured::jobs).max().orElse(1);
        if (measured.stream().mapToInt(Measured::jobs).distinct().count() > 1) {
            notes.add("the rehearsals ran pg_restore with different --jobs; the fit uses each rehearsal's own");
        }
        int prodJobs = settings.restoreJobs() != null ? settings.restoreJobs() : rehearsedJobs;
        boolean largestKnown = profile.largestTableBytes() != null
                && profile.tableBytes() != null
                && measured.stream().allMatch(m -> m.largest() != null && m.data() != null);
        Long prodData = profile.tableBytes() == null
                ? null
                : profile.tableBytes() + (profile.largeObjectBytes() == null ? 0 : profile.largeObjectBytes());
        Double effective = null;
        if (largestKnown && profile.largestTableBytes() > 0) {
            effective = Math.max(1.0, Math.min(prodJobs, (double) prodData / profile.largestTableBytes()));
        }
        if (!largestKnown && (rehearsedJobs > 1 || prodJobs > 1)) {
            notes.add(
                    "pg_restore --jobs is not modelled: the largest table is not known in every rehearsal and the profile, "
                            + "so restore-data is fitted on all data bytes (as if the rehearsals' parallelism carried over)");
        }
        Estimate.Jobs jobs = new Estimate.Jobs(rehearsedJobs, prodJobs, effective, largestKnown, JOBS_RULE);

        double factor = settings.throughputFactor();
        List<Estimate.PhaseEstimate> phases = new ArrayList<>();
        long central = 0;
        long conservative = 0;
        for (String phase : Phases.IMPORT) {
            Quantity q = quantityOf(phase, measured, profile, largestKnown);
            List<LinearFit.Point> points = new ArrayList<>();
            List<Estimate.MeasuredPoint> shown = new ArrayList<>();
            for (Measured m : measured) {
                Long ms = duration(m.report(), phase);
                if (ms == null) {
                    continue;
                }
                double x = rehearsalBytes(q, m);
                points.add(new LinearFit.Point(x, ms));
                shown.add(new Estimate.MeasuredPoint(m.label(), x, ms));
            }
            if (points.isEmpty()) {
                continue;
            }
            LinearFit fit = LinearFit.of(points);
            double px = productionBytes(q, profile, prodData, prodJobs);
            double perByteProd = fit.perByteMs() / factor;
            double c = Math.max(0, fit.fixedMs() + perByteProd * px);
            double cons = c + fit.margin(px) / factor;
            long cMs = Math.round(c);
            long consMs = Math.max(cMs, Math.round(cons));
            central += cMs;
            conservative += consMs;
            phases.add(new Estimate.PhaseEstimate(
                    phase,
                    q.code,
                    q.description,
                    shown,
                    fit.fixedMs(),
                    fit.perByteMs(),
                    fit.method(),
                    Double.isNaN(fit.rSquared()) ? null : fit.rSquared(),
                    Double.isNaN(fit.residualStdErrMs()) ? null : fit.residualStdErrMs(),
                    px,
                    cMs,
                    consMs));
        }
        if (phases.isEmpty()) {
            throw new BadInputException("no succeeded import phase in the given rehearsals: nothing to estimate from");
        }

        List<Estimate.Step> steps = settings.steps().stream()
                .map(s -> new Estimate.Step(s.name(), s.minutes(), s.millis()))
                .toList();
        long stepsMs = steps.stream().mapToLong(Estimate.Step::durationMs).sum();

        Estimate.Volume volume = volume(measured, profile, settings, notes);

        long largestRehearsal =
                measured.stream().mapToLong(Measured::database).max().orElse(1);
        long smallestRehearsal =
                measured.stream().mapToLong(Measured::database).min().orElse(1);
        double reach = (double) profile.databaseBytes() / Math.max(1, largestRehearsal);
        if (measured.stream().map(Measured::database).distinct().count() < 2) {
            notes.add("all rehearsals have one size: the model is proportional and the bound is a flat "
                    + LinearFit.NO_SPREAD_MARGIN_PERCENT
                    + " % margin; rehearse several sizes (--sizes) for a fitted model");
        } else if (measured.size() < 3) {
            notes.add("fewer than three rehearsals: no spread to measure, the bound is a flat "
                    + LinearFit.NO_SPREAD_MARGIN_PERCENT + " % margin; rehearse three or more sizes");
        }
        if (reach > 10) {
            notes.add(String.format(
                    Locale.ROOT,
                    "production is %.0f times the largest rehearsal: the further the "
                            + "extrapolation, the more a change of regime (memory, cache, disk) can bend the line",
                    reach));
        }
        String rehearsalMajor = measured.stream()
                .filter(m -> m.report().postgresVersions() != null)
                .map(m -> String.valueOf(m.report().postgresVersions().sourceMajor()))
                .findFirst()
                .orElse(null);
        if (rehearsalMajor != null
                && profile.postgresVersion() != null
                && !profile.postgresVersion().split("\\.")[0].equals(rehearsalMajor)) {
            notes.add("production runs PostgreSQL " + profile.postgresVersion() + " but the rehearsals ran "
                    + rehearsalMajor + ": rehearse the production major for a faithful estimate");
        }

        String statement = String.format(
                Locale.ROOT,
                "This estimate extrapolates the throughput measured on the rehearsal machine (%d rehearsal%s, %s to %s) "
                        + "to a production database of %s. It is not a measurement of production: production hardware, "
                        + "storage, network and load differ. %s",
                measured.size(),
                measured.size() == 1 ? "" : "s",
                Sizes.human(smallestRehearsal),
                Sizes.human(largestRehearsal),
                Sizes.human(profile.databaseBytes()),
                factor == 1.0
                        ? "No throughput factor was given: production is assumed exactly as fast as the rehearsal machine; "
                                + "measure one (rehearse the same fixture on production-like hardware) and pass --throughput-factor."
                        : String.format(
                                Locale.ROOT,
                                "A measured throughput factor of %.2f (production / rehearsal) divides "
                                        + "the per-byte part of every phase.",
                                factor));

        Estimate.Production production = new Estimate.Production(
                profile.databases().size() == 1
                        ? profile.databases().get(0).name()
                        : profile.databases().size() + " databases",
                profile.databaseBytes(),
                profile.tableBytes(),
                profile.indexBytes(),
                profile.toastBytes(),
                profile.largeObjectBytes(),
                profile.largestTableBytes(),
                profile.rows(),
                profile.postgresVersion(),
                profile.extensions());

        return new Estimate(
                statement,
                measured.stream().map(Measured::label).toList(),
                production,
                factor,
                jobs,
                List.copyOf(phases),
                central,
                conservative,
                steps,
                stepsMs,
                central + stepsMs,
                conservative + stepsMs,
                volume,
                List.copyOf(notes));
    }

    static Quantity quantityOf(String phase, List<Measured> measured, ProductionProfile profile, boolean largestKnown) {
        Quantity wanted = switch (phase) {
            case Phases.DUMP -> Quantity.DATA;
            case Phases.RESTORE_DATA -> largestKnown ? Quantity.DATA_PER_JOB : Quantity.DATA;
            case Phases.RESTORE_POST_DATA -> Quantity.INDEX;
            case Phases.ANALYZE -> Quantity.TABLE;
            case Phases.ROLES, Phases.RESTORE_PRE_DATA -> Quantity.NONE;
            default -> Quantity.DATABASE;
        };
        boolean known = switch (wanted) {
            case DATA, DATA_PER_JOB, TABLE ->
                profile.tableBytes() != null && measured.stream().allMatch(m -> m.table() != null);
            case INDEX -> profile.indexBytes() != null && measured.stream().allMatch(m -> m.index() != null);
            case DATABASE, NONE -> true;
        };
        return known ? wanted : Quantity.DATABASE;
    }

    static double rehearsalBytes(Quantity q, Measured m) {
        return switch (q) {
            case NONE -> 0;
            case DATABASE -> m.database();
            case DATA -> m.data();
            case DATA_PER_JOB -> Math.max((double) m.data() / Math.max(1, m.jobs()), m.largest());
            case INDEX -> m.index();
            case TABLE -> m.table();
        };
    }

    static double productionBytes(Quantity q, ProductionProfile p, Long prodData, int jobs) {
        return switch (q) {
            case NONE -> 0;
            case DATABASE -> p.databaseBytes();
            case DATA -> prodData;
            case DATA_PER_JOB -> Math.max((double) prodData / Math.max(1, jobs), p.largestTableBytes());
            case INDEX -> p.indexBytes();
            case TABLE -> p.tableBytes();
        };
    }

    static Measured measure(RehearsalReport r, String label) {
        RehearsalReport.SizeFacts s = r.sizes();
        Long database = s == null ? null : s.sourceDatabaseBytes();
        if (database == null && r.phases() != null) {
            database = r.phases().stream()
                    .filter(p -> Phases.SEED.equals(p.name()) && p.bytes() != null)
                    .map(PhaseRecord::bytes)
                    .findFirst()
                    .orElse(null);
        }
        String name = label != null
                ? label
                : (r.scenario() == null ? "rehearsal" : r.scenario())
                        + (database == null ? "" : " " + Sizes.human(database));
        return new Measured(
                name,
                r,
                database,
                s == null ? null : s.tableBytes(),
                s == null ? null : s.indexBytes(),
                s == null ? null : s.largeObjectBytes(),
                s == null ? null : s.largestTableBytes(),
                restoreJobs(r.commands()));
    }

    /** The summed duration of the succeeded phases called {@code phase}; null when there is none. */
    static Long duration(RehearsalReport r, String phase) {
        if (r.phases() == null) {
            return null;
        }
        Long total = null;
        for (PhaseRecord p : r.phases()) {
            if (p.name().equals(phase) && p.status() == PhaseStatus.SUCCEEDED) {
                total = (total == null ? 0 : total) + p.durationMs();
            }
        }
        return total;
    }

    /** The {@code --jobs} of the rehearsal's data-section pg_restore (1 when absent). */
    public static int restoreJobs(List<CommandRecord> commands) {
        if (commands == null) {
            return 1;
        }
        int jobs = 1;
        for (CommandRecord c : commands) {
            if (c.argv() == null || c.argv().isEmpty() || !c.argv().get(0).endsWith("pg_restore")) {
                if (!Phases.RESTORE_DATA.equals(c.phase())) {
                    continue;
                }
            }
            List<String> a = c.argv();
            for (int i = 0; i < a.size(); i++) {
                Matcher m = JOBS.matcher(a.get(i));
                if (m.matches()) {
                    jobs = Math.max(jobs, Integer.parseInt(m.group(1)));
                } else if ((a.get(i).equals("--jobs") || a.get(i).equals("-j"))
                        && i + 1 < a.size()
                        && a.get(i + 1).matches("\\d+")) {
                    jobs = Math.max(jobs, Integer.parseInt(a.get(i + 1)));
                }
            }
        }
        return jobs;
    }

    static Estimate.Volume volume(
            List<Measured> measured, ProductionProfile profile, EstimateSettings settings, List<String> notes) {
        double dumpRatio = ratio(
                measured,
                m -> m.report().sizes() == null ? null : m.report().sizes().dumpBytes());
        if (Double.isNaN(dumpRatio)) {
            dumpRatio = 1.0;
            notes.add("no rehearsal measured its dump size: the dump is assumed as large as the database");
        }
        double targetRatio = ratio(
                measured,
                m -> m.report().sizes() == null ? null : m.report().sizes().targetDatabaseBytes());
        if (Double.isNaN(targetRatio)) {
            targetRatio = 1.0;
        }
        long db = profile.databaseBytes();
        long dump = Math.round(db * dumpRatio);
        long data = Math.round(db * targetRatio);
        long wal = WalHeadroom.bytes(data, settings.walOnDataVolume());
        long required = dump + data + wal;
        Long storage = settings.manifestStorageBytes();
        Boolean enough = storage == null ? null : storage >= required;
        if (storage == null) {
            notes.add("the manifest's storage size is not known: the required volume is not compared with it");
        } else if (!enough) {
            notes.add("the manifest's storage (" + Sizes.human(storage) + ") is smaller than the "
                    + Sizes.human(required) + " the import needs at its peak: the import would fail with a full disk");
        }
        return new Estimate.Volume(dump, data, wal, required, storage, enough, VOLUME_RULE);
    }

    private static double ratio(List<Measured> measured, Function<Measured, Long> f) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (Measured m : measured) {
            Long v = f.apply(m);
            if (v != null && m.database() != null && m.database() > 0) {
                ratios.put(m.label(), (double) v / m.database());
            }
        }
        return ratios.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
