package org.cnpgrehearsal.estimate;

import java.util.ArrayList;
import java.util.List;
import org.cnpgrehearsal.results.DatabaseShape;

/**
 * The work of the post-data section and of ANALYZE, priced in PostgreSQL's own planner cost units (seq_page_cost = 1,
 * the defaults below), item by item from a database's shape. The estimate fits milliseconds per cost unit on the
 * rehearsals; these formulas give the shape: what grows faster than the bytes, and what stops growing.
 */
final class Work {

    /** PostgreSQL's defaults (src/backend/optimizer/path/costsize.c). */
    static final double SEQ_PAGE_COST = 1.0;

    static final double RANDOM_PAGE_COST = 4.0;
    static final double CPU_TUPLE_COST = 0.01;
    static final double CPU_OPERATOR_COST = 0.0025;
    static final long BLOCK = 8192;
    /** PostgreSQL's default maintenance_work_mem (64 MB), which CNPG keeps unless the manifest sets it. */
    static final long DEFAULT_MAINTENANCE_WORK_MEM = 64L * 1024 * 1024;
    /** ANALYZE samples 300 x the statistics target rows, from as many blocks (src/backend/commands/analyze.c). */
    static final int SAMPLE_ROWS_PER_TARGET = 300;

    static final String POST_DATA_SHAPE = "index builds as sorts and foreign-key validation as joins, in PostgreSQL's "
            + "planner cost units: per index a scan of its table, 2 x cpu_operator_cost x n log2 n comparisons to sort "
            + "its n rows and its pages written; a sort larger than maintenance_work_mem also writes its runs to disk "
            + "and reads them back (cost_sort's disk term); per foreign key a hash anti-join of both tables (run with "
            + "work_mem = maintenance_work_mem, batched to disk when the referenced side does not fit); a "
            + "materialized view refreshed as a scan and a write of its pages";
    static final String ANALYZE_SHAPE = "ANALYZE by its sample: per table at most 300 x statistics target blocks read "
            + "and as many rows sampled, each column's sample sorted; it stops growing once a table exceeds its sample";

    /** One item of work: what it is, and its cost. */
    record Item(String name, double cost) {}

    /** The post-data items of a shape: index builds, foreign-key validations, materialized view refreshes. */
    static List<Item> postData(DatabaseShape shape, long maintenanceWorkMem) {
        List<Item> items = new ArrayList<>();
        for (DatabaseShape.Index i : shape.indexes()) {
            DatabaseShape.Table t = shape.table(i.table());
            if (t != null) {
                items.add(new Item("index " + i.name(), indexBuild(t, i.bytes(), maintenanceWorkMem)));
            }
        }
        for (DatabaseShape.ForeignKey fk : shape.foreignKeys()) {
            DatabaseShape.Table t = shape.table(fk.table());
            DatabaseShape.Table ref = shape.table(fk.referencedTable());
            if (t != null && ref != null) {
                items.add(new Item("foreign key " + fk.name(), foreignKeyCheck(t, ref, maintenanceWorkMem)));
            }
        }
        for (DatabaseShape.Table t : shape.tables()) {
            if (t.materialized()) {
                items.add(new Item("refresh " + t.name(), scan(t) + pages(t.heapBytes()) * SEQ_PAGE_COST));
            }
        }
        return items;
    }

    /** A scan of the table, its rows sorted, the index written; a spilled sort pays its disk passes. */
    static double indexBuild(DatabaseShape.Table t, long indexBytes, long maintenanceWorkMem) {
        double n = Math.max(2, t.rows());
        double sort = 2 * CPU_OPERATOR_COST * n * log2(n);
        double write = pages(indexBytes) * SEQ_PAGE_COST;
        return scan(t) + sort + write + spill(indexBytes, maintenanceWorkMem);
    }

    /**
     * RI_Initial_Check's anti-join: both tables scanned, the referenced one hashed, the referencing one probed; when the
     * hash does not fit in maintenance_work_mem both sides are written to batches and read back.
     */
    static double foreignKeyCheck(DatabaseShape.Table table, DatabaseShape.Table referenced, long maintenanceWorkMem) {
        double cost = scan(table)
                + scan(referenced)
                + referenced.rows() * (CPU_OPERATOR_COST + CPU_TUPLE_COST)
                + table.rows() * CPU_OPERATOR_COST;
        if (referenced.heapBytes() > maintenanceWorkMem) {
            cost += 2 * (pages(table.heapBytes()) + pages(referenced.heapBytes())) * SEQ_PAGE_COST;
        }
        return cost;
    }

    /** ANALYZE of every table: the sampled blocks read, the sampled rows taken, each column's sample sorted. */
    static double analyze(DatabaseShape shape) {
        double sample = (double) SAMPLE_ROWS_PER_TARGET * shape.statisticsTarget();
        double cost = 0;
        for (DatabaseShape.Table t : shape.tables()) {
            double blocks = Math.min(pages(t.heapBytes()), sample);
            double rows = Math.min(Math.max(0, t.rows()), sample);
            cost += blocks * SEQ_PAGE_COST
                    + rows * CPU_TUPLE_COST
                    + t.columns() * 2 * CPU_OPERATOR_COST * rows * log2(Math.max(2, rows));
        }
        return cost;
    }

    /** cost_sort's disk term for a sort of {@code bytes} in {@code memory}: its pages written and read per merge pass. */
    static double spill(long bytes, long memory) {
        if (bytes <= memory) {
            return 0;
        }
        // tuplesort_merge_order: each input tape needs a 256 kB buffer plus overhead
        double mergeOrder = Math.max(6, memory / (256.0 * 1024 + 3 * BLOCK));
        double runs = Math.ceil((double) bytes / memory);
        double passes = Math.max(1, Math.ceil(Math.log(runs) / Math.log(mergeOrder)));
        return 2 * pages(bytes) * passes * (0.75 * SEQ_PAGE_COST + 0.25 * RANDOM_PAGE_COST);
    }

    private static double scan(DatabaseShape.Table t) {
        return pages(t.heapBytes()) * SEQ_PAGE_COST + Math.max(0, t.rows()) * CPU_TUPLE_COST;
    }

    private static double pages(long bytes) {
        return Math.ceil(bytes / (double) BLOCK);
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    private Work() {}
}
