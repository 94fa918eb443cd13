package org.cnpgrehearsal.timeline;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The single timeline of a rehearsal: every phase is timed here and nowhere else. The report, the estimate and
 * the console all read it.
 */
public final class Timeline {

    /** Runs inside a phase. */
    @FunctionalInterface
    public interface PhaseBody<T> {
        T run(PhaseHandle handle) throws Exception;
    }

    /** Told when phases start, report progress and end. */
    public interface Listener {
        default void started(String phase) {}

        default void progress(String phase, String text) {}

        default void ended(PhaseRecord phase) {}
    }

    private final Clock clock;
    private final List<PhaseRecord> phases = new CopyOnWriteArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public Timeline() {
        this(Clock.systemUTC());
    }

    public Timeline(Clock clock) {
        this.clock = clock;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Runs {@code body} as the phase {@code name}: it is recorded as failed when the body throws, and the exception goes on. */
    public <T> T phase(String name, PhaseBody<T> body) throws Exception {
        Instant start = clock.instant();
        listeners.forEach(l -> l.started(name));
        Handle handle = new Handle(name);
        try {
            T result = body.run(handle);
            add(new PhaseRecord(name, start, clock.instant(), handle.status, handle.bytes, handle.detail));
            return result;
        } catch (Exception | Error e) {
            add(new PhaseRecord(name, start, clock.instant(), PhaseStatus.FAILED, handle.bytes, handle.detail));
            throw e;
        }
    }

    /** Live progress of a phase that is measured elsewhere (for example an operator's import being watched). */
    public void progress(String phase, String text) {
        listeners.forEach(l -> l.progress(phase, text));
    }

    /** Records a phase measured elsewhere (for example from an operator's log lines). */
    public void add(PhaseRecord phase) {
        phases.add(phase);
        listeners.forEach(l -> l.ended(phase));
    }

    public List<PhaseRecord> phases() {
        return List.copyOf(phases);
    }

    public Optional<PhaseRecord> find(String name) {
        return phases.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Total wall time of the given phases that are on the timeline. */
    public long durationMs(List<String> names) {
        List<PhaseRecord> matching = new ArrayList<>();
        for (PhaseRecord p : phases) {
            if (names.contains(p.name())) {
                matching.add(p);
            }
        }
        return matching.stream().mapToLong(PhaseRecord::durationMs).sum();
    }

    private final class Handle implements PhaseHandle {
        private final String name;
        private volatile Long bytes;
        private volatile String detail;
        private volatile PhaseStatus status = PhaseStatus.SUCCEEDED;

        Handle(String name) {
            this.name = name;
        }

        @Override
        public void bytes(long value) {
            bytes = value;
        }

        @Override
        public void detail(String value) {
            detail = value;
        }

        @Override
        public void foundProblems(String value) {
            status = PhaseStatus.FOUND_PROBLEMS;
            detail = value;
        }

        @Override
        public void skipped(String value) {
            status = PhaseStatus.SKIPPED;
            detail = value;
        }

        @Override
        public void progress(String text) {
            listeners.forEach(l -> l.progress(name, text));
        }
    }
}
