package org.cnpgrehearsal.timeline;

/** What a running phase can tell the timeline: the bytes it handled, a detail line, its live progress. */
public interface PhaseHandle {
    void bytes(long bytes);

    void detail(String detail);

    /** A short live progress text (for example "dump 120 MB"), shown on the console while the phase runs. */
    void progress(String text);
}
