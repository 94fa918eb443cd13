package org.cnpgrehearsal.estimate;

import java.util.ArrayList;
import java.util.List;

/**
 * The production night as CNPG and the operator live it: the steps before the import, the import's phases one after
 * another, then two lanes at once: the steps after the import (checks, the application switched) and the replicas
 * cloned one after another. The window ends when both lanes are done.
 */
final class Night {

    static final String CUTOVER = "cutover";
    static final String IMPORT = "import";
    static final String REPLICAS = "replicas";

    /** The chart and the window it spans. */
    record Plan(Estimate.Night night, Estimate.Range window) {}

    static Plan plan(List<Estimate.Step> steps, List<Estimate.PhaseEstimate> phases, Estimate.Replicas replicas) {
        List<Estimate.Bar> bars = new ArrayList<>();
        long t = 0;
        Estimate.Range before = Estimate.Range.ZERO;
        for (Estimate.Step s : steps) {
            if (CutoverStep.BEFORE.equals(s.when())) {
                bars.add(new Estimate.Bar(s.name(), CUTOVER, t, Estimate.Range.exactly(s.durationMs())));
                t += s.durationMs();
                before = before.plus(Estimate.Range.exactly(s.durationMs()));
            }
        }
        Estimate.Range imported = Estimate.Range.ZERO;
        for (Estimate.PhaseEstimate p : phases) {
            bars.add(new Estimate.Bar(p.phase(), IMPORT, t, p.range()));
            t += p.range().centralMs();
            imported = imported.plus(p.range());
        }
        long afterImport = t;
        Estimate.Range after = Estimate.Range.ZERO;
        for (Estimate.Step s : steps) {
            if (!CutoverStep.BEFORE.equals(s.when())) {
                bars.add(new Estimate.Bar(s.name(), CUTOVER, t, Estimate.Range.exactly(s.durationMs())));
                t += s.durationMs();
                after = after.plus(Estimate.Range.exactly(s.durationMs()));
            }
        }
        Estimate.Range cloned = Estimate.Range.ZERO;
        if (replicas.perReplica() != null) {
            long r = afterImport;
            for (int i = 0; i < replicas.count(); i++) {
                bars.add(new Estimate.Bar(
                        "replica " + (i + 2) + " of " + replicas.instances() + ": clone",
                        REPLICAS,
                        r,
                        replicas.perReplica().range()));
                r += replicas.perReplica().range().centralMs();
            }
            cloned = replicas.total();
        }
        Estimate.Range window = before.plus(imported).plus(Estimate.Range.max(after, cloned));
        return new Plan(new Estimate.Night(List.copyOf(bars)), window);
    }

    private Night() {}
}
