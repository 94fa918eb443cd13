package org.cnpgrehearsal.timeline;

/** What a running phase can tell the timeline: the bytes it handled, a detail line, its live progress. */
public interface PhaseHandle {
    void bytes(long bytes);

    void detail(String detail);

    /**
     * The phase ran through but found problems (a no-go, failed checks): it ends as
     * {@link PhaseStatus#FOUND_PROBLEMS} with this detail, never as ok.
     */
    default void foundProblems(String detail) {
        detail(detail);
    }

    /** The phase could not do its work here (for example a measurement a platform cannot make): it ends as skipped. */
    default void skipped(String detail) {
        detail(detail);
    }

    /** A short live progress text (for example "dump 120 MB"), shown on the console while the phase runs. */
    void progress(String text);
}
