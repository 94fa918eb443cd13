package org.cnpgrehearsal.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cnpgrehearsal.results.RehearsalFacts;
import org.cnpgrehearsal.timeline.Phases;

/**
 * Checks the models against a rehearsal they did not see: fit on {@code training} (for example three sizes), predict
 * {@code actual} (for example 25 times the largest) from its own measured sizes and shape, and compare each phase's
 * prediction with what {@code actual} measured. The benchmark of the README prints {@link Result#table()}.
 */
public final class Backtest {

    /** One phase side by side: the predicted range, the measured duration, and whether the range holds it. */
    public record Row(String phase, Estimate.Range predicted, Long measuredMs) {
        public Double relativeError() {
            return measuredMs == null || measuredMs == 0
                    ? null
                    : (predicted.centralMs() - measuredMs) / (double) measuredMs;
        }

        public boolean inside() {
            return measuredMs != null && measuredMs >= predicted.lowMs() && measuredMs <= predicted.highMs();
        }
    }

    /** Every phase and the import in all. */
    public record Result(Estimate estimate, List<Row> phases, Row total) {

        public String table() {
            StringBuilder b = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%-18s %12s %12s %12s %12s %8s  %s%n",
                    "phase",
                    "low",
                    "predicted",
                    "high",
                    "measured",
                    "error",
                    "in range"));
            for (Row r : phases) {
                b.append(row(r));
            }
            return b.append(row(total)).toString();
        }

        private static String row(Row r) {
            return String.format(
                    Locale.ROOT,
                    "%-18s %12d %12d %12d %12s %8s  %s%n",
                    r.phase(),
                    r.predicted().lowMs(),
                    r.predicted().centralMs(),
                    r.predicted().highMs(),
                    r.measuredMs() == null ? "-" : r.measuredMs().toString(),
                    r.relativeError() == null ? "-" : String.format(Locale.ROOT, "%+.1f%%", r.relativeError() * 100),
                    r.inside() ? "yes" : "NO");
        }
    }

    /**
     * Predicts {@code actual} on the machine both ran on: its own pg_restore --jobs and processors, no cutover steps,
     * one replica (its clone shown apart from the import), and a known hardware factor of 1.
     */
    public static Result run(List<Candidate> training, Candidate actual) {
        RehearsalFacts a = actual.facts();
        ProductionProfile profile = ProductionProfile.ofRehearsal(a);
        TargetCluster machine = new TargetCluster(
                null,
                true,
                a.environment().maintenanceWorkMemBytes() == null
                        ? Work.DEFAULT_MAINTENANCE_WORK_MEM
                        : a.environment().maintenanceWorkMemBytes(),
                TargetCluster.DEFAULT_MAX_WAL_SIZE,
                a.environment().processors(),
                // one replica, cloned with a fast checkpoint as the rehearsal clones it
                2,
                0);
        EstimateSettings settings =
                new EstimateSettings(1.0, true, Side.jobs(a.commands(), Phases.RESTORE_DATA), List.of(), machine);
        Estimate e = Estimator.estimate(training, profile, settings);
        List<Row> rows = new ArrayList<>();
        long measuredTotal = 0;
        for (Estimate.PhaseEstimate p : e.phases()) {
            Long measured = a.succeededMs(p.phase());
            rows.add(new Row(p.phase(), p.range(), measured));
            measuredTotal += measured == null ? 0 : measured;
        }
        if (e.replicas().perReplica() != null) {
            rows.add(new Row(
                    Phases.REPLICA_CLONE, e.replicas().perReplica().range(), a.succeededMs(Phases.REPLICA_CLONE)));
        }
        return new Result(e, List.copyOf(rows), new Row("import", e.importTime(), measuredTotal));
    }

    private Backtest() {}
}
