package org.cnpgrehearsal.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.Sizes;

/**
 * The console view of the timeline: the phase running, a live progress line (rewritten in place on a terminal, every
 * ten seconds otherwise), and one line per finished phase.
 */
public final class ConsoleProgress implements Timeline.Listener {
    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private long lastPrinted;
    private boolean inPlace;

    public ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void started(String phase) {
        lastPrinted = System.currentTimeMillis();
        if (terminal) {
            out.print("\r\033[K  .. " + phase);
            inPlace = true;
        }
    }

    @Override
    public synchronized void progress(String phase, String text) {
        long now = System.currentTimeMillis();
        if (terminal) {
            out.print("\r\033[K  .. " + phase + ": " + text);
            inPlace = true;
        } else if (now - lastPrinted >= 10_000) {
            out.println("  .. " + phase + ": " + text);
            lastPrinted = now;
        }
    }

    @Override
    public synchronized void ended(PhaseRecord p) {
        if (inPlace) {
            out.print("\r\033[K");
            inPlace = false;
        }
        // a phase that found problems (a preflight no-go, failed checks) is never shown as ok
        String mark = switch (p.status()) {
            case SUCCEEDED -> "ok  ";
            case FOUND_PROBLEMS, FAILED -> "FAIL";
            case SKIPPED -> "skip";
        };
        out.printf(
                Locale.ROOT,
                "  %s %-18s %8.1f s%s%n",
                mark,
                p.name(),
                p.durationMs() / 1000.0,
                (p.bytes() == null ? "" : "  " + Sizes.human(p.bytes()))
                        + (p.detail() == null ? "" : "  " + p.detail()));
    }
}
