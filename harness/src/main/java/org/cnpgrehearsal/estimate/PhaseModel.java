package org.cnpgrehearsal.estimate;

import java.util.List;
import org.cnpgrehearsal.timeline.Phases;

/**
 * What each import phase's duration follows, as PostgreSQL does the work: one line per phase, with the shape stated
 * as the report shows it and the work it counts on either side of the extrapolation. The estimate fits
 * {@code fixed + rate x work} per phase on the rehearsals.
 */
enum PhaseModel {
    ROLES(Phases.ROLES, Unit.NOTHING, "constant: the role catalog, not the data (the mean of the rehearsals)") {
        @Override
        double work(Side s) {
            return 0;
        }
    },
    DUMP(
            Phases.DUMP,
            Unit.BYTES,
            "data copy: fixed + rate x the bytes pg_dump copies out (tables with TOAST, large objects), on its critical "
                    + "path: max(bytes / workers, largest table), workers = min(pg_dump --jobs, processors)") {
        @Override
        double work(Side s) {
            return Math.max((double) s.dataBytes() / s.dumpWorkers(), s.largestTableBytes());
        }
    },
    RESTORE_PRE_DATA(
            Phases.RESTORE_PRE_DATA,
            Unit.NOTHING,
            "constant: schema objects, not the data (the mean of the rehearsals)") {
        @Override
        double work(Side s) {
            return 0;
        }
    },
    RESTORE_DATA(
            Phases.RESTORE_DATA,
            Unit.BYTES,
            "data copy: fixed + rate x the bytes COPY loads on the critical path: max(bytes / workers, largest table), "
                    + "workers = min(pg_restore --jobs, processors); one table is loaded by one worker") {
        @Override
        double work(Side s) {
            return Math.max((double) s.dataBytes() / s.restoreWorkers(), s.largestTableBytes());
        }
    },
    RESTORE_POST_DATA(
            Phases.RESTORE_POST_DATA,
            Unit.COST,
            Work.POST_DATA_SHAPE + "; fixed + rate x max(total cost / workers, the costliest item)") {
        @Override
        double work(Side s) {
            List<Work.Item> items = Work.postData(s.shape(), s.maintenanceWorkMem());
            double total = items.stream().mapToDouble(Work.Item::cost).sum();
            double largest = items.stream().mapToDouble(Work.Item::cost).max().orElse(0);
            return Math.max(total / s.restoreWorkers(), largest);
        }
    },
    ANALYZE(Phases.ANALYZE, Unit.COST, Work.ANALYZE_SHAPE + "; fixed + rate x cost, in one backend") {
        @Override
        double work(Side s) {
            return Work.analyze(s.shape());
        }
    },
    FINALIZE(
            Phases.FINALIZE,
            Unit.NOTHING,
            "constant: the shutdown checkpoint writes at most shared_buffers, and initdb --sync-only flushes only what "
                    + "the kernel has not written back yet, which its dirty-page limit bounds, not the database's size "
                    + "(measured here: 1.1 s at 2 GB); production's flush is bounded by its own memory") {
        @Override
        double work(Side s) {
            return 0;
        }
    };

    /** What a phase's work counts. */
    enum Unit {
        NOTHING("nothing"),
        BYTES("bytes"),
        COST("cost units");

        final String text;

        Unit(String text) {
            this.text = text;
        }
    }

    /** The replicas CNPG clones after the import: pg_basebackup copies the whole data directory. */
    static final String REPLICA_CLONE_SHAPE =
            "data copy: pg_basebackup streams the primary's data directory to the new "
                    + "instance: fixed + rate x database bytes; CNPG creates the replicas one after another";

    final String phase;
    final Unit unit;
    final String shape;

    PhaseModel(String phase, Unit unit, String shape) {
        this.phase = phase;
        this.unit = unit;
        this.shape = shape;
    }

    /** The work this phase does on {@code side}, in {@link #unit}. */
    abstract double work(Side side);
}
