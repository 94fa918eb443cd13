package org.cnpgrehearsal.estimate;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.report.Samples;
import org.cnpgrehearsal.timeline.Phases;

/** Synthetic sweeps whose durations follow the phase models exactly (plus optional noise), for the estimate tests. */
final class Sweeps {

    static final long MB = 1_000_000L;
    /** Milliseconds per unit of work on the "rehearsal machine" of these tests. */
    static final double MS_PER_BYTE = 10e-6;

    static final double MS_PER_COST = 0.02;
    static final long FIXED_MS = 400;

    /** Durations that follow each phase's model: fixed + rate x its work, times {@code noise}. */
    static Map<String, Long> modelled(RehearsalReport shapeOnly, double noise) {
        Side side = Side.of(shapeOnly.facts());
        Map<String, Long> ms = new LinkedHashMap<>();
        for (PhaseModel m : PhaseModel.values()) {
            double rate = m.unit == PhaseModel.Unit.COST ? MS_PER_COST : MS_PER_BYTE;
            ms.put(m.phase, Math.round((FIXED_MS + rate * m.work(side)) * noise));
        }
        ms.put(Phases.REPLICA_CLONE, Math.round((FIXED_MS + 0.5 * MS_PER_BYTE * side.databaseBytes()) * noise));
        return ms;
    }

    /** One rehearsal of {@code bytes} whose phases follow the models. */
    static RehearsalReport rehearsal(long bytes, int jobs, double noise) {
        RehearsalReport shape = Samples.success("happy-path", bytes, Map.of(), jobs);
        return Samples.success("happy-path", bytes, modelled(shape, noise), jobs);
    }

    static List<Candidate> sweep(long... sizes) {
        return Arrays.stream(sizes)
                .mapToObj(s -> candidate(s / MB + "MB", rehearsal(s, 1, 1.0)))
                .toList();
    }

    static Candidate candidate(String label, RehearsalReport r) {
        return new Candidate(label, r.reportVersion(), r.facts());
    }

    private Sweeps() {}
}
